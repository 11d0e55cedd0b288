from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "openiop.accounts"
    label = "accounts"

    def ready(self) -> None:
        from openiop.accounts import signals

        signals.connect()
