from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "openiop.program"
    label = "program"

    def ready(self) -> None:
        from openiop.program import extensions

        extensions.register_all()
