"""Log-ins, second factors and log-outs in the trail: Django's auth signals (every entrance, the
admin's included) and allauth's MFA signals, each recorded through ``audit.services``.

Only what happens while the server serves a request is recorded (the request passed through
``RequestIdMiddleware``): the test client's ``force_login``/``logout`` helpers build a bare request
outside any served one, and are not entrances anyone can use."""

from typing import Any

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.http import HttpRequest

from openiop.audit.models import Action
from openiop.audit.services import record_failed_login, record_sign_in
from openiop.core.middleware import current_request


def _logged_in(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    served = _served(request)
    if user is not None and served is not None:
        record_sign_in(user=user, action=Action.LOGIN, request=served)


def _logged_out(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    served = _served(request)
    if user is not None and getattr(user, "is_authenticated", False) and served is not None:
        record_sign_in(user=user, action=Action.LOGOUT, request=served)


def _login_failed(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    served = _served(request)
    if served is not None:
        username = credentials.get("username") or credentials.get("email") or ""
        record_failed_login(username=str(username), request=served)


def _mfa_used(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    served = _served(request)
    if user is not None and served is not None:
        detail = {"reauthenticated": bool(kwargs.get("reauthenticated", False))}
        record_sign_in(user=user, action=Action.MFA, request=served, detail=detail)


def _mfa_failed(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    served = _served(request)
    if user is not None and served is not None:
        detail = {"reauthentication": bool(kwargs.get("reauthentication", False))}
        record_sign_in(user=user, action=Action.MFA_FAILED, request=served, detail=detail)


def _served(request: HttpRequest | None) -> HttpRequest | None:
    """The request the server is serving, or None outside one."""
    if request is not None and hasattr(request, "request_id"):
        return request
    return current_request.get()


def connect() -> None:
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid="audit-logged-in")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="audit-logged-out")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid="audit-login-failed")
    mfa_signals.authenticator_used.connect(_mfa_used, dispatch_uid="audit-mfa-used")
    mfa_signals.authentication_failed.connect(_mfa_failed, dispatch_uid="audit-mfa-failed")
