"""Who is calling the FHIR API, and with which SMART scopes.

A bearer token is authenticated as ``accounts.api_auth.BearerToken`` does (active user, not
revoked, not expired); a staff or client browser session is accepted for reads too (the policy
decides what either sees). ``token_scopes`` is the one place that reads the token's scopes: when
``openiop.accounts.api_auth.token_scopes`` lands it replaces the body of that function.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from openiop.accounts.api_auth import live_token
from openiop.accounts.models import ApiToken, User
from openiop.accounts.types import Actor

# SMART App Launch v1 (``.read``) and v2 (``.r``/``.rs``) read scopes: context/type.permission.
_SCOPE = re.compile(r"^(patient|user|system)/(\*|[A-Z][A-Za-z]+)\.(read|r|rs|\*)$")


class UnauthenticatedError(Exception):
    """No credentials, or a token that is unknown, revoked or expired (401)."""


@dataclass(frozen=True)
class Caller:
    user: Actor
    token: ApiToken | None
    # None: every read its user may make (a session, or a token made without scopes).
    scopes: frozenset[str] | None

    @property
    def recipient(self) -> Any:
        """The recipient outside the program this token stands for, or None."""
        if self.token is None:
            return None
        from openiop.fhir.models import ExportRecipient

        return ExportRecipient.objects.select_related("provider").filter(token=self.token).first()

    def may_read(self, resource_type: str) -> bool:
        """Whether the scopes allow reading this type (the policy then decides which rows)."""
        if self.scopes is None:
            return True
        for scope in self.scopes:
            match = _SCOPE.match(scope)
            if match is None:
                continue
            context, kind, _ = match.groups()
            if kind not in ("*", resource_type):
                continue
            # A patient-context scope means the token's own patient record: a client's token.
            if context == "patient" and not _is_client_user(self.user):
                continue
            return True
        return False


def _is_client_user(user: Any) -> bool:
    from openiop.accounts import policy

    return policy.is_client_user(user)


def bearer_token(request: HttpRequest) -> ApiToken | None:
    """The token of ``Authorization: Bearer …``; raises UnauthenticatedError for a bad one, None without."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise UnauthenticatedError("The Authorization header must be 'Bearer <token>'.")
    token = live_token(raw.strip())
    if token is None:
        raise UnauthenticatedError("The bearer token is unknown, revoked or expired.")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    setattr(request, _TOKEN_ATTR, token)
    return token


# Where the token that authenticated a request is kept (the attribute accounts.api_auth uses too).
_TOKEN_ATTR = "openiop_api_token"  # noqa: S105 - an attribute name, not a secret


def token_scopes(request: HttpRequest) -> frozenset[str] | None:
    """The scopes of the bearer token that authenticated ``request`` (None: not a token). The same
    contract as ``openiop.accounts.api_auth.token_scopes``, which replaces this once it lands."""
    token = getattr(request, _TOKEN_ATTR, None)
    if not isinstance(token, ApiToken):
        return None
    return frozenset(str(s) for s in token.scopes or [] if isinstance(s, str))


def authenticate(request: HttpRequest, *, token_required: bool = False) -> Caller:
    token = bearer_token(request)
    if token is not None:
        request.user = token.user
        # A token made without any scope (before scopes existed) reads as its user.
        return Caller(user=token.user, token=token, scopes=token_scopes(request) or None)
    if token_required:
        raise UnauthenticatedError("This needs a bearer token.")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        raise UnauthenticatedError("This needs a bearer token (openiop create_api_token) or a signed-in session.")
    return Caller(user=user, token=None, scopes=None)
