"""Secret iCalendar feed URLs for clients and staff."""

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import Site, User, hash_token
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change, record_create
from openiop.clients.models import Client
from openiop.scheduling.models import (
    CalendarFeed,
)
from openiop.scheduling.services.base import _require_change


def _new_feed(*, actor: Actor, site: Site, client: Client | None, user: User | None) -> tuple[CalendarFeed, str]:
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        site=site, client=client, user=user, token_hash=hash_token(token), prefix=token[:8], created_by=actor
    )
    feed.full_clean()
    feed.save()
    return feed, token


def calendar_feed_create_for_client(*, actor: Actor, client: Client) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for the client (earlier ones are revoked); the token is shown once."""
    _require_change(actor, client)
    with transaction.atomic():
        _revoke(CalendarFeed.objects.filter(client=client, revoked_at__isnull=True))
        feed, token = _new_feed(actor=actor, site=client.site, client=client, user=None)
        record_create(actor=actor, instance=feed)
    return feed, token


def calendar_feed_create_for_staff(*, actor: Actor, site: Site) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for the actor's own groups and individual sessions."""
    if site.pk not in policy.sites_with(actor, policy.CLINICAL_ROLES):
        raise PermissionDenied("You do not work at this site.")
    with transaction.atomic():
        _revoke(CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True))
        feed, token = _new_feed(actor=actor, site=site, client=None, user=actor)
        record_create(actor=actor, instance=feed, object_type="calendarfeed", site_id=site.pk)
    return feed, token


def _revoke(feeds: Any) -> int:
    return int(feeds.update(revoked_at=timezone.now()))


def calendar_feed_revoke(*, actor: Actor, feed: CalendarFeed) -> None:
    if feed.client_id is not None:
        _require_change(actor, feed.client)  # type: ignore[arg-type]
    elif feed.user_id != actor.pk:
        raise PermissionDenied("Only the owner may revoke this feed.")
    with transaction.atomic():
        before = snapshot(feed)
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
        record_change(actor=actor, instance=feed, before=before, object_type="calendarfeed", detail={"revoked": True})
