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

After admission (the client has an episode of care) the intake findings — the screenings and the
assessment with its decision — stay with those who treat the client (issue 11):

| role      | findings before admission | after admission                         |
|-----------|---------------------------|-----------------------------------------|
| director  | yes                       | yes                                     |
| medical   | yes                       | yes                                     |
| clinician | the ones they may see     | the ones they may see                   |
| intake    | yes (their sites)         | only when on the client's care team     |

An intake coordinator keeps the inquiry itself (name, calls, status) for the pipeline's history.
Linking an inquiry to an existing client record (a true duplicate) is the site director's.
"""

from __future__ import annotations

from collections.abc import Iterable
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
# Who reads the intake findings of an admitted client without being on the care team.
FINDINGS_AFTER_ADMISSION_ROLES = frozenset({Role.DIRECTOR, Role.MEDICAL, Role.CLINICIAN})
# Who links an inquiry to an existing client record (a true duplicate, possibly admitted).
LINK_ROLES = frozenset({Role.DIRECTOR})
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
    from openiop.clients.models import CareTeamMember
    from openiop.intake.models import Assessment

    q = Q(site_id__in=sites_with(user, ASSESSMENT_READ_ROLES), client__in=clients_for(user).values("pk"))
    intake = sites_with(user, _INTAKE)
    if intake and isinstance(user, User):  # an admitted client's assessment stays with intake on the care team
        on_team = Exists(CareTeamMember.objects.filter(client_id=OuterRef("client_id"), user=user))
        q |= Q(site_id__in=intake) & Q(on_team)
    return Assessment.objects.filter(q)


_INTAKE = frozenset({Role.INTAKE})


def findings_hidden_for(user: Viewer, inquiries: Iterable[Inquiry]) -> set[int]:
    """The ids of those inquiries whose screenings and assessment decision the user may not read:
    the client is admitted, and the user reads them only as intake, off the care team.

    One query at most, none for someone who never loses them (a director, medical staff, a clinician).
    """
    from openiop.clients.models import CareTeamMember, Client, Episode

    if not isinstance(user, User):
        return set()  # anonymous visitors hold no intake role: nothing is hidden because nothing is shown
    as_intake_only = [
        i
        for i in inquiries
        if i.client_id is not None
        and Role.INTAKE in roles_at(user, i.site_id)
        and not roles_at(user, i.site_id) & FINDINGS_AFTER_ADMISSION_ROLES
    ]
    if not as_intake_only:
        return set()
    hidden_clients = set(
        Client.objects.filter(pk__in={i.client_id for i in as_intake_only})
        .filter(Exists(Episode.objects.filter(client_id=OuterRef("pk"))))
        .exclude(Exists(CareTeamMember.objects.filter(client_id=OuterRef("pk"), user=user)))
        .values_list("pk", flat=True)
    )
    return {i.pk for i in as_intake_only if i.client_id in hidden_clients}


def sees_intake_findings(user: Viewer, inquiry: Inquiry) -> bool:
    """Whether the user may read this inquiry's screenings and its assessment decision."""
    return inquiry.pk not in findings_hidden_for(user, [inquiry])


def can_link_inquiry_to_client(user: Viewer, inquiry: Inquiry) -> bool:
    """Link an inquiry to an existing client record of its site (the director's merge of a true duplicate)."""
    return bool(roles_at(user, inquiry.site_id) & LINK_ROLES)


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
