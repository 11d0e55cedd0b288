"""Which rows a FHIR caller may see, asked of the access policy exactly as the pages ask it.

- Patient, EpisodeOfCare, Encounter, Appointment, Consent: the clients the user sees
  (``policy.clients_for``: a director or billing every client of their sites, a clinician their
  caseload and groups, intake the clients not yet admitted, a client only themself).
- Observation, QuestionnaireResponse, Condition, CarePlan (clinical record): only the clients whose
  narratives the user may read (never billing), as the chart's clinical tabs.
- Practitioner, Organization, Location: those of the user's own sites (a client: their site).
Users with no clinical role anywhere (an auditor) and no client record may not use the API at all.
"""

from typing import Any

from django.db.models import QuerySet

from openiop.accounts import policy
from openiop.accounts.types import Viewer


def may_use_fhir(user: Viewer) -> bool:
    return bool(policy.sites_with(user, policy.CLINICAL_ROLES)) or policy.is_client_user(user)


def visible_clients(user: Viewer) -> QuerySet[Any]:
    return policy.clients_for(user)


def clinical_clients(user: Viewer) -> QuerySet[Any]:
    clients = policy.clients_for(user)
    if policy.is_staff_member(user):
        return clients.filter(site_id__in=policy.sites_with(user, policy.NARRATIVE_ROLES))
    return clients


def caller_sites(user: Viewer) -> list[int]:
    if policy.is_staff_member(user):
        return policy.sites_with(user, policy.CLINICAL_ROLES)
    return list(policy.clients_for(user).values_list("site_id", flat=True))
