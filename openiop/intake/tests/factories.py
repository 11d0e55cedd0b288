"""Intake records for tests, made through the services (shared by the fixtures and the access table)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from conftest import PASSWORD, Cast
from openiop.intake import services
from openiop.intake.demo import CSSRS_NONE, ciwa, ratings
from openiop.intake.models import Assessment, Inquiry, Screening
from openiop.intake.recommendation import recommend_from, stored_inputs

__all__ = ["CSSRS_NONE", "ciwa", "ratings"]

CSSRS_HIGH: list[int | None] = [1, 1, 1, 1, 0, 0, None]  # intent without a plan
CSSRS_MODERATE: list[int | None] = [1, 1, 1, 0, 0, 0, None]  # thoughts with a method
NEGATIVE_SCREEN: dict[str, list[int | None] | None] = {
    "cssrs-screen": CSSRS_NONE,
    "phq2": [0, 1],
    "auditc": [2, 1, 0],
    "dast10": [0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
    "scoff": [0, 0, 0, 0, 0],
}


def inquiry(cast: Cast, **fields: Any) -> Inquiry:
    defaults: dict[str, Any] = {
        "name": "Quinn Sample",
        "phone": "(213) 555-0101",
        "consent_to_contact": True,
        "concerns": ["alcohol"],
    }
    defaults.update(fields)
    return services.inquiry_create(actor=cast.ivan, site=cast.site_a, channel="phone", **defaults)


def web_inquiry(cast: Cast, **fields: Any) -> Inquiry:
    defaults: dict[str, Any] = {"name": "Robin Web", "phone": "(213) 555-0102", "consent_to_contact": True}
    defaults.update(fields)
    return services.inquiry_create(actor=None, site=cast.site_a, channel="web", **defaults)


def screen(cast: Cast, target: Inquiry, **overrides: Any) -> Screening:
    params: dict[str, Any] = {
        "answers": dict(NEGATIVE_SCREEN),
        "disposition": "book_assessment",
        "sex_for_scoring": "female",
        "available_hours_per_week": Decimal(12),
    }
    params.update(overrides)
    return services.screening_create(actor=cast.ivan, inquiry=target, **params)


def convert(cast: Cast, target: Inquiry) -> Inquiry:
    services.inquiry_convert(
        actor=cast.ivan,
        inquiry=target,
        legal_first_name=target.name.split()[0],
        legal_last_name=target.name.split()[-1],
        date_of_birth=dt.date(1991, 3, 4),
        sex_assigned_at_birth="female",
    )
    return target


def booked(cast: Cast, **fields: Any) -> Assessment:
    """A screened inquiry, made a client, with an assessment booked with Alice tomorrow."""
    target = inquiry(cast, **fields)
    screen(cast, target)
    convert(cast, target)
    return services.assessment_book(
        actor=cast.ivan,
        inquiry=target,
        clinician=cast.alice,
        scheduled_at=timezone.now() + dt.timedelta(days=1),
    )


def completed(cast: Cast, *, ciwa_total: int = 6, **rating_overrides: int) -> Assessment:
    assessment = booked(cast)
    services.assessment_update(
        actor=cast.alice,
        assessment=assessment,
        fields={
            "presenting_problem": "Drinking every day since a job loss.",
            **ratings(**{"d3": 2, **rating_overrides}),
        },
        instruments={"ciwa-ar": ciwa(ciwa_total)},
    )
    return assessment


def signed(cast: Cast, *, decided: str | None = None, reason: str = "", ciwa_total: int = 6, **kw: int) -> Assessment:
    assessment = completed(cast, ciwa_total=ciwa_total, **kw)
    recommendation = recommend_from(stored_inputs(assessment), assessment.site_id)
    assert recommendation is not None
    return services.assessment_sign(
        actor=cast.alice,
        assessment=assessment,
        decided_level=decided or recommendation.level,
        decision_reason=reason,
        password=PASSWORD,
    )


def once(cast: Cast, key: str, make: Any) -> Any:
    """Make a record at most once per cast (the access table's URL builders run per request)."""
    cache: dict[str, Any] = cast.__dict__.setdefault("_intake_records", {})
    if key not in cache:
        cache[key] = make(cast)
    return cache[key]
