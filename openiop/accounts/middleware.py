from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
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


# Where a signed-in person who must still enrol a second factor may go: allauth's pages (enrolment,
# logout, password), the language switch, static files and the health check.
MFA_SETUP_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/")
# ... except the app's own account pages (tokens, unlocks, second factors of others).
MFA_SETUP_EXCLUDED = ("/accounts/security/",)
ALWAYS_OPEN = ("/static/", "/healthz")


def session_passed_mfa(request: HttpRequest) -> bool:
    """Whether this session's login included a second factor (allauth records each step in the session)."""
    from allauth.account.authentication import get_authentication_records

    if not hasattr(request, "session"):
        return False
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def session_passed_required_mfa(request: HttpRequest) -> bool:
    """True unless MFA is enforced, the user needs it (``policy.needs_mfa``) and this session did not pass it."""
    if not settings.OPENIOP_ENFORCE_STAFF_MFA or not policy.needs_mfa(request.user):
        return True
    return session_passed_mfa(request)


def _refuse(request: HttpRequest, message: str, status: int, to: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return redirect(to)


class StaffMfaMiddleware:
    """Where staff MFA is enforced (production), every session of a staff member (or admin user) must
    have passed the second factor at login; without a TOTP device they must enrol first.

    A session without the MFA step (one opened before this rule, or by a path that skips allauth's
    MFA stage) is logged out and sent to the app's login. Bearer-token requests carry no session
    and are decided by ``accounts.api_auth``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.OPENIOP_ENFORCE_STAFF_MFA
            and request.user.is_authenticated
            and not request.path.startswith(ALWAYS_OPEN)
            and policy.needs_mfa(request.user)
            and not session_passed_mfa(request)
        ):
            from allauth.mfa.models import Authenticator

            if not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
                if request.path.startswith(MFA_SETUP_PREFIXES) and not request.path.startswith(MFA_SETUP_EXCLUDED):
                    return self.get_response(request)
                return _refuse(
                    request, "Set up two-factor authentication first (/accounts/2fa/).", 403, "mfa_activate_totp"
                )
            logout(request)
            return _refuse(
                request, "This session did not pass two-factor authentication: log in again.", 401, settings.LOGIN_URL
            )
        return self.get_response(request)
