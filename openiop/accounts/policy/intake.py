"""Who may see or change intake records (inquiries, screenings, assessments, admission).

| role      | inquiries & screenings               | assessments                                   | admit |
|-----------|--------------------------------------|-----------------------------------------------|-------|
| director  | all at their sites, change           | all at their sites, edit, sign                | yes   |
| intake    | all at their sites, change; book     | read, while the client is not admitted        | no    |
| clinician | read, only those with an assessment  | the ones they may see as clients (the booked  | yes   |
|           | booked with them                     | clinician joins the care team); edit, sign    |       |
|           |                                      | their own                                     |       |
| medical   | read, all at their sites             | all at their sites; edit the medical part;    | no    |
|           |                                      | co-sign                                       |       |
| billing   | none                                 | none                                          | no    |
| auditor   | none                                 | none                                          | no    |
| client    | none (the public form only writes)   | none                                          | no    |

Assessments are client records, so reading one also needs ``clients_for``. Nobody sees another
site's inquiries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from openiop.accounts.models import Role, User
from openiop.accounts.policy.sites import (
    TREATING_ROLES,
    can_change_client,
    clients_for,
    clinician_sites,
    roles_at,
    sites_with,
)
from openiop.accounts.types import Viewer

if TYPE_CHECKING:
    from openiop.intake.models import Assessment, Inquiry

PIPELINE_ROLES = frozenset({Role.DIRECTOR, Role.INTAKE})
INQUIRY_READ_ROLES = frozenset({Role.DIRECTOR, Role.INTAKE, Role.MEDICAL})
ASSESSMENT_READ_ROLES = frozenset({Role.DIRECTOR, Role.INTAKE, Role.CLINICIAN, Role.MEDICAL})
ASSESSMENT_EDIT_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.MEDICAL})
SIGN_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN})
ADMIT_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN})
COSIGN_ROLES = frozenset({Role.MEDICAL})
# Anyone who reaches some intake page (the decorator's coarse check; rows are filtered below).
INTAKE_STAFF = frozenset({Role.DIRECTOR, Role.INTAKE, Role.CLINICIAN, Role.MEDICAL})


def inquiries_for(user: Viewer) -> QuerySet[Inquiry]:
    from openiop.intake.models import Assessment, Inquiry

    q = Q(site_id__in=sites_with(user, INQUIRY_READ_ROLES))
    treating = clinician_sites(user)
    if treating and isinstance(user, User):
        booked_with_me = Exists(Assessment.objects.filter(inquiry_id=OuterRef("pk"), clinician=user))
        q |= Q(site_id__in=treating) & Q(booked_with_me)
    return Inquiry.objects.filter(q)


def pipeline_sites(user: Viewer) -> list[int]:
    return sites_with(user, PIPELINE_ROLES)


def can_change_inquiry(user: Viewer, inquiry: Inquiry) -> bool:
    return bool(roles_at(user, inquiry.site_id) & PIPELINE_ROLES)


def can_create_inquiry_at(user: Viewer, site_id: int) -> bool:
    return bool(roles_at(user, site_id) & PIPELINE_ROLES)


def assessments_for(user: Viewer) -> QuerySet[Assessment]:
    from openiop.intake.models import Assessment

    return Assessment.objects.filter(
        site_id__in=sites_with(user, ASSESSMENT_READ_ROLES),
        client__in=clients_for(user).values("pk"),
    )


def can_edit_assessment(user: Viewer, assessment: Assessment) -> bool:
    roles = roles_at(user, assessment.site_id)
    if not roles & ASSESSMENT_EDIT_ROLES or not assessment.is_open:
        return False
    if Role.DIRECTOR in roles or Role.MEDICAL in roles:
        return True
    return bool(assessment.clinician_id == user.pk)


def edits_medical_part_only(user: Viewer, assessment: Assessment) -> bool:
    """Medical staff (without a clinician or director role there) edit vitals and withdrawal scales only."""
    return not roles_at(user, assessment.site_id) & SIGN_ROLES


def can_sign_assessment(user: Viewer, assessment: Assessment) -> bool:
    roles = roles_at(user, assessment.site_id)
    return assessment.is_open and (
        Role.DIRECTOR in roles or (Role.CLINICIAN in roles and assessment.clinician_id == user.pk)
    )


def can_cosign(user: Viewer, assessment: Assessment) -> bool:
    return bool(roles_at(user, assessment.site_id) & COSIGN_ROLES)


def can_admit(user: Viewer, assessment: Assessment) -> bool:
    return bool(roles_at(user, assessment.site_id) & ADMIT_ROLES) and can_change_client(user, assessment.client)


def can_book_assessment(user: Viewer, inquiry: Inquiry) -> bool:
    return can_change_inquiry(user, inquiry)


# Who reaches the assessment list page (the rows are filtered by ``assessments_for``).
ASSESSOR_ROLES = ASSESSMENT_EDIT_ROLES | PIPELINE_ROLES
# Who gets the home page's "assessments" panel.
ASSESSMENT_HOME_ROLES = frozenset({Role.CLINICIAN, Role.MEDICAL})
# Who sees everyone's open assessments at a site in the worklist (a clinician sees their own).
_WORKLIST_WIDE_ROLES = frozenset({Role.DIRECTOR, Role.MEDICAL, Role.INTAKE})


def assessment_worklist_sites(user: Viewer) -> list[int]:
    """Sites where the user's worklist holds every open assessment, not only their own."""
    return sites_with(user, _WORKLIST_WIDE_ROLES)


def can_hold_assessment(user: Viewer, site_id: int) -> bool:
    """May be the clinician an assessment is booked with: a clinician or director of the site."""
    return bool(roles_at(user, site_id) & TREATING_ROLES)
