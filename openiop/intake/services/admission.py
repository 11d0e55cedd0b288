"""Admission: the episode of care an assessment leads to."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.services import record_create
from openiop.clients import services as client_services
from openiop.clients.models import Episode
from openiop.core.concurrency import Conflict, constraint_conflicts
from openiop.core.time import local_date
from openiop.intake import rules
from openiop.intake.models import Admission, Assessment, Cosignature, InquiryStatus
from openiop.intake.services.inquiries import inquiry_transition


def episode_admit(
    *,
    actor: Actor,
    assessment: Assessment,
    admission_date: dt.date,
    primary_clinician: Any,
    prescribed_hours_per_week: Decimal,
    track: str = "",
) -> Episode:
    """Open the IOP episode from a signed assessment whose decision is 2.1.

    Refuses (ValidationError, nothing saved) an unsigned assessment, any other decision, an IOP
    decision against a crisis or withdrawal-management recommendation without a medical
    co-signature, and a second admission from the same assessment.
    """
    if not policy.can_admit(actor, assessment):
        raise PermissionDenied("Only a director or a clinician of the client admits.")
    if not assessment.is_signed:
        raise ValidationError({"__all__": "Sign the assessment before admitting."})
    if assessment.decided_level != rules.IOP_LEVEL:
        raise ValidationError(
            {"__all__": f"The decision is {assessment.decided_level}, not IOP (2.1): refer elsewhere instead."}
        )
    if rules.decision_needs_reason(assessment.recommended_level, assessment.decided_level) and not (
        assessment.decision_reason.strip()
    ):
        raise ValidationError({"__all__": "The decision differs from the recommendation and gives no reason."})
    if (
        rules.cosignature_required(assessment.recommended_level, assessment.decided_level)
        and not Cosignature.objects.filter(assessment=assessment).exists()
    ):
        raise ValidationError(
            {
                "__all__": (
                    f"The recommendation was {assessment.recommended_level}: admitting to IOP needs a medical "
                    "staff co-signature first."
                )
            }
        )
    if Admission.objects.filter(assessment=assessment).exists():
        raise ValidationError({"__all__": "This assessment has already led to an admission."})
    if primary_clinician is None or not policy.is_clinician_at(primary_clinician, assessment.site_id):
        raise ValidationError({"primary_clinician": "Choose a clinician of this site."})
    signed_at = assessment.signed_at or timezone.now()
    if admission_date < local_date(assessment.site, signed_at):
        raise ValidationError({"admission_date": "Admission cannot start before the assessment was signed."})
    with transaction.atomic():
        # Two people admitting from one assessment at once: the second waits here, then sees the first.
        Assessment.objects.select_for_update(no_key=True).filter(pk=assessment.pk).first()
        if Admission.objects.filter(assessment=assessment).exists():
            raise Conflict("This assessment was admitted meanwhile by someone else; open the client's chart.")
        if Episode.objects.filter(client_id=assessment.client_id, site_id=assessment.site_id, status="active").exists():
            raise Conflict("The client already has an active episode at this site.")
        with constraint_conflicts("The client was admitted meanwhile by someone else; open the client's chart."):
            episode = client_services.episode_create(
                actor=actor,
                client=assessment.client,
                admission_date=admission_date,
                level_of_care=rules.IOP_LEVEL,
                track=track,
                population=assessment.population,
                prescribed_hours_per_week=prescribed_hours_per_week,
                primary_clinician=primary_clinician,
            )
            admission = Admission(assessment=assessment, episode=episode, admitted_by=actor, admitted_at=timezone.now())
            admission.full_clean()
            admission.save()
        inquiry = assessment.inquiry
        if inquiry.status != InquiryStatus.ADMITTED:
            inquiry_transition(actor=actor, inquiry=inquiry, to=InquiryStatus.ADMITTED, system=True)
        record_create(
            actor=actor,
            instance=admission,
            object_type="admission",
            client_id=assessment.client_id,
            site_id=assessment.site_id,
            detail={"assessment": assessment.pk, "episode": episode.pk},
        )
    return episode
