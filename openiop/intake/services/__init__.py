"""Writes to intake records. Each validates, saves and audits in one transaction."""

from openiop.intake.services.admission import episode_admit
from openiop.intake.services.assessment import assessment_book, assessment_cancel, assessment_update
from openiop.intake.services.assessment_signing import assessment_cosign, assessment_sign, cosignature_required
from openiop.intake.services.inquiries import (
    call_log_create,
    follow_up_complete,
    follow_up_create,
    inquiry_convert,
    inquiry_create,
    inquiry_link_to_client,
    inquiry_transition,
    inquiry_update,
)
from openiop.intake.services.screening import screening_create
from openiop.intake.services.settings import intake_settings_update

__all__ = [
    "assessment_book",
    "assessment_cancel",
    "assessment_cosign",
    "assessment_sign",
    "assessment_update",
    "call_log_create",
    "cosignature_required",
    "episode_admit",
    "follow_up_complete",
    "follow_up_create",
    "inquiry_convert",
    "inquiry_create",
    "inquiry_link_to_client",
    "inquiry_transition",
    "inquiry_update",
    "intake_settings_update",
    "screening_create",
]
