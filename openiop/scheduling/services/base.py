"""Checks shared by the scheduling writes."""

from django.core.exceptions import PermissionDenied, ValidationError

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.clients.models import Client
from openiop.scheduling.models import (
    PlanRun,
    PlanStatus,
)


def _require_director(actor: Actor, site_id: int) -> None:
    if not policy.directs_site(actor, site_id):
        raise PermissionDenied("Only the program director of this site may plan its weeks.")


def _require_change(actor: Actor, client: Client) -> None:
    if not policy.can_change_client(actor, client):
        raise PermissionDenied("You may not change this client.")


def _require_open(run: PlanRun) -> None:
    if run.status != PlanStatus.DONE:
        raise ValidationError({"__all__": "This plan has not finished."})
    if run.solver_status == "infeasible":
        raise ValidationError({"__all__": "The solver found no valid plan for this week; nothing to change."})
