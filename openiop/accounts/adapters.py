from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Nobody signs themself up: directors create staff accounts, intake creates client logins."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """allauth authenticates with ``email``; its login form posts ``login``."""
    value = (credentials or {}).get("email") or request.POST.get("login", "")
    return str(value).strip().lower()
