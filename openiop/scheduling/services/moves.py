"""Hand moves on a proposed plan, each re-checked against the hard rules."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction

from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change
from openiop.clients.models import Client
from openiop.program.models import (
    GroupSession,
)
from openiop.scheduling.export import client_key, session_key
from openiop.scheduling.hand_moves import Individual, change_problems
from openiop.scheduling.models import (
    PlanAssignment,
    PlanClient,
    PlanRun,
)
from openiop.scheduling.services.base import _require_director, _require_open
from openiop.scheduling.solver.problem import parse_problem


def _individual(run: PlanRun, row: PlanClient) -> Individual | None:
    if row.individual_starts_at is None or row.individual_ends_at is None:
        return None
    from openiop.core.time import local

    start, end = local(run.site, row.individual_starts_at), local(run.site, row.individual_ends_at)
    return Individual(start.weekday(), start.hour * 60 + start.minute, end.hour * 60 + end.minute or 24 * 60)


def plan_move_check(
    *, run: PlanRun, client: Client, remove: GroupSession | None, add: GroupSession | None
) -> list[str]:
    """Why this change would break a hard rule (empty: allowed). Reads the plan as it is now."""
    row = PlanClient.objects.filter(run=run, client=client).first()
    if row is None:
        return ["The client is not part of this week's plan."]
    placed = list(PlanAssignment.objects.filter(run=run).values_list("client_id", "session_id"))
    enrolled: dict[str, int] = defaultdict(int)
    current = []
    for client_pk, session_pk in placed:
        enrolled[session_key(session_pk)] += 1
        if client_pk == client.pk:
            current.append(session_key(session_pk))
    return change_problems(
        parse_problem(run.problem),
        client_key(client.pk),
        current,
        add=session_key(add.pk) if add is not None else None,
        remove=session_key(remove.pk) if remove is not None else None,
        individual=_individual(run, row),
        enrolled=enrolled,
    )


def plan_move(
    *, actor: Actor, run: PlanRun, client: Client, remove: GroupSession | None, add: GroupSession | None
) -> None:
    """Change one client's placement in a proposed plan, or refuse with the rules it would break."""
    _require_director(actor, run.site_id)
    with transaction.atomic():
        locked = PlanRun.objects.select_for_update().select_related("site").get(pk=run.pk)
        _require_open(locked)
        if locked.accepted_at is not None:
            raise ValidationError({"__all__": "This plan was accepted; change the rosters instead."})
        reasons = plan_move_check(run=locked, client=client, remove=remove, add=add)
        if reasons:
            raise ValidationError({"__all__": reasons})
        if remove is not None:
            PlanAssignment.objects.filter(run=locked, client=client, session=remove).delete()
        if add is not None:
            PlanAssignment.objects.create(run=locked, client=client, session=add, by_hand=True)
        record_change(
            actor=actor,
            instance=locked,
            before=snapshot(locked),
            object_type="planassignment",
            client_id=client.pk,
            detail={"removed": remove.pk if remove else None, "added": add.pk if add else None},
        )
