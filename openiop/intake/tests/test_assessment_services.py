import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import PASSWORD, Cast
from openiop.accounts import policy as account_policy
from openiop.audit.models import AuditEvent
from openiop.clients.models import Episode
from openiop.intake import services
from openiop.intake.models import (
    Admission,
    Assessment,
    Cosignature,
    InstrumentResult,
    SignedAssessmentError,
    SubstanceUse,
)
from openiop.intake.tests import factories as f


def _admit(cast: Cast, assessment: Assessment, actor: Any = None, **overrides: Any) -> Episode:
    params: dict[str, Any] = {
        "admission_date": timezone.localdate(),
        "primary_clinician": cast.alice,
        "prescribed_hours_per_week": Decimal(12),
        "track": "Adult evenings",
    }
    params.update(overrides)
    return services.episode_admit(actor=actor or cast.alice, assessment=assessment, **params)


# Booking ----------------------------------------------------------------------------


def test_booking_puts_the_clinician_on_the_care_team_so_they_can_open_the_chart(cast: Cast) -> None:
    assessment = f.booked(cast)
    assert assessment.inquiry.status == "assessment_booked" and assessment.status == "booked"
    assert account_policy.can_view_client(cast.alice, assessment.client)
    assert not account_policy.can_view_client(cast.bob, assessment.client)
    assert assessment.available_hours_per_week == Decimal(12)  # from the screening


def test_booking_needs_a_client_record_and_a_screening(cast: Cast) -> None:
    inquiry = f.inquiry(cast)
    when = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        services.assessment_book(actor=cast.ivan, inquiry=inquiry, clinician=cast.alice, scheduled_at=when)
    assert "client" in info.value.message_dict
    f.convert(cast, inquiry)
    with pytest.raises(ValidationError):
        services.assessment_book(actor=cast.ivan, inquiry=inquiry, clinician=cast.alice, scheduled_at=when)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("clinician", ["carol", "bill", "ivan"])
def test_the_assessing_clinician_works_at_the_site(cast: Cast, clinician: str) -> None:
    inquiry = f.convert(cast, f.inquiry(cast))
    f.screen(cast, inquiry)
    with pytest.raises(ValidationError) as info:
        services.assessment_book(
            actor=cast.ivan, inquiry=inquiry, clinician=getattr(cast, clinician), scheduled_at=timezone.now()
        )
    assert "clinician" in info.value.message_dict


def test_cancelling_a_booking_returns_the_inquiry_to_screened(cast: Cast, booked: Assessment) -> None:
    services.assessment_cancel(actor=cast.ivan, assessment=booked, note="Could not come.")
    booked.inquiry.refresh_from_db()
    assert booked.status == "cancelled" and booked.inquiry.status == "screened"


# Editing ----------------------------------------------------------------------------


