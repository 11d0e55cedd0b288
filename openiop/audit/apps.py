from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "openiop.audit"
    label = "audit"

    def ready(self) -> None:
        from openiop.audit import signals

        signals.connect()
