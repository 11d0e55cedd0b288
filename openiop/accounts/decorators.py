from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from openiop.accounts import policy

View = Callable[..., HttpResponse]


def staff_required(
    roles: frozenset[str] | Callable[[Any], bool] = policy.CLINICAL_ROLES,
) -> Callable[[View], View]:
    """Logged in (else the login page) and holding one of ``roles`` at some site, or passing the
    named policy rule (``staff_required(policy.can_read_audit)``), else 403. Both come from
    ``accounts.policy``."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            allowed = roles(request.user) if callable(roles) else policy.sites_with(request.user, roles)
            if not allowed:
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def client_user_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy.is_client_user(request.user):
            raise PermissionDenied("This page is for clients.")
        return view(request, *args, **kwargs)

    return wrapped
