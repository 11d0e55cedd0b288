"""Alerts: raised at once by a dangerous answer or a reliable deterioration, assigned to the
primary clinician (and seen by the site's directors), closed only with a documented action."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.measures import selectors, services
from openiop.measures.models import Alert, AlertStatus
from openiop.measures.tests.conftest import Record, gad7, phq9

# C-SSRS answers: Q1, Q2, Q3, Q4, Q5, Q6, Q6 within 3 months.
CSSRS_NONE = [0, 0, None, None, None, 0, None]
CSSRS_LOW = [1, 0, None, None, None, 0, None]
CSSRS_Q2 = [1, 1, 0, 0, 0, 0, None]
CSSRS_MODERATE = [1, 1, 1, 0, 0, 0, None]
CSSRS_LIFETIME = [0, 0, None, None, None, 1, 0]
CSSRS_HIGH = [1, 1, 1, 1, 0, 0, None]


@pytest.mark.parametrize(
    ("code", "answers", "expected"),
    [
        # ref: "item 9 (self-harm / better off dead) >0 is significant whatever the total" [S1]
        pytest.param("phq9", phq9(0), [], id="phq9-item9-0"),
        pytest.param("phq9", phq9(1, item9=1), [("suicidal-ideation", "high")], id="phq9-item9-1-total-1"),
        pytest.param("phq9", phq9(27, item9=3), [("suicidal-ideation", "high")], id="phq9-item9-3"),
        pytest.param("phq9", phq9(27 - 3), [], id="phq9-severe-without-item9"),
        # ref: Low = yes to Q1 or Q2 only; Moderate = Q3, or Q6 lifetime not in 3 months; High = Q4/Q5/Q6-3m
        pytest.param("cssrs-screen", CSSRS_NONE, [], id="cssrs-none"),
        pytest.param("cssrs-screen", CSSRS_LOW, [], id="cssrs-low-q1-only"),
        pytest.param("cssrs-screen", CSSRS_Q2, [("suicidal-ideation", "high")], id="cssrs-low-q2-ideation"),
        pytest.param("cssrs-screen", CSSRS_MODERATE, [("suicide-risk", "high")], id="cssrs-moderate"),
        pytest.param("cssrs-screen", CSSRS_LIFETIME, [("suicide-risk", "high")], id="cssrs-moderate-lifetime"),
        pytest.param("cssrs-screen", CSSRS_HIGH, [("suicide-risk", "urgent")], id="cssrs-high"),
        pytest.param("gad7", gad7(21), [], id="gad7-severe-alone-raises-nothing"),
    ],
)
def test_a_dangerous_answer_raises_an_alert_at_once(
    cast: Cast, record: Record, code: str, answers: list[int | None], expected: list[tuple[str, str]]
) -> None:
    adm = record(cast.erin, code, answers)
    assert [(a.kind, a.severity) for a in Alert.objects.filter(source=adm)] == expected
    for alert in Alert.objects.filter(source=adm):
        assert (alert.assigned_to, alert.status, alert.client, alert.site) == (
            cast.alice,
            "open",
            cast.erin,
            cast.site_a,
        )


# ref §9: reliable change = PHQ-9 ≥ 6, GAD-7 ≥ 4 [S110]; measured against the episode's baseline.
@pytest.mark.parametrize(
    ("code", "totals", "raised"),
    [
        pytest.param("phq9", [8, 13], False, id="phq9-rise-of-5"),
        pytest.param("phq9", [8, 14], True, id="phq9-rise-of-6"),
        pytest.param("phq9", [8, 4, 13], False, id="against-baseline-not-the-last-result"),
        pytest.param("phq9", [14, 8], False, id="phq9-improvement"),
        pytest.param("gad7", [5, 8], False, id="gad7-rise-of-3"),
        pytest.param("gad7", [5, 9], True, id="gad7-rise-of-4"),
    ],
)
def test_a_reliable_deterioration_against_the_baseline_raises_an_alert(
    cast: Cast, record: Record, code: str, totals: list[int], raised: bool
) -> None:
    make = phq9 if code == "phq9" else gad7
    for weeks_ago, total in zip(range(len(totals), 0, -1), totals, strict=True):
        last = record(cast.erin, code, make(total), days_ago=7 * weeks_ago)
    kinds = list(Alert.objects.filter(source=last).values_list("kind", "severity"))
    assert kinds == ([("reliable-deterioration", "moderate")] if raised else [])


def test_a_deterioration_alert_is_not_repeated_while_one_is_open(cast: Cast, record: Record) -> None:
    for days_ago, total in ((21, 6), (14, 13), (7, 15)):
        record(cast.erin, "phq9", phq9(total), days_ago=days_ago)
    assert Alert.objects.filter(kind="reliable-deterioration").count() == 1


def test_every_dangerous_answer_raises_its_own_alert(cast: Cast, record: Record) -> None:
    record(cast.erin, "phq9", phq9(5, item9=1), days_ago=7)
    record(cast.erin, "phq9", phq9(5, item9=1))
    assert Alert.objects.filter(kind="suicidal-ideation", status="open").count() == 2


def test_without_a_primary_clinician_the_alert_goes_to_the_directors(cast: Cast, record: Record) -> None:
    adm = record(cast.nora, "phq9", phq9(3, item9=1), actor=cast.ivan)
    alert = Alert.objects.get(source=adm)
    assert alert.assigned_to is None
    assert alert in selectors.alerts_open_for_home(user=cast.dana)


def test_raising_is_in_the_audit_trail(cast: Cast, record: Record) -> None:
    adm = record(cast.erin, "phq9", phq9(4, item9=1))
    alert = Alert.objects.get(source=adm)
    event = AuditEvent.objects.get(object_type="alert", action="create")
    assert (event.object_id, event.client_id, event.detail["kind"], event.detail["assigned_to"]) == (
        str(alert.pk),
        cast.erin.pk,
        "suicidal-ideation",
        cast.alice.pk,
    )


@pytest.mark.parametrize(
    ("person", "sees"),
    [("alice", True), ("dana", True), ("bob", False), ("carol", False), ("mel", False), ("ivan", False)],
)
def test_open_alerts_are_listed_for_the_primary_clinician_and_the_sites_directors(
    cast: Cast, record: Record, person: str, sees: bool
) -> None:
    record(cast.erin, "phq9", phq9(2, item9=2))
    assert bool(selectors.alerts_open_for_home(user=getattr(cast, person))) is sees


# ---------------------------------------------------------------- closing


@pytest.fixture
def alert(cast: Cast, record: Record) -> Alert:
    adm = record(cast.erin, "phq9", phq9(10, item9=1))
    return Alert.objects.get(source=adm)


def test_it_refuses_to_close_an_alert_without_an_action(cast: Cast, alert: Alert) -> None:
    with pytest.raises(ValidationError) as caught:
        services.alert_close(actor=cast.alice, alert=alert, action="", note="Spoke with her")
    assert list(caught.value.message_dict) == ["action"]
    alert.refresh_from_db()
    assert alert.status == "open" and alert.closed_by is None
    assert not AuditEvent.objects.filter(object_type="alert", action="update").exists()


@pytest.mark.parametrize(
    ("action", "note", "field"),
    [
        pytest.param("made-a-call", "", "action", id="not-a-documented-action"),
        pytest.param("other", "", "note", id="other-needs-a-description"),
        pytest.param("other", "   ", "note", id="blank-is-not-a-description"),
    ],
)
def test_it_refuses_an_undocumented_close(cast: Cast, alert: Alert, action: str, note: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.alert_close(actor=cast.alice, alert=alert, action=action, note=note)
    assert list(caught.value.message_dict) == [field]
    alert.refresh_from_db()
    assert alert.status == "open"


@pytest.mark.parametrize("person", ["bob", "carol", "ivan", "bill", "ava", "erin_user"])
def test_it_refuses_anyone_who_cannot_see_the_clients_record(cast: Cast, alert: Alert, person: str) -> None:
    with pytest.raises(PermissionDenied):
        services.alert_close(actor=getattr(cast, person), alert=alert, action="safety-plan-reviewed")
    alert.refresh_from_db()
    assert alert.status == "open"


@pytest.mark.parametrize(
    ("person", "action", "note"),
    [
        ("alice", "cssrs-completed", ""),
        ("dana", "crisis-evaluation-arranged", "ER at St John's"),
        ("mel", "client-contacted-no-current-risk", ""),
        ("alice", "other", "Called her sister with consent"),
    ],
)
def test_it_closes_with_a_documented_action_and_audits_it(
    cast: Cast, alert: Alert, person: str, action: str, note: str
) -> None:
    actor = getattr(cast, person)
    services.alert_close(actor=actor, alert=alert, action=action, note=note)
    alert.refresh_from_db()
    assert (alert.status, alert.closed_by, alert.closing_action, alert.closing_note) == ("closed", actor, action, note)
    assert alert.closed_at is not None
    event = AuditEvent.objects.get(object_type="alert", action="update")
    assert (event.user, event.object_id, event.detail["closing_action"]) == (actor, str(alert.pk), action)
    assert not selectors.alerts_open_for_home(user=cast.alice)


def test_a_closed_alert_cannot_be_closed_again(cast: Cast, alert: Alert) -> None:
    services.alert_close(actor=cast.alice, alert=alert, action="safety-plan-reviewed")
    with pytest.raises(ValidationError, match="already closed"):
        services.alert_close(actor=cast.dana, alert=Alert.objects.get(pk=alert.pk), action="other", note="again")
    assert Alert.objects.get(pk=alert.pk).closed_by == cast.alice


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"status": AlertStatus.CLOSED}, id="closed-without-who-or-what"),
        pytest.param({"status": AlertStatus.CLOSED, "closed_at": "now", "closing_action": "other"}, id="no-closer"),
    ],
)
def test_the_database_refuses_a_silent_close(cast: Cast, alert: Alert, changes: dict[str, object]) -> None:
    values = {k: timezone.now() if v == "now" else v for k, v in changes.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.filter(pk=alert.pk).update(**values)
