"""Log-ins, second factors and log-outs in the trail: Django's auth signals (every entrance, the
admin's included) and allauth's MFA signals, each recorded through ``audit.services``."""

from typing import Any

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.http import HttpRequest

from openiop.audit.models import Action
from openiop.audit.services import record_failed_login, record_sign_in


def _logged_in(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if user is not None:
        record_sign_in(user=user, action=Action.LOGIN, request=_real(request))


def _logged_out(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if user is not None and getattr(user, "is_authenticated", False):
        record_sign_in(user=user, action=Action.LOGOUT, request=_real(request))


def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    username = credentials.get("username") or credentials.get("email") or ""
    record_failed_login(username=str(username), request=_real(request))


def _mfa_used(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if user is not None:
        detail = {"reauthenticated": bool(kwargs.get("reauthenticated", False))}
        record_sign_in(user=user, action=Action.MFA, request=_real(request), detail=detail)


def _mfa_failed(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    if user is not None:
        detail = {"reauthentication": bool(kwargs.get("reauthentication", False))}
        record_sign_in(user=user, action=Action.MFA_FAILED, request=_real(request), detail=detail)


def _real(request: HttpRequest | None) -> HttpRequest | None:
    """The request being served (the test client's force_login passes a bare one)."""
    return request if request is not None and hasattr(request, "request_id") else None


def connect() -> None:
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid="audit-logged-in")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="audit-logged-out")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    mfa_signals.authenticator_used.connect(_mfa_used, dispatch_uid="audit-mfa-used")
    mfa_signals.authentication_failed.connect(_mfa_failed, dispatch_uid="audit-mfa-failed")
