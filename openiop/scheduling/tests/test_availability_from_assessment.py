"""Acceptance 3 (issue 10): the hours a client gives at assessment reach the planner.

A bank teller works 9–5: at assessment she can come Monday to Friday 17:30–21:00. Once the
assessment is signed and she is admitted, ``openiop schedule export`` for the week offers her
those evenings only, not the program's usual 07:00–22:00.
"""

import datetime as dt
import io
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from conftest import PASSWORD, Cast
from openiop.core.time import monday_of, site_today
from openiop.intake import services as intake
from openiop.intake.recommendation import recommend_from, stored_inputs
from openiop.intake.tests import factories
from openiop.scheduling.export_cli import run_export
from openiop.scheduling.models import ClientAvailability
from openiop.scheduling.services import client_availability_replace

EVENINGS: list[Mapping[str, Any]] = [{"weekday": d, "start": dt.time(17, 30), "end": dt.time(21, 0)} for d in range(5)]


def _assessed_and_admitted(cast: Cast) -> int:
    assessment = factories.completed(cast)
    intake.assessment_update(actor=cast.alice, assessment=assessment, availability=EVENINGS)
    recommendation = recommend_from(stored_inputs(assessment), assessment.site_id)
    assert recommendation is not None
    assessment = intake.assessment_sign(
        actor=cast.alice, assessment=assessment, decided_level=recommendation.level, password=PASSWORD
    )
    intake.episode_admit(
        actor=cast.alice,
        assessment=assessment,
        admission_date=site_today(cast.site_a),
        primary_clinician=cast.alice,
        prescribed_hours_per_week=Decimal(12),
        track="Adult evenings",
    )
    return assessment.client_id


def _exported_windows(cast: Cast, client_id: int) -> list[dict[str, str]]:
    out, err = io.StringIO(), io.StringIO()
    week = monday_of(site_today(cast.site_a)) + dt.timedelta(days=7)
    assert run_export(["--site", cast.site_a.name, "--week", week.isoformat()], out, err) == 0, err.getvalue()
    problem = json.loads(out.getvalue())
    client = next(c for c in problem["clients"] if c["id"] == f"c-{client_id}")
    return list(client["availability"])


def test_the_availability_recorded_at_assessment_appears_in_the_schedule_export(cast: Cast) -> None:
    client_id = _assessed_and_admitted(cast)
    days = ["mon", "tue", "wed", "thu", "fri"]
    assert _exported_windows(cast, client_id) == [{"day": d, "start": "17:30", "end": "21:00"} for d in days]


def test_the_assessments_own_record_stays_as_signed_when_the_planner_changes_the_week(cast: Cast) -> None:
    client_id = _assessed_and_admitted(cast)
    client = ClientAvailability.objects.filter(client_id=client_id).first().client  # type: ignore[union-attr]
    client_availability_replace(
        actor=cast.dana,
        client=client,
        windows=[{"weekday": 5, "start_time": dt.time(9), "end_time": dt.time(12), "kind": "available"}],
    )
    assert _exported_windows(cast, client_id) == [{"day": "sat", "start": "09:00", "end": "12:00"}]
    assert ClientAvailability.objects.filter(client_id=client_id, assessment__isnull=False).count() == 5


def test_a_window_given_at_a_signed_assessment_cannot_be_changed(cast: Cast) -> None:
    from openiop.intake.models import SignedAssessmentError

    client_id = _assessed_and_admitted(cast)
    given = ClientAvailability.objects.filter(client_id=client_id, assessment__isnull=False).first()
    assert given is not None
    given.end_time = dt.time(22)
    with pytest.raises(SignedAssessmentError):
        given.save()
