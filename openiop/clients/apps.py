from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "openiop.clients"
    label = "clients"
