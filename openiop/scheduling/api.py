"""Planning and client availability over JSON."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import acting_user
from openiop.clients.selectors import client_get_for_user
from openiop.core.api import Date, Id, Time
from openiop.program.selectors import READ_ROLES
from openiop.scheduling import selectors, services
from openiop.scheduling.models import AvailabilityKind, PlanRun

router = Router(tags=["scheduling"])


class PlanIn(Schema):
    site_id: Id
    week: Date
    time_limit_s: float = Field(10, gt=0, le=600)


class PlanRunOut(Schema):
    id: int
    site_id: int
    week_start: dt.date
    status: str
    progress: int
    step: str
    solver_status: str
    warnings: list[str]
    error: str
    accepted_at: dt.datetime | None
    solution: dict[str, Any] | None


class WindowIn(Schema):
    weekday: int = Field(..., ge=0, le=6)
    start_time: Time
    end_time: Time
    kind: AvailabilityKind = AvailabilityKind.AVAILABLE


class WindowOut(WindowIn):
    id: int


class AvailabilityIn(Schema):
    windows: list[WindowIn]


class AcceptOut(Schema):
    run: PlanRunOut
    added: int
    removed: int
    individual: int


def _out(run: PlanRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "site_id": run.site_id,
        "week_start": run.week_start,
        "status": run.status,
        "progress": run.progress,
        "step": run.step,
        "solver_status": run.solver_status,
        "warnings": run.warnings,
        "error": run.error,
        "accepted_at": run.accepted_at,
        "solution": run.solution,
    }


@router.post("/plan-runs", response={201: PlanRunOut}, summary="Plan a week (runs in the background)")
def start_plan(request: HttpRequest, payload: PlanIn) -> Status[object]:
    if not policy.sites_with(request.user, READ_ROLES):
        raise PermissionDenied("Planning is for program directors.")
    site = Site.objects.filter(pk=payload.site_id).first()
    if site is None:
        raise ValidationError({"site_id": "No such site."})
    run = services.plan_run_start(
        actor=acting_user(request), site=site, week_start=payload.week, time_limit_s=payload.time_limit_s
    )
    return Status(201, _out(run))


@router.get("/plan-runs/{run_id}", response=PlanRunOut, summary="A plan run: progress, then the solution")
def get_plan(request: HttpRequest, run_id: Id) -> object:
    if not policy.sites_with(request.user, READ_ROLES):
        raise PermissionDenied("Plans are for directors and clinicians.")
    run = selectors.run_get_for_user(user=request.user, pk=run_id)
    if services.plan_run_recover(run=run):  # its worker died: answer with the outcome
        run.refresh_from_db()
    data = _out(run)
    if not policy.directs_site(request.user, run.site_id):
        # The solution and the notes name every client of the site: directors only.
        data["solution"], data["warnings"] = None, []
    return data


@router.post("/plan-runs/{run_id}/accept", response=AcceptOut, summary="Apply a finished plan to the rosters")
def accept_plan(request: HttpRequest, run_id: Id) -> object:
    if not policy.sites_with(request.user, READ_ROLES):
        raise PermissionDenied("Planning is for program directors.")
    run = selectors.run_get_for_user(user=request.user, pk=run_id)
    counts = services.plan_accept(actor=acting_user(request), run=run)
    run.refresh_from_db()
    return {"run": _out(run), **counts}


@router.get("/clients/{client_id}/availability", response=list[WindowOut], summary="A client's weekly availability")
def get_availability(request: HttpRequest, client_id: Id) -> object:
    if not policy.sites_with(request.user, policy.CLINICAL_ROLES):
        raise PermissionDenied("Your role does not give access to client records.")
    client = client_get_for_user(user=request.user, pk=client_id, what="client_availability")
    return selectors.availability_for_client(client=client)


@router.put("/clients/{client_id}/availability", response=list[WindowOut], summary="Replace a client's week")
def put_availability(request: HttpRequest, client_id: Id, payload: AvailabilityIn) -> object:
    client = client_get_for_user(user=request.user, pk=client_id, action=None)
    windows = [w.dict() for w in payload.windows]
    return services.client_availability_replace(actor=acting_user(request), client=client, windows=windows)
