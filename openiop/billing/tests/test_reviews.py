"""Authorizations and utilization reviews: scheduled from the authorization, the packet released
only under a consent covering the payer (an accounting entry), the outcome recorded."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Cast
from openiop.billing.models import Authorization, ReviewStatus, UtilizationReview
from openiop.billing.services.authorizations import (
    authorization_save,
    review_outcome_record,
    review_packet_send,
    review_schedule,
)
from openiop.billing.tests.conftest import WEEK, World
from openiop.consents.models import Disclosure
from openiop.consents.tests import factories
from openiop.core.concurrency import StaleVersion

pytestmark = pytest.mark.django_db


def _authorization(cast: Cast, world: World, **extra: object) -> Authorization:
    fields: dict[str, Any] = {
        "number": "AUTH-200",
        "units_authorized": 10,
        "start_date": WEEK,
        "end_date": WEEK + dt.timedelta(days=13),
        "codes": ["H0015"],
        **extra,
    }
    return authorization_save(actor=cast.bill, client=cast.erin, payer=world.payer, **fields)


def test_a_new_authorization_schedules_its_review_before_the_last_covered_day(cast: Cast, world: World) -> None:
    """ "the continued-stay request due 3–5 days before the last covered day" (default 4)."""
    authorization = _authorization(cast, world)
    review = UtilizationReview.objects.get(authorization=authorization)
    assert (review.due_on, review.status) == (WEEK + dt.timedelta(days=13 - 4), "scheduled")
    assert authorization.next_review_on == review.due_on


def test_rescheduling_moves_the_open_review_instead_of_adding_one(cast: Cast, world: World) -> None:
    authorization = _authorization(cast, world)
    review_schedule(actor=cast.bill, authorization=authorization, due_on=WEEK + dt.timedelta(days=7))
    assert list(UtilizationReview.objects.values_list("due_on", flat=True)) == [WEEK + dt.timedelta(days=7)]


def test_an_authorization_with_dates_out_of_order_is_refused(cast: Cast, world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        _authorization(cast, world, end_date=WEEK - dt.timedelta(days=1))
    assert "__all__" in refused.value.message_dict or "end_date" in refused.value.message_dict
    assert not Authorization.objects.filter(number="AUTH-200").exists()


def test_a_stale_edit_of_an_authorization_is_refused(cast: Cast, world: World) -> None:
    authorization = _authorization(cast, world)
    authorization_save(
        actor=cast.bill,
        client=cast.erin,
        payer=world.payer,
        authorization=authorization,
        version=1,
        units_authorized=12,
    )
    with pytest.raises(StaleVersion):
        authorization_save(
            actor=cast.dana,
            client=cast.erin,
            payer=world.payer,
            authorization=authorization,
            version=1,
            units_authorized=8,
        )
    authorization.refresh_from_db()
    assert authorization.units_authorized == 12


def test_the_packet_goes_out_under_the_payer_consent_with_an_accounting_entry(cast: Cast, world: World) -> None:
    consent = factories.erin_documents(cast)["tpo"]
    review = UtilizationReview.objects.get(authorization=_authorization(cast, world))
    sent = review_packet_send(actor=cast.bill, review=review, consent=consent, recipient="Blue Shield of California")
    disclosure = Disclosure.objects.get()
    assert (sent.status, sent.disclosure_id) == (ReviewStatus.SUBMITTED, disclosure.pk)
    assert (disclosure.purpose, disclosure.records, disclosure.disclosed_by) == (
        "payment",
        ["utilization_review"],
        cast.bill,
    )
    assert "Utilization review" in disclosure.content_html
    with pytest.raises(ValidationError, match="sent already"):
        review_packet_send(actor=cast.bill, review=review, consent=consent, recipient="Blue Shield of California")


def test_no_packet_without_a_consent_covering_the_payer(cast: Cast, world: World) -> None:
    documents = factories.erin_documents(cast)
    review = UtilizationReview.objects.get(authorization=_authorization(cast, world))
    with pytest.raises(ValidationError):
        review_packet_send(actor=cast.bill, review=review, consent=documents["release"], recipient="Blue Shield")
    assert Disclosure.objects.count() == 0
    assert UtilizationReview.objects.get(pk=review.pk).status == "scheduled"


def test_an_approval_adds_units_and_days_and_schedules_the_next_review(cast: Cast, world: World) -> None:
    authorization = _authorization(cast, world)
    review = UtilizationReview.objects.get(authorization=authorization)
    through = WEEK + dt.timedelta(days=27)
    review_outcome_record(
        actor=cast.bill, review=review, status="approved", approved_units=8, approved_through=through, version=1
    )
    authorization.refresh_from_db()
    assert (authorization.units_authorized, authorization.end_date) == (18, through)
    assert list(UtilizationReview.objects.order_by("pk").values_list("status", "due_on")) == [
        ("approved", WEEK + dt.timedelta(days=9)),
        ("scheduled", through - dt.timedelta(days=4)),
    ]


def test_an_approval_needs_units_and_a_last_day(cast: Cast, world: World) -> None:
    review = UtilizationReview.objects.get(authorization=_authorization(cast, world))
    with pytest.raises(ValidationError) as refused:
        review_outcome_record(actor=cast.bill, review=review, status="approved")
    assert "approved_units" in refused.value.message_dict


@pytest.mark.parametrize("who", ["alice", "ivan", "carol", "ava"])
def test_only_billing_and_the_director_touch_authorizations(cast: Cast, world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        authorization_save(
            actor=getattr(cast, who),
            client=cast.erin,
            payer=world.payer,
            number="X",
            units_authorized=1,
            start_date=WEEK,
            end_date=WEEK,
        )
