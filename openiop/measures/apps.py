from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "openiop.measures"
    label = "measures"

    def ready(self) -> None:
        from openiop.measures import panels

        panels.register_all()
