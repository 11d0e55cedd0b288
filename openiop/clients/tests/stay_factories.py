"""Stay data for the shared cast (episodes, contacts, a family note, follow-ups), cached on the cast."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conftest import Cast
from openiop.clients.models import DischargeSummary, Episode, SupportContact


def _cache(cast: Cast) -> dict[str, Any]:
    cache: dict[str, Any] = cast.__dict__.setdefault("_stay", {})
    return cache


def erin_episode(cast: Cast) -> Episode:
    """Erin's episode from the cast (active until a test discharges it)."""
    return Episode.objects.filter(client=cast.erin).order_by("pk").first()  # type: ignore[return-value]


def contact(cast: Cast) -> SupportContact:
    cache = _cache(cast)
    if "contact" not in cache:
        cache["contact"] = SupportContact.objects.create(
            client=cast.erin, name="Jo Castillo", relationship="mother", phone="(310) 555-0111", may_be_involved=True
        )
    return cache["contact"]  # type: ignore[no-any-return]


def family_note(cast: Cast) -> Any:
    from openiop.clinical.models import Note

    cache = _cache(cast)
    if "note" not in cache:
        start = timezone.now() - dt.timedelta(days=1)
        cache["note"] = Note.objects.create(
            site=cast.site_a,
            client=cast.erin,
            author=cast.alice,
            kind="family",
            format="dap",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=50),
        )
    return cache["note"]


def past_episode(cast: Cast, client: Any = None) -> Episode:
    """A discharged episode (Nora's by default: she has no other episode, so she can be readmitted)."""
    client = client or cast.nora
    key = f"past-{client.pk}"
    cache = _cache(cast)
    if key not in cache:
        cache[key] = Episode.objects.create(
            client=client,
            site=client.site,
            admission_date=dt.date(2026, 7, 6),
            primary_clinician=cast.alice,
            prescribed_hours_per_week=Decimal(12),
            status="discharged",
            discharge_date=dt.date(2026, 10, 2),
            discharge_teds_reason=1,
        )
    return cache[key]  # type: ignore[no-any-return]


def signed_summary(cast: Cast) -> DischargeSummary:
    cache = _cache(cast)
    if "summary" not in cache:
        episode = past_episode(cast, cast.erin)
        cache["summary"] = DischargeSummary.objects.create(
            episode=episode,
            presenting_problem="Alcohol use",
            course="Attended 12 weeks",
            condition="Stable",
            recommendations="Weekly OP, AA",
            author=cast.alice,
            signed_by=cast.alice,
            signed_at=timezone.now(),
            content_sha256="0" * 64,
        )
    return cache["summary"]  # type: ignore[no-any-return]


def followup(cast: Cast) -> Any:
    from openiop.aftercare.models import FollowUp

    cache = _cache(cast)
    if "followup" not in cache:
        episode = past_episode(cast)
        cache["followup"] = FollowUp.objects.create(
            episode=episode,
            client=episode.client,
            site=episode.site,
            assigned_to=cast.alice,
            days_after_discharge=30,
            due_date=dt.date(2026, 11, 1),
        )
    return cache["followup"]
