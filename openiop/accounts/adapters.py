from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs themself up: directors create staff accounts, intake creates client logins."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
