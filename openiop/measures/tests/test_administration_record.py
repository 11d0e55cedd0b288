"""Recording an administration: scored by the library, stored with its score, audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.measures import services
from openiop.measures.instruments import SCORING_VERSION
from openiop.measures.models import Administration
from openiop.measures.tests.conftest import Record


def test_it_stores_the_answers_the_score_and_who_gave_it(cast: Cast, record: Record) -> None:
    adm = record(cast.erin, "phq9", [1] * 9, language="es")
    adm.refresh_from_db()
    assert adm.answers == [1] * 9
    assert adm.score.to_dict() == {
        "code": "phq9",
        "total": 9,
        "band": "mild",
        "positive": False,
        "flags": ["suicidal-ideation"],
        "subscales": {},
    }
    assert (adm.administered_by, adm.administered_role, adm.language) == (cast.alice, "clinician", "es")
    assert adm.episode == cast.erin.episodes.get() and adm.site == cast.site_a
    assert adm.scoring_version == SCORING_VERSION


def test_it_keeps_float_totals_and_subscales_exactly(cast: Cast, record: Record) -> None:
    adm = record(cast.erin, "urica", [3] * 31 + [5])
    adm.refresh_from_db()
    assert adm.score.total == pytest.approx(6 + 2 / 7) and isinstance(adm.score.total, float)
    bam = record(cast.erin, "bam", [1] * 5 + [0] + [1] * 11 + [None] * 7)
    bam.refresh_from_db()
    assert bam.score.total is None and bam.score.subscales == {"use": 2, "risk": 6, "protective": 6}
    assert bam.answers[-7:] == [None] * 7


def test_it_records_the_event_in_the_audit_trail(cast: Cast, record: Record) -> None:
    adm = record(cast.erin, "gad7", [0] * 7)
    event = AuditEvent.objects.get(object_type="administration", object_id=str(adm.pk))
    assert (event.action, event.client_id, event.user, event.detail["instrument"]) == (
        "create",
        cast.erin.pk,
        cast.alice,
        "gad7",
    )


@pytest.mark.parametrize(
    ("person", "role"),
    [("alice", "clinician"), ("dana", "clinician"), ("mel", "medical")],
)
def test_the_role_recorded_follows_the_person(cast: Cast, record: Record, person: str, role: str) -> None:
    adm = record(cast.erin, "cows", [0] * 11, actor=getattr(cast, person))
    assert adm.administered_role == role


def test_intake_records_screens_before_admission_without_an_episode(cast: Cast, record: Record) -> None:
    adm = record(cast.nora, "auditc", [2, 1, 0], actor=cast.ivan, sex="female")
    assert adm.episode is None and adm.administered_role == "clinician" and adm.score.positive is True


@pytest.mark.parametrize(
    ("person", "client"),
    [("bob", "erin"), ("carol", "erin"), ("ivan", "erin"), ("bill", "erin"), ("ava", "erin"), ("frank_user", "erin")],
)
def test_it_refuses_people_who_may_not_record_for_the_client(
    cast: Cast, record: Record, person: str, client: str
) -> None:
    with pytest.raises(PermissionDenied):
        record(getattr(cast, client), "phq9", [0] * 9, actor=getattr(cast, person))
    assert not Administration.objects.exists()


# Bad input: a ValidationError on the field that names the culprit, and nothing stored.
@pytest.mark.parametrize(
    ("code", "answers", "sex", "field", "message"),
    [
        pytest.param("cows", [3] + [0] * 10, None, "item_1", "item 1: 3 is not an allowed value", id="cows-pulse"),
        pytest.param("phq9", [0] * 8, None, "answers", "expects 9 answers, got 8", id="too-few"),
        pytest.param("phq9", [0] * 8 + ["1"], None, "item_9", "'1' is a str", id="a-string"),
        pytest.param("phq9", [0] * 8 + [True], None, "item_9", "True is a bool", id="a-bool"),
        pytest.param("auditc", [1, 1, 1], None, "sex", "sex: required for auditc", id="sex-missing"),
        pytest.param("cssrs-screen", [1, 0, 0, None, None, 0, None], None, "item_3", "must be None", id="skip-logic"),
        pytest.param("bam", [0] * 5 + [2] + [0] * 11 + [None] * 7, None, "item_7A", "answer is required", id="bam-7A"),
        pytest.param("phq-9", [0] * 9, None, "instrument", "Unknown instrument", id="unknown-code"),
    ],
)
def test_bad_answers_are_refused_on_the_item_field_and_nothing_is_stored(
    cast: Cast, record: Record, code: str, answers: list[object], sex: str | None, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        record(cast.erin, code, answers, sex=sex)
    assert list(caught.value.message_dict) == [field]
    assert message in caught.value.message_dict[field][0]
    assert not Administration.objects.exists()
    assert not AuditEvent.objects.filter(object_type__in=["administration", "alert"]).exists()


@pytest.mark.parametrize(
    ("when", "language", "field"),
    [
        pytest.param(timezone.now() + dt.timedelta(hours=1), "en", "administered_at", id="in-the-future"),
        pytest.param(dt.datetime(2026, 11, 20, 10, 0), "en", "administered_at", id="naive-time"),  # noqa: DTZ001
        pytest.param(timezone.now(), "fr", "language", id="unknown-language"),
    ],
)
def test_the_time_and_language_are_checked(cast: Cast, when: dt.datetime, language: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.administration_record(
            actor=cast.alice,
            client=cast.erin,
            code="phq9",
            answers=[0] * 9,
            administered_at=when,
            language=language,
        )
    assert list(caught.value.message_dict) == [field]
    assert not Administration.objects.exists()


def test_a_stored_administration_cannot_be_edited_outside_rescoring(cast: Cast, record: Record) -> None:
    adm = record(cast.erin, "phq9", [0] * 9)
    adm.total = 27
    with pytest.raises(PermissionError):
        adm.save()
