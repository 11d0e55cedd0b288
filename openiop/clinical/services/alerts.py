"""Retention and drug-screen alerts, raised through the measures app's alert model and service.

Assigned to the client's primary clinician (the caseload); one open alert of a kind per client.
"""

import importlib
import importlib.util
from typing import Any

from django.utils import timezone

from openiop.audit.models import Action
from openiop.audit.services import audit_record
from openiop.clients.models import Episode, EpisodeStatus

RETENTION = "retention"
UNEXPECTED_POSITIVE = "drug-screen-unexpected"


def open_alert_exists(*, client_id: int, kind: str) -> bool:
    from openiop.measures.models import Alert

    return Alert.objects.filter(client_id=client_id, kind=kind, status="open").exists()


def alert_raise(*, actor: Any, client_id: int, kind: str, severity: str, message: str) -> Any:
    from openiop.clients.models import Client

    client = Client.objects.get(pk=client_id)
    episode = Episode.objects.filter(client_id=client_id, status=EpisodeStatus.ACTIVE).first()
    assignee = episode.primary_clinician if episode is not None else None
    services = importlib.import_module("openiop.measures.services") if _has_services() else None
    raise_ = getattr(services, "alert_raise", None)
    if raise_ is not None:
        return raise_(actor=actor, client=client, kind=kind, severity=severity, summary=message, assigned_to=assignee)
    from openiop.measures.models import Alert

    # The measures service has not landed yet: write the row as it would (no choices check on kind).
    alert = Alert.objects.create(
        client=client,
        site_id=client.site_id,
        kind=kind,
        severity=severity,
        summary=message[:300],
        assigned_to=assignee,
        opened_at=timezone.now(),
    )
    audit_record(
        user=actor,
        action=Action.CREATE,
        object_type="alert",
        object_id=alert.pk,
        client_id=client.pk,
        site_id=client.site_id,
        detail={"kind": kind, "severity": severity, "assigned_to": alert.assigned_to_id},
    )
    return alert


def _has_services() -> bool:
    return importlib.util.find_spec("openiop.measures.services") is not None
