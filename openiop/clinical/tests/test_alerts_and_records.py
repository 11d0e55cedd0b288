"""Acceptance 4 (retention and unexpected-positive alerts), hours on the chart, plans and safety plans."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.utils import timezone

from conftest import PASSWORD, Cast
from openiop.clients.models import Episode
from openiop.clinical.models import NoteLocked, PlanStatus, SafetyPlan
from openiop.clinical.services import groups, plans, safety, screens
from openiop.clinical.services.groups import Mark
from openiop.clinical.tests.conftest import MONDAY, make_session
from openiop.measures.models import Alert


@pytest.fixture(autouse=True)
def _admitted_on_monday(cast: Cast) -> None:
    """Erin starts on Monday 16 Nov, so no earlier week counts against her."""
    Episode.objects.filter(client=cast.erin).update(admission_date=MONDAY.date())


def _absent(cast: Cast, when: dt.datetime) -> None:
    session = make_session(cast, starts_at=when, clients=[cast.erin])
    groups.attendance_record(actor=cast.alice, session=session, marks=[Mark(cast.erin.pk, "absent", None, "no_show")])


def test_two_absences_in_a_row_raise_one_retention_alert_on_the_caseload(cast: Cast) -> None:
    _absent(cast, MONDAY)
    assert not Alert.objects.exists()
    _absent(cast, MONDAY + dt.timedelta(days=2))
    alert = Alert.objects.get()
    assert (alert.kind, alert.client, alert.assigned_to, alert.status) == ("retention", cast.erin, cast.alice, "open")
    assert "2 group sessions in a row" in alert.summary
    _absent(cast, MONDAY + dt.timedelta(days=3))
    assert Alert.objects.count() == 1  # one open alert at a time


def test_an_attended_session_between_absences_raises_nothing(cast: Cast) -> None:
    _absent(cast, MONDAY)
    session = make_session(cast, starts_at=MONDAY + dt.timedelta(days=1), clients=[cast.erin])
    groups.attendance_record(actor=cast.alice, session=session, marks=[Mark(cast.erin.pk, "late", 40)])
    _absent(cast, MONDAY + dt.timedelta(days=2))
    assert not Alert.objects.exists()


def test_a_finished_week_below_prescription_raises_a_retention_alert(cast: Cast) -> None:
    # 12 h prescribed; the week of Nov 16 has one 90-minute group; the next Monday's attendance checks it.
    first = make_session(cast, starts_at=MONDAY, clients=[cast.erin])
    groups.attendance_record(actor=cast.alice, session=first, marks=[Mark(cast.erin.pk, "present")])
    assert not Alert.objects.exists()  # the week is not over yet
    nxt = make_session(cast, starts_at=MONDAY + dt.timedelta(days=7), clients=[cast.erin])
    groups.attendance_record(actor=cast.alice, session=nxt, marks=[Mark(cast.erin.pk, "present")])
    assert "Attended 1.5 of 12.0 prescribed hours" in Alert.objects.get().summary


def _screen(cast: Cast, results: dict[str, str], when: dt.datetime = MONDAY) -> object:
    return screens.drug_screen_record(
        actor=cast.mel,
        client=cast.erin,
        collected_at=when,
        specimen="urine",
        method="poc",
        observed=True,
        results=results,
    )


def test_an_unexpected_positive_raises_an_alert(cast: Cast) -> None:
    screen = _screen(cast, {"COC": "positive", "THC": "negative"})
    assert screen.unexpected_positive  # type: ignore[attr-defined]
    alert = Alert.objects.get()
    assert (alert.kind, alert.severity, alert.assigned_to) == ("drug-screen-unexpected", "high", cast.alice)
    assert "Cocaine" in alert.summary


def test_a_positive_explained_by_a_prescription_is_expected(cast: Cast) -> None:
    screens.medication_add(
        actor=cast.mel,
        client=cast.erin,
        name="Buprenorphine/naloxone",
        analytes=["BUP"],
        started_on=dt.date(2026, 11, 1),
    )
    screen = _screen(cast, {"BUP": "positive", "OPI": "negative"})
    assert not screen.unexpected_positive  # type: ignore[attr-defined]
    assert screen.results.get(analyte="BUP").expected  # type: ignore[attr-defined]
    assert not Alert.objects.exists()


def test_a_stopped_medication_no_longer_explains_a_positive(cast: Cast) -> None:
    screens.medication_add(
        actor=cast.mel,
        client=cast.erin,
        name="Lorazepam",
        analytes=["BZO"],
        started_on=dt.date(2026, 10, 1),
        stopped_on=dt.date(2026, 11, 1),
    )
    assert _screen(cast, {"BZO": "positive"}).unexpected_positive  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("specimen", "results", "error"),
    [
        ("breath", {"COC": "negative"}, "alcohol only"),
        ("urine", {}, "at least one"),
        ("urine", {"XYZ": "positive"}, "Unknown"),
    ],
)
def test_bad_screens_are_refused(cast: Cast, specimen: str, results: dict[str, str], error: str) -> None:
    with pytest.raises(ValidationError, match=error):
        screens.drug_screen_record(
            actor=cast.mel,
            client=cast.erin,
            collected_at=MONDAY,
            specimen=specimen,
            method="poc",
            observed=False,
            results=results,
        )


def test_the_chart_shows_hours_screens_plan_and_safety_plan(cast: Cast) -> None:
    session = make_session(cast, starts_at=timezone.now() - dt.timedelta(hours=2), clients=[cast.erin])
    groups.attendance_record(actor=cast.alice, session=session, marks=[Mark(cast.erin.pk, "late", 60)])
    _screen(cast, {"THC": "negative"})
    http = HttpClient()
    http.force_login(cast.alice)
    page = http.get(f"/clients/{cast.erin.pk}/").content.decode()
    assert all(label in page for label in ("Hours", "Drug screens", "Treatment plan", "Safety plan", "Notes"))
    http.force_login(cast.bill)
    billing = http.get(f"/clients/{cast.erin.pk}/").content.decode()
    assert "Hours" in billing and "Drug screens" not in billing and "Safety plan" not in billing


def test_a_plan_is_built_signed_with_the_client_and_reviewed(cast: Cast) -> None:
    plan = plans.plan_create(actor=cast.alice, client=cast.erin, effective_on=dt.date(2026, 11, 2))
    with pytest.raises(ValidationError, match="at least one problem"):
        plans.plan_sign(actor=cast.alice, plan=plan, client_signature="Erin Castillo", password=PASSWORD)
    problem = plans.problem_add(
        actor=cast.alice,
        plan=plan,
        dimension=5,
        statement="Cravings after work",
        goal="I want to get through Fridays sober",
    )
    objective = plans.objective_add(
        actor=cast.alice, problem=problem, text="Use a coping card on 4 of 5 weekdays", target_date=dt.date(2026, 12, 1)
    )
    plans.intervention_add(
        actor=cast.alice, objective=objective, modality="group", frequency="3 times a week", responsible=cast.alice
    )
    plans.plan_sign(actor=cast.alice, plan=plan, client_signature="Erin Castillo", password=PASSWORD)
    assert plan.status == PlanStatus.ACTIVE
    with pytest.raises(ValidationError):
        plans.problem_add(actor=cast.alice, plan=plan, dimension=3, statement="x", goal="y")
    plans.plan_review_add(
        actor=cast.alice,
        plan=plan,
        reviewed_on=dt.date(2026, 12, 1),
        summary="Met.",
        objective_statuses={objective.pk: "met"},
    )
    objective.refresh_from_db()
    assert objective.status == "met"


def test_each_safety_plan_change_is_a_new_version_and_old_ones_stay(cast: Cast) -> None:
    steps = {
        "warning_signs": "Isolating",
        "internal_coping": "Walk",
        "distractions": "Coffee shop",
        "help_contacts": "Sister",
        "professionals": "988",
        "environment": "Meds locked",
    }
    first = safety.safety_plan_save(actor=cast.alice, client=cast.erin, **steps)
    second = safety.safety_plan_save(actor=cast.alice, client=cast.erin, **{**steps, "internal_coping": "Music"})
    assert (first.version, second.version) == (1, 2)
    with pytest.raises(ValidationError, match="current version"):
        safety.safety_plan_sign(actor=cast.alice, plan=first, client_agreed=True, password=PASSWORD)
    safety.safety_plan_sign(actor=cast.alice, plan=second, client_agreed=True, password=PASSWORD)
    second.internal_coping = "changed"
    with pytest.raises(NoteLocked):
        second.save()
    assert SafetyPlan.objects.get(version=1).internal_coping == "Walk"


def test_the_safety_plan_prefills_988_and_erin_can_print_her_own(cast: Cast) -> None:
    http = HttpClient()
    http.force_login(cast.alice)
    assert "988" in http.get(f"/clinical/clients/{cast.erin.pk}/safety-plan/edit/").content.decode()
    plan = safety.safety_plan_save(
        actor=cast.alice,
        client=cast.erin,
        warning_signs="a",
        internal_coping="b",
        distractions="c",
        help_contacts="d",
        professionals="988",
        environment="e",
    )
    http.force_login(cast.erin_user)
    assert http.get(f"/clinical/safety-plans/{plan.pk}/print/").status_code == 200
