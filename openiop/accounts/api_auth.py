"""Bearer tokens for the JSON API (issue 11, finding 5).

A token is refused (401) once revoked, expired or its user deactivated; a live token without the
scope an API requires is refused with 403 (``BearerToken(scope=...)``). Tokens skip the session's
MFA and idle logoff by design: they are made by an operator (``openiop create_api_token``), expire
(``OPENIOP_API_TOKEN_DAYS``), are listed and revoked by their owner and a director, and can never
sign (``accounts.policy.token_may_perform``).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from openiop.accounts import policy
from openiop.accounts.models import ApiToken, hash_token

# Where the token that authenticated a request is kept on the request (read by token_scopes).
_TOKEN_ATTR = "openiop_api_token"  # noqa: S105 - an attribute name, not a secret


def live_token(raw: str) -> ApiToken | None:
    """The token with this value if it may still be used: not revoked, not expired, its user active."""
    return (
        ApiToken.objects.select_related("user")
        .filter(
            token_hash=hash_token(raw),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; ``scope`` (None: any live token) is required of the token."""

    def __init__(self, scope: str | None = policy.API_SCOPE) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = live_token(token)
        if found is None:
            return None
        scopes = frozenset(found.scopes or ())
        if self.scope is not None and self.scope not in scopes:
            raise PermissionDenied(f"This token does not carry the {self.scope!r} scope this API requires.")
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        setattr(request, _TOKEN_ATTR, found)
        request.user = found.user
        return found.user


def token_scopes(request: HttpRequest | None) -> frozenset[str] | None:
    """The scopes of the bearer token that authenticated ``request``; None when it was not a token
    (a session, or no authentication). A stable entry point: the FHIR app decides its SMART scopes
    ("system/*.read", "patient/*.read") from it."""
    token = getattr(request, _TOKEN_ATTR, None) if request is not None else None
    if not isinstance(token, ApiToken):
        return None
    return frozenset(token.scopes or ())
