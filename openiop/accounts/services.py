import contextlib
import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import ApiToken, Membership, Site, User, hash_token
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import audit_record, record_change, record_create, record_delete, save_and_record

MAX_TOKEN_DAYS = 3650


def api_token_create(
    *,
    user: User,
    actor: Actor | None = None,
    scopes: Iterable[str] | None = None,
    days: int | None = None,
    label: str = "",
    channel: str = "cli",
) -> str:
    """Create a bearer token and return it; only its hash is kept, so it is shown once.

    ``scopes`` defaults to ``["api"]`` (the JSON API as ``user``); ``days`` to
    ``OPENIOP_API_TOKEN_DAYS``. ``actor`` (who made it) defaults to the user."""
    chosen = sorted(set(scopes if scopes is not None else [policy.API_SCOPE]))
    bad = [scope for scope in chosen if not policy.is_valid_scope(scope)]
    if not chosen or bad:
        raise ValidationError(
            {
                "scope": f"Unknown scope {bad[0]!r}: use api or a SMART scope such as system/*.read."
                if bad
                else "Give the token at least one scope (api for the JSON API)."
            }
        )
    lifetime = settings.OPENIOP_API_TOKEN_DAYS if days is None else days
    if not 1 <= lifetime <= MAX_TOKEN_DAYS:
        raise ValidationError({"days": f"A token lives between 1 and {MAX_TOKEN_DAYS} days, not {lifetime}."})
    raw = "oiop_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        prefix=raw[:12],
        token_hash=hash_token(raw),
        scopes=chosen,
        label=label,
        expires_at=timezone.now() + dt.timedelta(days=lifetime),
    )
    token.full_clean()
    with transaction.atomic():
        token.save()
        record_create(actor=actor or user, instance=token, channel=channel)
    return raw


def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """End a token now (its owner, a director of a site where the owner works, or a superuser)."""
    if not policy.can_manage_tokens(actor, token.user):
        raise PermissionDenied("Only the token's owner or their site's director may revoke it.")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            before = snapshot(token)
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at", "updated_at"])
            record_change(actor=actor, instance=token, before=before, detail={"revoked": True})
    return token


def user_logout_everywhere(*, user: Actor) -> None:
    """Every session of the user (this one included) ends at its next request; API tokens and the
    user's own (staff) calendar feeds are revoked. A client's calendar link belongs to their record
    and is revoked by staff on the client's page."""
    from openiop.scheduling.models import CalendarFeed
    from openiop.scheduling.services import calendar_feed_revoke

    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        for feed in CalendarFeed.objects.filter(user=user, revoked_at__isnull=True):
            calendar_feed_revoke(actor=user, feed=feed)
        audit_record(user=user, action="logout", object_type="user", object_id=user.pk, detail={"everywhere": True})


def mfa_authenticator_delete(*, actor: Actor, authenticator: Any) -> list[str]:
    """Remove a second factor (TOTP, recovery codes) of its owner: the owner themself, a director
    of a site where the owner works, or a superuser. Recovery codes left without a TOTP device go
    too (as allauth does). Each removal is an audit event; returns the types removed."""
    from allauth.mfa.models import Authenticator

    owner = authenticator.user
    if not policy.can_remove_mfa(actor, owner):
        raise PermissionDenied("Only the owner or their site's director may remove a second factor.")
    removed = []
    with transaction.atomic():
        doomed = [authenticator]
        others = Authenticator.objects.filter(user=owner).exclude(pk=authenticator.pk)
        if not others.exclude(type=Authenticator.Type.RECOVERY_CODES).exists():
            doomed += list(others.filter(type=Authenticator.Type.RECOVERY_CODES))
        for row in doomed:
            record_delete(actor=actor, instance=row, object_type="mfa_authenticator", detail={"owner": owner.pk})
            removed.append(str(row.type))
            row.delete()
    return removed


def _clear_allauth_login_limit(email: str) -> None:
    """allauth also counts failed logins per login name (keyed by host and name); clear it for every
    host the app answers to, as allauth does itself after a password reset."""
    from allauth.core.internal import ratelimit
    from django.core.exceptions import DisallowedHost

    from openiop.core.middleware import current_request

    request = current_request.get() or HttpRequest()
    hosts = {h for h in settings.ALLOWED_HOSTS if not h.startswith((".", "*"))}
    with contextlib.suppress(DisallowedHost, KeyError):
        hosts.add(request.get_host())
    for host in hosts:
        ratelimit.clear(request, app="allauth.account", action="login_failed", key=f"{host}:{email}")


def user_unlock(*, actor: Actor, user: User, reason: str = "director") -> int:
    """Clear the login lockout of ``user`` (a director of a site where they work or are a client, or
    a superuser); returns how many failure records were cleared. ``reason="password reset"`` is the
    user's own way out (allauth's reset proves the mailbox) and needs no director."""
    from axes.utils import reset

    if reason != "password reset" and not policy.can_unlock_login(actor, user):
        raise PermissionDenied("Only a director of the person's site may unlock their login.")
    with transaction.atomic():
        cleared = int(reset(username=user.email.lower()) or 0)
        _clear_allauth_login_limit(user.email.lower())
        record_change(
            actor=actor,
            instance=user,
            before=snapshot(user),
            detail={"unlocked": True, "reason": reason, "failures_cleared": cleared},
        )
    return cleared


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

    from openiop.accounts.api_auth import token_scopes
    from openiop.core.middleware import current_request

    if request is None:
        request = current_request.get()
    scopes = token_scopes(request)
    if scopes is not None and not policy.token_may_perform(scopes, "sign"):
        raise PermissionDenied("Signing needs a person logged in (password and code), not an API token.")
    if request is None:
        # A command or a direct service call: this machine is the address the lockout counts under.
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
    if not password:
        raise ValidationError({"password": "Enter your password to sign."})
    authenticated = authenticate(request, email=user.email, password=password)
    if getattr(request, "axes_locked_out", False):
        # The signer sees this message on the signing form (or a 422 in the API), not axes' login page.
        request.axes_locked_out = False  # type: ignore[attr-defined]
        raise ValidationError(
            {"password": "Too many wrong passwords: this account is locked for now. Ask a director to unlock it."}
        )
    if authenticated is None or authenticated.pk != user.pk:
        raise ValidationError({"password": "The password is not correct."})
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None and not (code and TOTP(totp).validate_code(code.strip())):
        raise ValidationError({"code": "Enter the current code from your authenticator app."})
