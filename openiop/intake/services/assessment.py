"""Writes to assessments: book, cancel, edit (biopsychosocial and medical parts), sign, co-sign."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.services import reauthenticate
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import audit_record, record_change, record_create, save_and_record
from openiop.clients.models import CareTeamMember
from openiop.intake import rules
from openiop.intake.instruments import ASSESSMENT_CODES, WITHDRAWAL_CODES
from openiop.intake.models import (
    DIMENSIONS,
    Assessment,
    AssessmentStatus,
    Cosignature,
    Diagnosis,
    Inquiry,
    InquiryStatus,
    InstrumentResult,
    PlacementLevel,
    SignedAssessmentError,
    SubstanceUse,
)
from openiop.intake.placement import recommendation_to_dict
from openiop.intake.recommendation import recommend_from, stored_inputs
from openiop.intake.services.inquiries import inquiry_transition
from openiop.intake.services.screening import save_result, score_all

MEDICAL_FIELDS = frozenset(
    {
        "medical_conditions",
        "medications",
        "allergies",
        "pregnancy",
        "bp_systolic",
        "bp_diastolic",
        "pulse",
        "respiratory_rate",
        "temperature_f",
        "oxygen_saturation",
        "medical_note",
    }
)
VITALS = frozenset({"bp_systolic", "bp_diastolic", "pulse", "respiratory_rate", "temperature_f", "oxygen_saturation"})
DIMENSION_FIELDS = frozenset({f"dimension_{d}" for d in DIMENSIONS} | {f"dimension_{d}_rationale" for d in DIMENSIONS})
CLINICAL_FIELDS = (
    frozenset(
        {
            "presenting_problem",
            "treatment_history",
            "prior_treatment_episodes",
            "psychiatric_history",
            "self_harm_history",
            "eating",
            "legal",
            "family_support",
            "work_school",
            "available_hours_per_week",
            "strengths",
            "preferences",
        }
    )
    | DIMENSION_FIELDS
    | MEDICAL_FIELDS
)
SUBSTANCE_FIELDS = frozenset({"substance", "route", "frequency", "age_at_first_use", "last_use_date", "note"})
WINDOW_FIELDS = frozenset({"weekday", "start", "end"})
DIAGNOSIS_FIELDS = frozenset({"code", "description"})


def _refuse_signed(assessment: Assessment) -> None:
    if assessment.is_signed:
        raise SignedAssessmentError("This assessment is signed and can no longer be changed.")


# Booking ----------------------------------------------------------------------------


def _add_to_care_team(*, actor: Any, assessment: Assessment) -> None:
    """The assessing clinician joins the care team, which is how the policy lets them open the chart.

    (A ``care_team_member_add`` service in clients would own this write; until then it is here.)
    """
    member, created = CareTeamMember.objects.get_or_create(
        client=assessment.client, user=assessment.clinician, defaults={"responsibility": "Intake assessment"}
    )
    if created:
        record_create(
            actor=actor,
            instance=member,
            object_type="care_team_member",
            client_id=assessment.client_id,
            site_id=assessment.site_id,
            detail={"user": assessment.clinician_id, "reason": "assessment"},
        )


def assessment_book(*, actor: Any, inquiry: Inquiry, clinician: Any, scheduled_at: dt.datetime) -> Assessment:
    """Book an assessment for a screened inquiry that already has a client record."""
    if not policy.can_book_assessment(actor, inquiry):
        raise PermissionDenied("You may not book assessments at this site.")
    if inquiry.client_id is None:
        raise ValidationError({"client": "Make the inquiry a client first (name, date of birth, sex at birth)."})
    if inquiry.status != InquiryStatus.SCREENED:
        raise ValidationError({"__all__": "Only a screened inquiry can have an assessment booked."})
    if not policy.can_hold_assessment(clinician, inquiry.site_id):
        raise ValidationError({"clinician": "Choose a clinician of this site."})
    client = inquiry.client
    assert client is not None  # noqa: S101 - checked above
    with transaction.atomic():
        assessment = Assessment(
            site_id=inquiry.site_id,
            client=client,
            inquiry=inquiry,
            clinician=clinician,
            booked_by=actor,
            scheduled_at=scheduled_at,
            population="adolescent" if client.age_on(timezone.localdate(scheduled_at)) < 18 else "adult",
            available_hours_per_week=inquiry.screenings.values_list("available_hours_per_week", flat=True).first(),
        )
        assessment.full_clean()
        assessment.save()
        _add_to_care_team(actor=actor, assessment=assessment)
        inquiry_transition(actor=actor, inquiry=inquiry, to=InquiryStatus.ASSESSMENT_BOOKED, system=True)
        record_create(
            actor=actor,
            instance=assessment,
            object_type="assessment",
            client_id=client.pk,
            site_id=inquiry.site_id,
            detail={"clinician": clinician.pk, "inquiry": inquiry.pk},
        )
    return assessment


def assessment_cancel(*, actor: Any, assessment: Assessment, note: str) -> Assessment:
    if not (policy.can_change_inquiry(actor, assessment.inquiry) or policy.can_sign_assessment(actor, assessment)):
        raise PermissionDenied("You may not cancel this assessment.")
    _refuse_signed(assessment)
    if not assessment.is_open:
        raise ValidationError({"__all__": "This assessment is already cancelled."})
    if not note.strip():
        raise ValidationError({"note": "Say why the assessment is cancelled."})
    with transaction.atomic():
        before = snapshot(assessment)
        assessment.status = AssessmentStatus.CANCELLED
        assessment.cancel_note = note.strip()
        assessment.full_clean()
        assessment.save()
        if assessment.inquiry.status == InquiryStatus.ASSESSMENT_BOOKED:
            inquiry_transition(actor=actor, inquiry=assessment.inquiry, to=InquiryStatus.SCREENED, system=True)
        record_change(
            actor=actor,
            instance=assessment,
            before=before,
            object_type="assessment",
            detail={"cancelled": True},
        )
    return assessment


# Editing ----------------------------------------------------------------------------


def _check_rows(rows: list[Mapping[str, Any]] | None, allowed: frozenset[str], what: str) -> None:
    for row in rows or []:
        unknown = set(row) - allowed
        if unknown:
            raise ValidationError({what: f"Unknown fields: {', '.join(sorted(unknown))}."})


def assessment_update(
    *,
    actor: Any,
    assessment: Assessment,
    fields: Mapping[str, Any] | None = None,
    instruments: Mapping[str, list[int | None] | None] | None = None,
    substances: list[Mapping[str, Any]] | None = None,
    availability: list[Mapping[str, Any]] | None = None,
    diagnoses: list[Mapping[str, Any]] | None = None,
) -> Assessment:
    """Save what was given. ``instruments`` maps a code to its answers (None: not administered,
    which removes a stored result); lists of rows replace the stored rows; None leaves them."""
    _refuse_signed(assessment)
    if not policy.can_edit_assessment(actor, assessment):
        raise PermissionDenied("You may not edit this assessment.")
    fields = dict(fields or {})
    instruments = dict(instruments or {})
    medical_only = policy.edits_medical_part_only(actor, assessment)
    allowed_fields = MEDICAL_FIELDS if medical_only else CLINICAL_FIELDS
    allowed_codes = WITHDRAWAL_CODES if medical_only else ASSESSMENT_CODES
    unknown = set(fields) - allowed_fields
    if unknown:
        if medical_only and not unknown - CLINICAL_FIELDS:
            raise PermissionDenied("Medical staff edit the medical part of an assessment only.")
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    if set(instruments) - set(allowed_codes) or (medical_only and (substances or availability or diagnoses)):
        raise PermissionDenied("Medical staff edit the medical part of an assessment only.")
    _check_rows(substances, SUBSTANCE_FIELDS, "substances")
    _check_rows(availability, WINDOW_FIELDS, "availability")
    _check_rows(diagnoses, DIAGNOSIS_FIELDS, "diagnoses")
    scores = score_all(allowed_codes, {c: a for c, a in instruments.items() if a is not None})

    changed = sorted(name for name, value in fields.items() if getattr(assessment, name) != value)
    with transaction.atomic():
        before = snapshot(assessment)
        for name in changed:
            setattr(assessment, name, fields[name])
        if set(changed) & (VITALS | {"medical_note"}) or scores.keys() & set(WITHDRAWAL_CODES):
            assessment.medical_by = actor
            assessment.medical_at = timezone.now()
        if assessment.status == AssessmentStatus.BOOKED:
            assessment.status = AssessmentStatus.IN_PROGRESS
        assessment.full_clean()
        assessment.save()
        existing = {r.code: r for r in assessment.results.all()}
        for code, answers in instruments.items():
            if answers is None:
                if code in existing:
                    existing[code].delete()
                continue
            save_result(existing.get(code) or InstrumentResult(assessment=assessment), code, answers, scores[code])
        _replace_rows(assessment, SubstanceUse, substances, prefix="substances", ranked=True)
        _replace_windows(assessment, availability)
        _replace_rows(assessment, Diagnosis, diagnoses, prefix="diagnoses", ranked=True)
        record_change(
            actor=actor,
            instance=assessment,
            before=before,
            object_type="assessment",
            detail={
                "instruments": sorted(instruments),
                "rows": [
                    n
                    for n, rows in (
                        ("substances", substances),
                        ("availability", availability),
                        ("diagnoses", diagnoses),
                    )
                    if rows is not None
                ],
            },
        )
    return assessment


# The assessment's availability rows are the shared weekly-availability model (scheduling's
# ClientAvailability) tagged with the assessment; the form's start/end are its start_time/end_time.
_WINDOW_FIELD_NAMES = {"start_time": "start", "end_time": "end"}


def _replace_windows(assessment: Assessment, rows: list[Mapping[str, Any]] | None) -> None:
    from openiop.scheduling.models import AvailabilityKind, ClientAvailability

    if rows is None:
        return
    ClientAvailability.objects.filter(assessment=assessment).delete()
    errors: dict[str, Any] = {}
    for index, row in enumerate(rows):
        fields: dict[str, Any] = {
            "weekday": row.get("weekday"),
            "start_time": row.get("start"),
            "end_time": row.get("end"),
        }
        window = ClientAvailability(
            client_id=assessment.client_id,
            assessment=assessment,
            kind=AvailabilityKind.AVAILABLE,
            **fields,
        )
        try:
            window.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                name = _WINDOW_FIELD_NAMES.get(field, field)
                errors.setdefault(f"availability-{index}-{name}", []).extend(messages)
            continue
        window.save()
    if errors:
        raise ValidationError(errors)


def _replace_rows(
    assessment: Assessment,
    model: Any,
    rows: list[Mapping[str, Any]] | None,
    *,
    prefix: str,
    ranked: bool = False,
) -> None:
    if rows is None:
        return
    model.objects.filter(assessment=assessment).delete()
    errors: dict[str, Any] = {}
    for index, row in enumerate(rows):
        obj = model(assessment=assessment, **({"rank": index + 1} if ranked else {}), **row)
        try:
            obj.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"{prefix}-{index}-{field}", []).extend(messages)
            continue
        obj.save()
    if errors:
        raise ValidationError(errors)


# Signing ----------------------------------------------------------------------------


def assessment_sign(
    *,
    actor: Any,
    assessment: Assessment,
    decided_level: str,
    password: str,
    code: str = "",
    decision_reason: str = "",
) -> Assessment:
    """Record the decision and lock the assessment; the signer re-authenticates like every other signature.

    Every dimension needs a rating and a rationale, and the presenting problem must be filled in.
    A decision that differs from the recommendation needs a reason.
    """
    _refuse_signed(assessment)
    if not policy.can_sign_assessment(actor, assessment):
        raise PermissionDenied("Only the assessing clinician or a director signs this assessment.")
    errors: dict[str, str] = {}
    if not assessment.presenting_problem.strip():
        errors["presenting_problem"] = "Describe the presenting problem before signing."
    for d in DIMENSIONS:
        if getattr(assessment, f"dimension_{d}") is None:
            errors[f"dimension_{d}"] = f"Rate dimension {d} before signing."
        if not getattr(assessment, f"dimension_{d}_rationale").strip():
            errors[f"dimension_{d}_rationale"] = f"Give the rationale for dimension {d}."
    if decided_level not in PlacementLevel.values:
        errors["decided_level"] = "Choose the level of care you decide on."
    if errors:
        raise ValidationError(errors)
    recommendation = recommend_from(stored_inputs(assessment), assessment.site_id)
    assert recommendation is not None  # noqa: S101 - every dimension is rated (checked above)
    reason = decision_reason.strip()
    if rules.decision_needs_reason(recommendation.level, decided_level) and not reason:
        raise ValidationError(
            {"decision_reason": f"The decision differs from the recommendation ({recommendation.level}): say why."}
        )
    reauthenticate(user=actor, password=password, code=code)
    with transaction.atomic():
        before = snapshot(assessment)
        assessment.recommendation = recommendation_to_dict(recommendation)
        assessment.recommended_level = recommendation.level
        assessment.decided_level = decided_level
        assessment.decision_reason = reason
        assessment.status = AssessmentStatus.SIGNED
        assessment.signed_by = actor
        assessment.signed_at = timezone.now()
        save_and_record(
            actor=actor,
            instance=assessment,
            before=before,
            action=Action.SIGN,
            object_type="assessment",
            detail={"recommended": recommendation.level, "decided": decided_level},
        )
        _availability_to_current_week(actor, assessment)
    return assessment


def cosignature_required(assessment: Assessment) -> bool:
    return assessment.is_signed and rules.cosignature_required(assessment.recommended_level, assessment.decided_level)


def assessment_cosign(*, actor: Any, assessment: Assessment, note: str) -> Cosignature:
    """A medical staff member signs off an IOP decision made against a crisis or withdrawal recommendation."""
    if not policy.can_cosign(actor, assessment):
        raise PermissionDenied("Only medical staff of this site co-sign.")
    if not cosignature_required(assessment):
        raise ValidationError({"__all__": "This assessment does not need a medical co-signature."})
    if Cosignature.objects.filter(assessment=assessment).exists():
        raise ValidationError({"__all__": "This assessment is already co-signed."})
    if assessment.signed_by_id == actor.pk:
        raise ValidationError({"__all__": "The co-signature comes from someone other than the signer."})
    if not note.strip():
        raise ValidationError({"note": "Say what you reviewed (e.g. the withdrawal plan)."})
    with transaction.atomic():
        cosignature = Cosignature(assessment=assessment, by=actor, at=timezone.now(), note=note.strip())
        save_and_record(
            actor=actor,
            instance=cosignature,
            action=Action.SIGN,
            object_type="assessment_cosignature",
            client_id=assessment.client_id,
            site_id=assessment.site_id,
            detail={"assessment": assessment.pk},
        )
    return cosignature


def _availability_to_current_week(actor: Any, assessment: Assessment) -> None:
    """The hours the client gave at the assessment become the week the planner uses (replacing
    it); an assessment that recorded no windows leaves the client's week as it was."""
    from openiop.scheduling.models import ClientAvailability

    given = list(ClientAvailability.objects.filter(assessment=assessment))
    if not given:
        return
    ClientAvailability.objects.filter(client_id=assessment.client_id).current().delete()
    ClientAvailability.objects.bulk_create(
        ClientAvailability(
            client_id=assessment.client_id,
            weekday=w.weekday,
            start_time=w.start_time,
            end_time=w.end_time,
            kind=w.kind,
        )
        for w in given
    )
    audit_record(
        user=actor,
        action=Action.UPDATE,
        object_type="clientavailability",
        object_id=assessment.client_id,
        client_id=assessment.client_id,
        site_id=assessment.site_id,
        detail={"windows": len(given), "from_assessment": assessment.pk},
    )
