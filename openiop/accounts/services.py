import secrets
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest

from openiop.accounts import policy
from openiop.accounts.models import ApiToken, Membership, Site, User, hash_token
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import audit_record, record_create, record_delete, save_and_record


def api_token_create(*, user: User, scopes: Sequence[str] = ()) -> str:
    """Create a bearer token and return it; only its hash is kept, so it is shown once. ``scopes``
    (e.g. "system/*.read" for the FHIR API) are stored as given; none: it acts as its user."""
    raw = "oiop_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, prefix=raw[:12], token_hash=hash_token(raw), scopes=list(dict.fromkeys(scopes))
        )
        record_create(actor=user, instance=token, channel="cli")
    return raw


def user_logout_everywhere(*, user: Actor) -> None:
    """Every session of the user (this one included) ends at its next request; API tokens are revoked."""
    from django.utils import timezone

    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(user=user, action="logout", object_type="user", object_id=user.pk, detail={"everywhere": True})


def _require_configure(actor: Actor, site_id: int) -> None:
    if not policy.can_configure_site(actor, site_id):
        raise PermissionDenied("Only the site's director may change its staff and their roles.")


def membership_create(*, actor: Actor, user: User, site: Site, role: str) -> Membership:
    """Give ``user`` a role at ``site`` (the site's director, or a superuser)."""
    _require_configure(actor, site.pk)
    membership = Membership(user=user, site=site, role=role)
    with transaction.atomic():
        save_and_record(actor=actor, instance=membership, before=None)
    return membership


def membership_update(
    *, actor: Actor, membership: Membership, site: Site | None = None, role: str | None = None
) -> Membership:
    """Change a membership's role or site; the actor configures both the old and the new site."""
    _require_configure(actor, membership.site_id)
    if site is not None:
        _require_configure(actor, site.pk)
    with transaction.atomic():
        before = snapshot(membership)
        if site is not None:
            membership.site = site
        if role is not None:
            membership.role = role
        save_and_record(actor=actor, instance=membership, before=before)
    return membership


def membership_delete(*, actor: Actor, membership: Membership) -> None:
    _require_configure(actor, membership.site_id)
    with transaction.atomic():
        record_delete(actor=actor, instance=membership)
        membership.delete()


def reauthenticate(*, user: Actor, password: str, code: str = "", request: HttpRequest | None = None) -> None:
    """A signature is a fresh act of the signer: their password (and TOTP code when enrolled), checked by login.

    The password goes through ``django.contrib.auth.authenticate`` and so through django-axes: a wrong
    password counts toward the login lockout, and a locked-out account cannot sign. ``request`` is the
    current request by default (the audit trail's); outside a request (CLI, direct service calls) a bare
    one stands in, so the attempt is still counted under the account.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import authenticate

    from openiop.core.middleware import current_request

    if request is None:
        request = current_request.get()
    if request is None:
        # A command or a direct service call: this machine is the address the lockout counts under.
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
    if not password:
        raise ValidationError({"password": "Enter your password to sign."})
    authenticated = authenticate(request, email=user.email, password=password)
    if getattr(request, "axes_locked_out", False):
        raise ValidationError(
            {"password": "Too many wrong passwords: this account is locked for now. Ask a director to unlock it."}
        )
    if authenticated is None or authenticated.pk != user.pk:
        raise ValidationError({"password": "The password is not correct."})
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None and not (code and TOTP(totp).validate_code(code.strip())):
        raise ValidationError({"code": "Enter the current code from your authenticator app."})
