from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from openiop.accounts import policy

View = Callable[..., HttpResponse]


def staff_required(roles: frozenset[str] = policy.CLINICAL_ROLES) -> Callable[[View], View]:
    """Logged in (else the login page) and holding one of ``roles`` at some site (else 403)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not policy.sites_with(request.user, roles):
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