def test_the_clinician_saves_sections_rows_and_withdrawal_scores(cast: Cast, booked: Assessment) -> None:
    services.assessment_update(
        actor=cast.alice,
        assessment=booked,
        fields={"presenting_problem": "Daily drinking.", "dimension_3": 2},
        instruments={"ciwa-ar": f.ciwa(6)},
        substances=[{"substance": 2, "route": 1, "frequency": 3, "age_at_first_use": 15}, {"substance": 4}],
        availability=[{"weekday": 0, "start": dt.time(18), "end": dt.time(21)}],
        diagnoses=[{"code": "F10.20", "description": "Alcohol use disorder, moderate"}],
    )
    booked.refresh_from_db()
    assert booked.status == "in_progress" and booked.medical_by == cast.alice
    assert InstrumentResult.objects.get(assessment=booked, code="ciwa-ar").total == 6
    assert list(booked.substances.values_list("rank", "substance")) == [(1, 2), (2, 4)]
    assert booked.availability.get().hours == 3
    assert AuditEvent.objects.filter(object_type="assessment", action="update", client_id=booked.client_id).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"fields": {"dimension_2": 5}}, "dimension_2"),
        ({"fields": {"bp_systolic": 80, "bp_diastolic": 90}}, "__all__"),
        ({"instruments": {"ciwa-ar": [8] + [0] * 9}}, "ciwa_ar__1"),
        ({"substances": [{"substance": 2, "age_at_first_use": 120}]}, "substances-0-age_at_first_use"),
        ({"availability": [{"weekday": 1, "start": dt.time(20), "end": dt.time(18)}]}, "availability-0-__all__"),
        ({"diagnoses": [{"code": "10.20"}]}, "diagnoses-0-code"),
        ({"fields": {"signed_by": None}}, "signed_by"),
    ],
)
def test_invalid_assessment_input_names_the_field_and_changes_nothing(
    cast: Cast, booked: Assessment, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        services.assessment_update(actor=cast.alice, assessment=booked, **kwargs)
    assert field in info.value.message_dict
    booked.refresh_from_db()
    assert booked.status == "booked" and not SubstanceUse.objects.exists()


def test_medical_staff_edit_only_the_medical_part(cast: Cast, booked: Assessment) -> None:
    services.assessment_update(
        actor=cast.mel,
        assessment=booked,
        fields={"pulse": 88, "medications": "Lisinopril 10 mg"},
        instruments={"cows": [0] * 11},
    )
    booked.refresh_from_db()
    assert booked.pulse == 88 and booked.medical_by == cast.mel
    with pytest.raises(PermissionDenied):
        services.assessment_update(actor=cast.mel, assessment=booked, fields={"dimension_1": 2})
    with pytest.raises(PermissionDenied):
        services.assessment_update(actor=cast.mel, assessment=booked, substances=[{"substance": 2}])


@pytest.mark.parametrize("person", ["bob", "ivan", "bill"])
def test_others_cannot_edit_the_assessment(cast: Cast, booked: Assessment, person: str) -> None:
    with pytest.raises(PermissionDenied):
        services.assessment_update(actor=getattr(cast, person), assessment=booked, fields={"legal": "None."})


# Signing ----------------------------------------------------------------------------


def test_signing_needs_every_dimension_rated_with_a_rationale(cast: Cast, booked: Assessment) -> None:
    services.assessment_update(actor=cast.alice, assessment=booked, fields={"dimension_1": 1})
    with pytest.raises(ValidationError) as info:
        services.assessment_sign(actor=cast.alice, assessment=booked, decided_level="2.1", password=PASSWORD)
    assert {"presenting_problem", "dimension_2", "dimension_1_rationale"} <= set(info.value.message_dict)
    booked.refresh_from_db()
    assert booked.status == "in_progress"


def test_signing_records_the_recommendation_and_locks_the_assessment(cast: Cast) -> None:
    assessment = f.signed(cast)
    assert assessment.recommended_level == "2.1" and assessment.decided_level == "2.1"
    assert assessment.recommendation is not None and assessment.recommendation["iop_appropriate"] is True
    with pytest.raises(SignedAssessmentError):
        services.assessment_update(actor=cast.alice, assessment=assessment, fields={"legal": "Changed."})
    assessment.legal = "Changed behind the service's back."
    with pytest.raises(SignedAssessmentError):
        assessment.save()
    with pytest.raises(SignedAssessmentError):
        InstrumentResult.objects.get(assessment=assessment).delete()
    with pytest.raises(SignedAssessmentError):
        SubstanceUse(assessment=assessment, rank=9, substance=4).save()
    assert AuditEvent.objects.filter(object_type="assessment", action="sign").count() == 1


def test_a_decision_that_differs_from_the_recommendation_needs_a_reason(cast: Cast) -> None:
    assessment = f.completed(cast)
    with pytest.raises(ValidationError) as info:
        services.assessment_sign(actor=cast.alice, assessment=assessment, decided_level="1", password=PASSWORD)
    assert "decision_reason" in info.value.message_dict
    services.assessment_sign(
        actor=cast.alice,
        assessment=assessment,
        decided_level="1",
        decision_reason="Works nights; outpatient first.",
        password=PASSWORD,
    )
    assert assessment.is_signed


@pytest.mark.parametrize(("password", "field"), [("", "password"), ("wrong-password", "password")])
def test_signing_an_assessment_needs_the_signers_password_like_every_signature(
    cast: Cast, password: str, field: str
) -> None:
    assessment = f.completed(cast)
    with pytest.raises(ValidationError) as info:
        services.assessment_sign(actor=cast.alice, assessment=assessment, decided_level="2.1", password=password)
    assert field in info.value.message_dict
    assessment.refresh_from_db()
    assert assessment.status == "in_progress"
    assert not AuditEvent.objects.filter(object_type="assessment", action="sign").exists()


@pytest.mark.parametrize("person", ["bob", "mel", "ivan"])
def test_only_the_assessing_clinician_or_a_director_signs(cast: Cast, person: str) -> None:
    assessment = f.completed(cast)
    with pytest.raises(PermissionDenied):
        services.assessment_sign(
            actor=getattr(cast, person), assessment=assessment, decided_level="2.1", password=PASSWORD
        )


# Acceptance 4: a CIWA-Ar 22 assessment is not admitted to IOP without a reason and a co-signature


def test_a_ciwa_ar_22_assessment_needs_a_reason_and_a_medical_cosignature_before_iop(cast: Cast) -> None:
    assessment = f.completed(cast, ciwa_total=22)
    with pytest.raises(ValidationError) as info:
        services.assessment_sign(actor=cast.alice, assessment=assessment, decided_level="2.1", password=PASSWORD)
    assert "decision_reason" in info.value.message_dict

    services.assessment_sign(
        actor=cast.alice,
        assessment=assessment,
        decided_level="2.1",
        decision_reason="Withdrawal managed by PCP.",
        password=PASSWORD,
    )
    assert assessment.recommended_level == "3.7-WM" and services.cosignature_required(assessment)
    with pytest.raises(ValidationError) as info:
        _admit(cast, assessment)
    assert "co-signature" in str(info.value)
    assert not Episode.objects.filter(client=assessment.client).exists()

    with pytest.raises(PermissionDenied):
        services.assessment_cosign(actor=cast.dana, assessment=assessment, note="Reviewed.")
    with pytest.raises(ValidationError):
        services.assessment_cosign(actor=cast.mel, assessment=assessment, note="")
    services.assessment_cosign(actor=cast.mel, assessment=assessment, note="Reviewed the PCP's withdrawal plan.")
    episode = _admit(cast, assessment)
    assert episode.status == "active" and episode.level_of_care == "2.1"
    assert AuditEvent.objects.filter(object_type="assessment_cosignature", user=cast.mel).exists()


def test_a_cosignature_is_refused_where_none_is_needed(cast: Cast) -> None:
    assessment = f.signed(cast)
    with pytest.raises(ValidationError):
        services.assessment_cosign(actor=cast.mel, assessment=assessment, note="Fine.")
    assert not Cosignature.objects.exists()


# Admission --------------------------------------------------------------------------


def test_admission_opens_the_episode_and_marks_the_inquiry_admitted(cast: Cast) -> None:
    assessment = f.signed(cast)
    episode = _admit(cast, assessment)
    assessment.inquiry.refresh_from_db()
    assert episode.client == assessment.client and episode.primary_clinician == cast.alice
    assert episode.prescribed_hours_per_week == Decimal(12) and episode.track == "Adult evenings"
    assert assessment.inquiry.status == "admitted"
    assert Admission.objects.get(assessment=assessment).episode == episode
    assert AuditEvent.objects.filter(object_type="admission", client_id=episode.client_id).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"prescribed_hours_per_week": Decimal(25)}, "prescribed_hours_per_week"),
        ({"primary_clinician": None}, "primary_clinician"),
        ({"admission_date": dt.date(2020, 1, 1)}, "admission_date"),
    ],
)
def test_bad_admission_details_are_refused_and_nothing_is_opened(
    cast: Cast, overrides: dict[str, Any], field: str
) -> None:
    assessment = f.signed(cast)
    with pytest.raises(ValidationError) as info:
        _admit(cast, assessment, **overrides)
    assert field in info.value.message_dict
    assert not Episode.objects.filter(client=assessment.client).exists()
    assessment.inquiry.refresh_from_db()
    assert assessment.inquiry.status == "assessment_booked"


def test_only_an_iop_decision_is_admitted_here(cast: Cast) -> None:
    assessment = f.signed(cast, decided="2.5", reason="Needs more structure.")
    with pytest.raises(ValidationError):
        _admit(cast, assessment)


def test_an_unsigned_assessment_is_not_admitted_and_an_assessment_admits_once(cast: Cast) -> None:
    assessment = f.completed(cast)
    with pytest.raises(ValidationError):
        _admit(cast, assessment)
    f_signed = services.assessment_sign(actor=cast.alice, assessment=assessment, decided_level="2.1", password=PASSWORD)
    _admit(cast, f_signed)
    with pytest.raises(ValidationError):
        _admit(cast, f_signed)


@pytest.mark.parametrize("person", ["ivan", "mel", "bob"])
def test_only_directors_and_the_clients_clinicians_admit(cast: Cast, person: str) -> None:
    assessment = f.signed(cast)
    with pytest.raises(PermissionDenied):
        _admit(cast, assessment, actor=getattr(cast, person))
