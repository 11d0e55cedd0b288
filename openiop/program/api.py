"""The program over JSON: tracks, the curriculum, the group calendar and rosters."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from openiop.accounts import policy
from openiop.accounts.types import acting_user
from openiop.clients.selectors import client_get_for_user
from openiop.core.api import Date, Id
from openiop.core.time import parse_week
from openiop.program import selectors, services
from openiop.program.models import EnrollmentSource, GroupSession, SessionEnrollment
from openiop.program.selectors import READ_ROLES

router = Router(tags=["program"])


class TrackOut(Schema):
    id: int
    site_id: int
    name: str
    population: str
    gender_rule: str
    focus: str
    usual_blocks: list[dict[str, Any]]
    default_prescribed_hours: Decimal
    active: bool


class ModuleOut(Schema):
    slug: str
    name: str
    description: str
    modality: str
    materials: str


class SessionOut(Schema):
    id: int
    site_id: int
    series_id: int | None
    track_id: int
    track: str
    module: str | None
    room: str | None
    facilitator_ids: list[int]
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    enrolled: int
    status: str
    change_reason: str
    sequence: int


class RosterEntry(Schema):
    client_id: int
    display_name: str
    source: str


class EnrollmentIn(Schema):
    client_id: Id
    source: EnrollmentSource = EnrollmentSource.MANUAL


class EnrollmentOut(Schema):
    id: int
    session_id: int
    client_id: int
    source: str
    created_at: dt.datetime


class CancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200)


class SiteWeek(Schema):
    site_id: Id | None = None
    week: Date | None = None


def _session_out(session: GroupSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "site_id": session.site_id,
        "series_id": session.series_id,
        "track_id": session.track_id,
        "track": session.track.name,
        "module": session.module.slug if session.module else None,
        "room": session.room.name if session.room else None,
        "facilitator_ids": [f.pk for f in session.facilitators.all()],
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "capacity": session.capacity,
        "enrolled": getattr(session, "enrolled", 0),
        "status": session.status,
        "change_reason": session.change_reason,
        "sequence": session.sequence,
    }


def _require_read(request: HttpRequest) -> None:
    if not policy.sites_with(request.user, READ_ROLES):
        raise PermissionDenied("Program pages are for directors and clinicians.")


@router.get("/tracks", response=list[TrackOut], summary="Tracks of a site")
def list_tracks(request: HttpRequest, params: Query[SiteWeek]) -> object:
    _require_read(request)
    site = selectors.site_for_user(user=request.user, pk=params.site_id)
    return list(selectors.tracks_for_site(site=site))


@router.get("/modules", response=list[ModuleOut], summary="The curriculum")
def list_modules(request: HttpRequest) -> object:
    _require_read(request)
    return list(selectors.modules())


@router.get("/sessions", response=list[SessionOut], summary="Group sessions of a site's week")
def list_sessions(request: HttpRequest, params: Query[SiteWeek]) -> object:
    _require_read(request)
    site = selectors.site_for_user(user=request.user, pk=params.site_id)
    monday = parse_week(params.week.isoformat() if params.week else None, site)
    return [_session_out(s) for s in selectors.sessions_for_week(site=site, week_start=monday)]


@router.get("/sessions/{session_id}", response=SessionOut, summary="One group session")
def get_session(request: HttpRequest, session_id: Id) -> object:
    _require_read(request)
    return _session_out(selectors.session_get_for_user(user=request.user, pk=session_id))


@router.get("/sessions/{session_id}/roster", response=list[RosterEntry], summary="Who is enrolled (that you may see)")
def get_roster(request: HttpRequest, session_id: Id) -> object:
    if not policy.sites_with(request.user, policy.CLINICAL_ROLES):
        raise PermissionDenied("Your role does not give access to rosters.")
    session = selectors.session_get_for_roster(user=request.user, pk=session_id)
    clients = selectors.roster_for_session(user=request.user, session=session)
    sources = dict(
        SessionEnrollment.objects.filter(session=session, client__in=clients).values_list("client_id", "source")
    )
    return [{"client_id": c.pk, "display_name": c.display_name, "source": sources[c.pk]} for c in clients]


@router.post("/sessions/{session_id}/enrollments", response={201: EnrollmentOut}, summary="Add a client to the roster")
def add_enrollment(request: HttpRequest, session_id: Id, payload: EnrollmentIn) -> Status[object]:
    if not policy.sites_with(request.user, policy.CLINICAL_ROLES):
        raise PermissionDenied("Your role does not give access to rosters.")
    session = selectors.session_get_for_roster(user=request.user, pk=session_id)
    client = client_get_for_user(user=request.user, pk=payload.client_id, action=None)
    return Status(
        201, services.enrollment_add(actor=acting_user(request), session=session, client=client, source=payload.source)
    )


@router.delete(
    "/sessions/{session_id}/enrollments/{client_id}", response={204: None}, summary="Take a client off the roster"
)
def remove_enrollment(request: HttpRequest, session_id: Id, client_id: Id) -> Status[None]:
    if not policy.sites_with(request.user, policy.CLINICAL_ROLES):
        raise PermissionDenied("Your role does not give access to rosters.")
    session = selectors.session_get_for_roster(user=request.user, pk=session_id)
    client = client_get_for_user(user=request.user, pk=client_id, action=None)
    services.enrollment_remove(actor=acting_user(request), session=session, client=client)
    return Status(204, None)


@router.post("/sessions/{session_id}/cancel", response=SessionOut, summary="Cancel one group session")
def cancel_session(request: HttpRequest, session_id: Id, payload: CancelIn) -> object:
    _require_read(request)
    session = selectors.session_get_for_user(user=request.user, pk=session_id)
    services.session_cancel(actor=acting_user(request), session=session, reason=payload.reason)
    return _session_out(selectors.session_get_for_user(user=request.user, pk=session_id))
