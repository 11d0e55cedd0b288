from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "openiop.consents"
    label = "consents"

    def ready(self) -> None:
        from openiop.consents.records import BUILT_IN, register_record_kind

        for kind in BUILT_IN:
            register_record_kind(kind)
