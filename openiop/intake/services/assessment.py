"""Writes to assessments: book, cancel and edit (biopsychosocial and medical parts).

Signing and co-signing are in ``assessment_signing``; the rows an edit replaces in ``assessment_rows``.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import User
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change, record_create
from openiop.clients.models import CareTeamMember
from openiop.intake.instruments import ASSESSMENT_CODES, WITHDRAWAL_CODES
from openiop.intake.models import (
    DIMENSIONS,
    Assessment,
    AssessmentStatus,
    Diagnosis,
    Inquiry,
    InquiryStatus,
    InstrumentResult,
    SignedAssessmentError,
    SubstanceUse,
)
from openiop.intake.services.assessment_rows import replace_rows, replace_windows
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


def refuse_signed(assessment: Assessment) -> None:
    if assessment.is_signed:
        raise SignedAssessmentError("This assessment is signed and can no longer be changed.")


# Booking ----------------------------------------------------------------------------


def _add_to_care_team(*, actor: Actor, assessment: Assessment) -> None:
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


def assessment_book(*, actor: Actor, inquiry: Inquiry, clinician: User, scheduled_at: dt.datetime) -> Assessment:
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


def assessment_cancel(*, actor: Actor, assessment: Assessment, note: str) -> Assessment:
    if not (policy.can_change_inquiry(actor, assessment.inquiry) or policy.can_sign_assessment(actor, assessment)):
        raise PermissionDenied("You may not cancel this assessment.")
    refuse_signed(assessment)
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
    actor: Actor,
    assessment: Assessment,
    fields: Mapping[str, Any] | None = None,
    instruments: Mapping[str, list[int | None] | None] | None = None,
    substances: list[Mapping[str, Any]] | None = None,
    availability: list[Mapping[str, Any]] | None = None,
    diagnoses: list[Mapping[str, Any]] | None = None,
) -> Assessment:
    """Save what was given. ``instruments`` maps a code to its answers (None: not administered,
    which removes a stored result); lists of rows replace the stored rows; None leaves them."""
    refuse_signed(assessment)
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
        replace_rows(assessment, SubstanceUse, substances, prefix="substances", ranked=True)
        replace_windows(assessment, availability)
        replace_rows(assessment, Diagnosis, diagnoses, prefix="diagnoses", ranked=True)
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
