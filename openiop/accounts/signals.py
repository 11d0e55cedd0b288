from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from openiop.accounts.middleware import SESSION_EPOCH_KEY
from openiop.accounts.models import User


@receiver(user_logged_in)
def remember_session_epoch(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_EPOCH_KEY] = user.session_epoch


def _password_reset(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """A password reset (the mailbox proven) is the owner's own way out of a lockout."""
    from openiop.accounts.services import user_unlock

    user_unlock(actor=user, user=user, reason="password reset")


def connect() -> None:
    from allauth.account.signals import password_reset

    password_reset.connect(_password_reset, dispatch_uid="openiop_password_reset_unlocks")
