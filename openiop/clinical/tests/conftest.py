"""Fixtures for the clinical tests: a group session at site A facilitated by Alice, and helpers."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import Cast, make_client
from openiop.accounts.models import User
from openiop.clients.models import Client, Episode
from openiop.clinical.models import Note, NoteStatus, Objective, TreatmentPlan
from openiop.program.models import GroupSession, SessionEnrollment, Track

UTC = dt.UTC
# Monday 16 Nov 2026, 17:00–18:30 UTC = 9:00–10:30 in Los Angeles (site A).
MONDAY = dt.datetime(2026, 11, 16, 17, 0, tzinfo=UTC)


def track_for(cast: Cast) -> Track:
    return Track.objects.get_or_create(site=cast.site_a, name="Adult mornings")[0]


def make_session(
    cast: Cast,
    *,
    starts_at: dt.datetime = MONDAY,
    minutes: int = 90,
    facilitators: Iterable[User] | None = None,
    clients: Iterable[Client] = (),
    capacity: int = 12,
) -> GroupSession:
    session = GroupSession.objects.create(
        site=cast.site_a,
        track=track_for(cast),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
        capacity=capacity,
    )
    session.facilitators.set(list(facilitators) if facilitators is not None else [cast.alice])
    for client in clients:
        SessionEnrollment.objects.create(session=session, client=client, source="plan")
    return session


def make_clients(cast: Cast, count: int, clinician: User | None = None) -> list[Client]:
    names = [
        "Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gil", "Hana", "Ike", "Jo", "Kai", "Lu",
        "Max", "Nia", "Oto", "Pia", "Quin", "Rae", "Sol", "Tia",
    ]  # fmt: skip
    clients = []
    for i in range(count):
        first = names[i % len(names)] + ("" if i < len(names) else str(i))
        client = make_client(cast.site_a, first, f"Member{i:03d}", clinician or cast.alice)
        clients.append(client)
    return clients


def active_plan(cast: Cast) -> TreatmentPlan:
    """Erin's signed, active treatment plan, written directly (tests that need one to exist)."""
    now = timezone.now()
    return TreatmentPlan.objects.create(
        client=cast.erin,
        site=cast.site_a,
        created_by=cast.alice,
        effective_on=dt.date(2026, 11, 2),
        status="active",
        clinician_signed_by=cast.alice,
        clinician_signed_at=now,
        client_signature="Erin Castillo",
        client_signed_at=now,
    )


def draft_note(cast: Cast, *, author: User | None = None, client: Client | None = None) -> Note:
    return Note.objects.create(
        site=cast.site_a,
        client=client or cast.erin,
        author=author or cast.alice,
        kind="individual",
        format="dap",
        starts_at=MONDAY,
        ends_at=MONDAY + dt.timedelta(minutes=50),
        service_code="90834",
        sections={"data": "", "assessment": "", "plan": ""},
    )


def signed_note(cast: Cast) -> Note:
    note = draft_note(cast)
    Note.objects.filter(pk=note.pk).update(status=NoteStatus.SIGNED, signed_at=MONDAY, signed_by=cast.alice)
    note.refresh_from_db()
    return note


@pytest.fixture
def session(cast: Cast) -> GroupSession:
    return make_session(cast, clients=[cast.erin, cast.frank])


def prescribe(client: Client, hours: int) -> None:
    Episode.objects.filter(client=client).update(prescribed_hours_per_week=Decimal(hours))


def plan_with_objectives(cast: Cast, client: Client, texts: Iterable[str]) -> list[Objective]:
    """An active, signed treatment plan for ``client`` with one problem and these open objectives."""
    from openiop.clinical.models import Problem

    now = timezone.now()
    plan = TreatmentPlan.objects.create(
        client=client,
        site=client.site,
        created_by=cast.alice,
        effective_on=dt.date(2026, 11, 2),
        status="active",
        clinician_signed_by=cast.alice,
        clinician_signed_at=now,
        client_signature=client.legal_first_name,
        client_signed_at=now,
    )
    problem = Problem.objects.create(plan=plan, dimension=5, statement="Relapse risk.", goal="Stay sober.")
    return [
        Objective.objects.create(problem=problem, text=text, target_date=dt.date(2027, 1, 15 + i))
        for i, text in enumerate(texts)
    ]
