"""Signing an assessment (the signer re-authenticates) and the medical co-signature."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.services import reauthenticate
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change, save_and_record
from openiop.core.concurrency import relock
from openiop.intake import rules
from openiop.intake.models import DIMENSIONS, Assessment, AssessmentStatus, Cosignature, PlacementLevel
from openiop.intake.placement import recommendation_to_dict
from openiop.intake.recommendation import recommend_from, stored_inputs
from openiop.intake.services.assessment import refuse_signed


def assessment_sign(
    *,
    actor: Actor,
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
    refuse_signed(assessment)
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
        relock(assessment)
        refuse_signed(assessment)  # again, under the lock: an assessment is signed once
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


def assessment_cosign(*, actor: Actor, assessment: Assessment, note: str) -> Cosignature:
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


def _availability_to_current_week(actor: Actor, assessment: Assessment) -> None:
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
    record_change(
        actor=actor,
        instance=assessment.client,
        before=snapshot(assessment.client),
        object_type="clientavailability",
        detail={"windows": len(given), "from_assessment": assessment.pk},
    )
