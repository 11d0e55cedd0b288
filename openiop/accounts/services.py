import secrets
from typing import Any

from django.db import transaction
from django.db.models import F

from openiop.accounts.models import ApiToken, Membership, Site, User, hash_token
from openiop.audit.services import audit_record


def api_token_create(*, user: User) -> str:
    """Create a bearer token and return it; only its hash is kept, so it is shown once."""
    raw = "oiop_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, prefix=raw[:12], token_hash=hash_token(raw))
        audit_record(user=user, action="create", object_type="api_token", object_id=token.pk, channel="cli")
    return raw


def user_logout_everywhere(*, user: Any) -> None:
    """Every session of the user (this one included) ends at its next request; API tokens are revoked."""
    from django.utils import timezone

    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(user=user, action="logout", object_type="user", object_id=user.pk, detail={"everywhere": True})


def staff_user_create(*, email: str, full_name: str, password: str, memberships: list[tuple[Site, str]]) -> User:
    with transaction.atomic():
        user = User.objects.create_user(email, password, full_name=full_name)
        for site, role in memberships:
            membership = Membership(user=user, site=site, role=role)
            membership.full_clean()
            membership.save()
    return user
