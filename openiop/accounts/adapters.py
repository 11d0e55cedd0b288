from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Nobody signs themself up: directors create staff accounts, intake creates client logins."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's rate limits count the same (proxy-aware) address as the lockout and the audit trail."""
        from openiop.core.middleware import client_ip

        return client_ip(request) or super().get_client_ip(request)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        # A locked address answers "locked" for every wrong password, real name or not (accounts.lockout).
        from openiop.accounts.lockout import address_locked_for_unknown_names

        if not getattr(request, "axes_locked_out", False) and address_locked_for_unknown_names(request):
            request.axes_locked_out = True  # type: ignore[attr-defined]
        super().authentication_failed(request, **credentials)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """allauth authenticates with ``email``; its login form posts ``login``."""
    value = (credentials or {}).get("email") or request.POST.get("login", "")
    return str(value).strip().lower()
