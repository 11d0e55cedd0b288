from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "openiop.scheduling"
    label = "scheduling"

    def ready(self) -> None:
        from openiop.scheduling import extensions

        extensions.register_all()
