"""Who may see or change what: the one place that decides (design, "Who uses it").

Every role set and every question about roles lives in this package; apps ask it named
questions (``policy.can_run_session(user, session)``) and never compare roles themselves
(``openiop/accounts/tests/test_policy_is_the_only_home.py`` greps the tree for it).

| module        | decides                                                                    |
|---------------|----------------------------------------------------------------------------|
| ``sites``     | memberships, which clients a user sees, changes, reads narratives of; audit |
| ``intake``    | inquiries, screenings, assessments, admission                              |

The role table (clients visible, change, narratives) is in ``sites``; each module's docstring
has the table of its own domain.
"""


# Re-exported so that every app asks ``policy.<question>`` (``from openiop.accounts import policy``).

from openiop.accounts.policy.intake import (
    ADMIT_ROLES,
    ASSESSMENT_EDIT_ROLES,
    ASSESSMENT_HOME_ROLES,
    ASSESSMENT_READ_ROLES,
    ASSESSOR_ROLES,
    COSIGN_ROLES,
    INQUIRY_READ_ROLES,
    INTAKE_STAFF,
    PIPELINE_ROLES,
    SIGN_ROLES,
    assessment_worklist_sites,
    assessments_for,
    can_admit,
    can_book_assessment,
    can_change_inquiry,
    can_cosign,
    can_create_inquiry_at,
    can_edit_assessment,
    can_hold_assessment,
    can_sign_assessment,
    edits_medical_part_only,
    inquiries_for,
    pipeline_sites,
)
from openiop.accounts.policy.sites import (
    AUDIT_ROLES,
    CHANGE_ROLES,
    CLINICAL_ROLES,
    CLINICIAN_ROLES,
    DIRECTOR_ROLES,
    FULL_SITE_ROLES,
    NARRATIVE_ROLES,
    TREATING_ROLES,
    audit_sites,
    can_change_client,
    can_configure_site,
    can_create_client_at,
    can_read_audit,
    can_view_client,
    can_view_narratives,
    clients_for,
    clinician_sites,
    directed_sites,
    directs_site,
    is_client_user,
    is_clinician_at,
    is_staff_member,
    primary_role,
    role_at,
    roles_at,
    site_roles,
    sites_with,
    visible_clients_q,
)

__all__ = [
    "ADMIT_ROLES",
    "ASSESSMENT_EDIT_ROLES",
    "ASSESSMENT_HOME_ROLES",
    "ASSESSMENT_READ_ROLES",
    "ASSESSOR_ROLES",
    "AUDIT_ROLES",
    "CHANGE_ROLES",
    "CLINICAL_ROLES",
    "CLINICIAN_ROLES",
    "COSIGN_ROLES",
    "DIRECTOR_ROLES",
    "FULL_SITE_ROLES",
    "INQUIRY_READ_ROLES",
    "INTAKE_STAFF",
    "NARRATIVE_ROLES",
    "PIPELINE_ROLES",
    "SIGN_ROLES",
    "TREATING_ROLES",
    "assessment_worklist_sites",
    "assessments_for",
    "audit_sites",
    "can_admit",
    "can_book_assessment",
    "can_change_client",
    "can_change_inquiry",
    "can_configure_site",
    "can_cosign",
    "can_create_client_at",
    "can_create_inquiry_at",
    "can_edit_assessment",
    "can_hold_assessment",
    "can_read_audit",
    "can_sign_assessment",
    "can_view_client",
    "can_view_narratives",
    "clients_for",
    "clinician_sites",
    "directed_sites",
    "directs_site",
    "edits_medical_part_only",
    "inquiries_for",
    "is_client_user",
    "is_clinician_at",
    "is_staff_member",
    "pipeline_sites",
    "primary_role",
    "role_at",
    "roles_at",
    "site_roles",
    "sites_with",
    "visible_clients_q",
]
