from django.apps import AppConfig


class ProgramConfig(AppConfig):
    name = "openiop.program"
    label = "program"
