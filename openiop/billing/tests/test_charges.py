"""Charges from attendance: the billable-day core applied to the database, once per day."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.billing.models import Authorization, Charge, ChargeStatus, HeldDay
from openiop.billing.services.charges import charges_compute
from openiop.billing.tests.conftest import DAYS, WEEK, World, attended_group
from openiop.clinical.models import Attendance
from openiop.core.tests.threads import at_once

pytestmark = pytest.mark.django_db


def test_a_week_of_signed_groups_becomes_three_per_diem_charges(cast: Cast, world: World) -> None:
    run = charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK + dt.timedelta(days=3))
    assert (run.week_start, run.clients, run.charges, run.held) == (WEEK, 1, 3, 0)
    charges = list(Charge.objects.order_by("day"))
    assert [(c.day, c.code, c.units, c.amount, c.authorization_id) for c in charges] == [
        (day, "H0015", 1, Decimal("250.00"), world.authorization.pk) for day in DAYS
    ]
    assert AuditEvent.objects.filter(object_type="charge", action="create").count() == 3


def test_recomputing_a_week_creates_nothing_twice(cast: Cast, world: World) -> None:
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    charges_compute(actor=cast.dana, site=cast.site_a, week_start=WEEK)
    assert Charge.objects.count() == 3


def test_claimed_charges_survive_a_recompute_and_keep_their_units(cast: Cast, world: World) -> None:
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    Charge.objects.filter(day=DAYS[0]).update(status=ChargeStatus.CLAIMED)
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    assert sorted(Charge.objects.values_list("day", "status")) == [
        (DAYS[0], "claimed"),
        (DAYS[1], "unbilled"),
        (DAYS[2], "unbilled"),
    ]


def test_an_early_departure_holds_the_day_and_then_the_week(cast: Cast, world: World) -> None:
    Attendance.objects.filter(session=world.sessions[1]).update(status="left_early", minutes=150)
    run = charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    assert run.charges == 0
    assert dict(HeldDay.objects.values_list("day", "reason")) == {
        DAYS[0]: "week_below_minimum_days",
        DAYS[1]: "below_day_minimum",
        DAYS[2]: "week_below_minimum_days",
    }


def test_a_day_with_an_unsigned_note_is_held_for_the_note(cast: Cast, world: World) -> None:
    attended_group(cast, WEEK + dt.timedelta(days=1), [cast.erin], signed=False)
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    assert dict(HeldDay.objects.values_list("day", "reason")) == {WEEK + dt.timedelta(days=1): "unsigned_documentation"}
    assert Charge.objects.count() == 3


def test_the_authorization_runs_out_and_the_day_is_held(cast: Cast, world: World) -> None:
    Authorization.objects.filter(pk=world.authorization.pk).update(units_authorized=2)
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    assert sorted(Charge.objects.values_list("day", flat=True)) == list(DAYS[:2])
    assert dict(HeldDay.objects.values_list("day", "reason")) == {DAYS[2]: "authorization_exhausted"}


def test_a_day_outside_every_authorization_is_held(cast: Cast, world: World) -> None:
    Authorization.objects.filter(pk=world.authorization.pk).update(start_date=DAYS[1])
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    assert dict(HeldDay.objects.values_list("day", "reason")) == {DAYS[0]: "no_authorization"}


@pytest.mark.parametrize("who", ["alice", "ivan", "mel", "ava", "carol"])
def test_only_billing_and_the_director_compute_charges(cast: Cast, world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        charges_compute(actor=getattr(cast, who), site=cast.site_a, week_start=WEEK)
    assert Charge.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_people_computing_the_same_week_at_once_charge_each_day_once(cast: Cast, world: World) -> None:
    at_once(
        lambda: charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK),
        lambda: charges_compute(actor=cast.dana, site=cast.site_a, week_start=WEEK),
    )
    assert sorted(Charge.objects.values_list("day", flat=True)) == list(DAYS)
