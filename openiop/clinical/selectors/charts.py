"""Opening a client's clinical chart: narratives are for the roles that read them; the read is
recorded here, so views and panels never write the audit trail themselves."""

from django.core.exceptions import PermissionDenied

from openiop.accounts import policy
from openiop.accounts.types import Viewer
from openiop.audit.models import Action
from openiop.audit.services import record_list, record_read
from openiop.clients.models import Client, EpisodeStatus
from openiop.clients.selectors import caseload_for_user, client_get_for_user, client_search_for_user
from openiop.clinical.models import SafetyPlan


def narrative_client_get(*, user: Viewer, pk: int, action: str | None = Action.VIEW, what: str = "client") -> Client:
    """The client (404 when not visible); 403 for roles that never read narratives (billing);
    records ``action`` on ``what``."""
    client = client_get_for_user(user=user, pk=pk, action=None)
    if not policy.can_view_narratives(user, client):
        raise PermissionDenied("Your role does not see clinical narratives.")
    if action:
        record_read(user=user, instance=client, action=action, object_type=what)
    return client


def safety_plan_printed(*, user: Viewer, version: SafetyPlan) -> None:
    """Record that one version of a safety plan was printed (its client already opened)."""
    record_read(user=user, instance=version, action=Action.PRINT, object_type="safety_plan")


def clinical_day_clients(*, user: Viewer, site_id: int, director: bool, limit: int) -> list[Client]:
    """The clients on the staff home page's clinical day: every active client of the site for
    its director, else the user's caseload; recorded when any are shown."""
    if director:
        clients = list(
            client_search_for_user(user=user)
            .filter(site_id=site_id, episodes__status=EpisodeStatus.ACTIVE)
            .distinct()[:limit]
        )
    else:
        clients = list(caseload_for_user(user=user)[:limit])
    if clients:
        record_list(user=user, object_type="clinical_day", shown=[c.pk for c in clients])
    return clients
