from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from openiop.accounts import policy

SESSION_EPOCH_KEY = "openiop_session_epoch"


class SessionEpochMiddleware:
    """Ends sessions started before the user's last "log out everywhere"."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and request.session.get(SESSION_EPOCH_KEY, 0) != user.session_epoch:
            logout(request)
            return redirect(settings.LOGIN_URL)
        return self.get_response(request)


MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")


class StaffMfaMiddleware:
    """Where staff MFA is enforced (production), a staff member without TOTP must set it up first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.OPENIOP_ENFORCE_STAFF_MFA
            and request.user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and policy.is_staff_member(request.user)
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
                return redirect("mfa_activate_totp")
        return self.get_response(request)
