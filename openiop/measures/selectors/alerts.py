"""Reads of alerts, through the access policy; what is shown is recorded."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from openiop.accounts import policy
from openiop.accounts.types import Viewer
from openiop.audit.services import record_list, record_read
from openiop.clients.models import Client
from openiop.measures.models import Alert, AlertStatus
from openiop.measures.selectors.common import HOME_LIST_LIMIT


def alert_open_exists(*, client_id: int, kind: str) -> bool:
    """Whether the client already has an open alert of this kind (services raise one at a time)."""
    return Alert.objects.filter(client_id=client_id, kind=kind, status=AlertStatus.OPEN).exists()


def alerts_open_for_client(*, client: Client) -> list[Alert]:
    return list(
        Alert.objects.filter(client=client, status=AlertStatus.OPEN)
        .select_related("assigned_to", "source")
        .order_by("-opened_at", "-pk")
    )


def _alert_home_q(user: Viewer) -> Q:
    directed = policy.directed_sites(user)
    return Q(assigned_to=user) | Q(site_id__in=directed)


def alerts_open_for_home(*, user: Viewer) -> list[Alert]:
    """Open alerts assigned to the user, and every open alert at the sites they direct; the
    clients shown are recorded."""
    alerts = list(
        Alert.objects.filter(_alert_home_q(user), status=AlertStatus.OPEN, client__in=policy.clients_for(user))
        .select_related("client", "assigned_to", "source")
        .order_by("-opened_at", "-pk")[:HOME_LIST_LIMIT]
    )
    if alerts:
        record_list(user=user, object_type="alert", shown=sorted({a.client_id for a in alerts}))
    return alerts


def alert_get_for_user(*, user: Viewer, pk: int, record: bool = False) -> Alert:
    """The alert if the user may see the client (else 404); 403 if they may see the client but
    not its clinical record (billing). ``record``: the alert is shown to the user (a read)."""
    alert = (
        Alert.objects.filter(pk=pk, client__in=policy.clients_for(user))
        .select_related("client", "client__site", "assigned_to", "source")
        .first()
    )
    if alert is None:
        raise Http404("No such alert")
    if not policy.can_act_on_alerts(user, alert.client):
        raise PermissionDenied("Your role does not give access to clinical alerts.")
    if record:
        record_read(user=user, instance=alert)
    return alert
