"""A billable world at site A: a billing profile, a per-diem payer, Erin's coverage and
authorization, a signed diagnosis, and groups she attended with signed notes."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import Cast
from openiop.billing.models import Authorization, BillingProfile, Coverage, Payer
from openiop.clients.models import Client
from openiop.clinical.models import Attendance, GroupNote, Note
from openiop.program.models import GroupSession, SessionEnrollment, Track

# The week of Monday 2 Nov 2026 in Los Angeles; groups 9:00–12:00 local (17:00–20:00 UTC).
WEEK = dt.date(2026, 11, 2)
DAYS = (WEEK, WEEK + dt.timedelta(days=2), WEEK + dt.timedelta(days=4))


@dataclass
class World:
    profile: BillingProfile
    payer: Payer
    authorization: Authorization
    sessions: list[GroupSession]


def profile_for(cast: Cast) -> BillingProfile:
    return BillingProfile.objects.get_or_create(
        site=cast.site_a,
        defaults={
            "provider_name": "Pasadena IOP",
            "npi": "1234567893",
            "tax_id": "95-1234567",
            "address_line": "123 Main St",
            "city": "Pasadena",
            "state": "CA",
            "postal_code": "91101",
            "submitter_id": "OPENIOP",
            "receiver_id": "CLEARHOUSE",
            "receiver_name": "Clearinghouse",
            "contact_name": "Bill Biller",
            "contact_phone": "6265550100",
        },
    )[0]


def billable_client(cast: Cast, client: Client, payer: Payer, member: str) -> None:
    Client.objects.filter(pk=client.pk).update(
        address_line="1 Elm St", city="Pasadena", state="CA", postal_code="91103"
    )
    Coverage.objects.create(client=client, payer=payer, member_id=member, eligible_from=dt.date(2026, 1, 1))
    diagnose(cast, client, "F10.20")


def diagnose(cast: Cast, client: Client, code: str) -> None:
    from openiop.intake.models import Assessment, Diagnosis, Inquiry

    now = timezone.now()
    inquiry = Inquiry.objects.create(
        site=cast.site_a,
        status_changed_at=now,
        channel="phone",
        name=client.legal_name,
        phone="(626) 555-0100",
        created_by=cast.ivan,
    )
    assessment = Assessment.objects.create(
        site=cast.site_a, client=client, inquiry=inquiry, clinician=cast.alice, booked_by=cast.ivan, scheduled_at=now
    )
    Diagnosis.objects.create(assessment=assessment, code=code, rank=1)
    Assessment.objects.filter(pk=assessment.pk).update(
        status="signed", signed_by=cast.alice, signed_at=now, decided_level="2.1", recommended_level="2.1"
    )


def attended_group(
    cast: Cast, day: dt.date, clients: list[Client], *, minutes: int = 180, signed: bool = True
) -> GroupSession:
    track = Track.objects.get_or_create(site=cast.site_a, name="Adult mornings")[0]
    starts = dt.datetime.combine(day, dt.time(17, 0), tzinfo=dt.UTC)
    session = GroupSession.objects.create(
        site=cast.site_a, track=track, starts_at=starts, ends_at=starts + dt.timedelta(minutes=180)
    )
    session.facilitators.set([cast.alice])
    note = GroupNote.objects.create(session=session, site=cast.site_a, author=cast.alice)
    for client in clients:
        SessionEnrollment.objects.create(session=session, client=client, source="plan")
        Attendance.objects.create(
            session=session, client=client, site=cast.site_a, status="present", minutes=minutes, recorded_by=cast.alice
        )
        filed = Note.objects.create(
            site=cast.site_a,
            client=client,
            author=cast.alice,
            kind="group",
            format="dap",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            service_code="90853",
            group_note=note,
            sections={},
        )
        if signed:
            Note.objects.filter(pk=filed.pk).update(status="signed", signed_at=session.ends_at, signed_by=cast.alice)
    return session


@pytest.fixture
def world(cast: Cast) -> World:
    profile = profile_for(cast)
    payer = Payer.objects.create(site=cast.site_a, name="Blue Shield", payer_id="BS001", rate=Decimal("250.00"))
    billable_client(cast, cast.erin, payer, "W100")
    authorization = Authorization.objects.create(
        client=cast.erin,
        payer=payer,
        number="AUTH-100",
        units_authorized=4,
        start_date=WEEK,
        end_date=WEEK + dt.timedelta(days=27),
    )
    sessions = [attended_group(cast, day, [cast.erin]) for day in DAYS]
    return World(profile, payer, authorization, sessions)
