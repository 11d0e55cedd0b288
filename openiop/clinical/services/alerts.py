"""Retention and drug-screen alerts, raised through the measures app's alert model and service.

Assigned to the client's primary clinician (the caseload); one open alert of a kind per client.
"""

from typing import Any

from openiop.clients.models import Episode, EpisodeStatus

RETENTION = "retention"
UNEXPECTED_POSITIVE = "drug-screen-unexpected"


def open_alert_exists(*, client_id: int, kind: str) -> bool:
    from openiop.measures.models import Alert

    return Alert.objects.filter(client_id=client_id, kind=kind, status="open").exists()


def alert_raise(*, actor: Any, client_id: int, kind: str, severity: str, message: str) -> Any:
    from openiop.clients.models import Client
    from openiop.measures import services  # measures imports clinical's models: import at call time

    client = Client.objects.get(pk=client_id)
    episode = Episode.objects.filter(client_id=client_id, status=EpisodeStatus.ACTIVE).first()
    assignee = episode.primary_clinician if episode is not None else None
    return services.alert_raise(
        actor=actor, client=client, kind=kind, severity=severity, summary=message, assigned_to=assignee
    )
