"""The API of alumni follow-ups (mounted at /api/v1/followups)."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from openiop.accounts import policy
from openiop.accounts.types import acting_user
from openiop.aftercare import followups_selectors as selectors
from openiop.aftercare import followups_services as services
from openiop.aftercare.models import AlumniStatus, AttemptOutcome, ContactMethod
from openiop.clients.api import EpisodeOut
from openiop.clients.models import LevelOfCare
from openiop.core.api import Date, Id

router = Router(tags=["followups"])
Answer = Annotated[int, Field(ge=0, le=9)]


class FollowUpOut(Schema):
    id: int
    client_id: int
    episode_id: int
    assigned_to_id: int
    days_after_discharge: int
    due_date: dt.date
    status: str
    alumni_status: str
    bam_id: int | None
    phq9_id: int | None
    readmission_id: int | None
    version: int


class AttemptIn(Schema):
    method: ContactMethod
    outcome: AttemptOutcome
    note: Annotated[str, Field(max_length=300)] = ""


class AttemptOut(Schema):
    id: int
    attempted_at: dt.datetime
    method: str
    outcome: str
    note: str


class CheckIn(Schema):
    bam: Annotated[list[Answer], Field(min_length=1, max_length=40)] | None = None
    phq9: Annotated[list[Answer], Field(min_length=1, max_length=40)] | None = None


class CloseIn(Schema):
    alumni_status: AlumniStatus
    note: Annotated[str, Field(max_length=500)] = ""
    expected_version: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None


class ReadmitIn(Schema):
    admission_date: Date
    reason: Annotated[str, Field(min_length=1, max_length=300)]
    evidence_text: Annotated[str, Field(min_length=1, max_length=500)]
    level_of_care: LevelOfCare = LevelOfCare.IOP
    prescribed_hours: Annotated[Decimal, Field(ge=0, le=99, max_digits=4, decimal_places=1)] | None = None
    expected_version: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None


@router.get("/followups", response=list[FollowUpOut], summary="Follow-ups due (yours, or your site's as director)")
def list_due(request: HttpRequest) -> object:
    if not policy.stay_sites(request.user):
        raise PermissionDenied("Your role does not follow up alumni.")
    rows, _count = selectors.followups_due_shown(user=request.user, limit=200)
    return rows


@router.get("/followups/{followup_id}", response=FollowUpOut, summary="One follow-up")
def get_followup(request: HttpRequest, followup_id: Id) -> object:
    return selectors.followup_get_for_user(user=request.user, pk=followup_id)


@router.post("/followups/{followup_id}/attempts", response={201: AttemptOut}, summary="Record a contact attempt")
def add_attempt(request: HttpRequest, followup_id: Id, payload: AttemptIn) -> Status[object]:
    followup = selectors.followup_get_for_user(user=request.user, pk=followup_id, action=None)
    attempt = services.followup_attempt_record(
        actor=acting_user(request),
        followup=followup,
        method=str(payload.method),
        outcome=str(payload.outcome),
        note=payload.note,
    )
    return Status(201, attempt)


@router.post("/followups/{followup_id}/check", response=FollowUpOut, summary="Record the BAM and/or PHQ-9 by phone")
def record_check(request: HttpRequest, followup_id: Id, payload: CheckIn) -> object:
    followup = selectors.followup_get_for_user(user=request.user, pk=followup_id, action=None)
    return services.followup_check_record(
        actor=acting_user(request), followup=followup, bam_answers=payload.bam, phq9_answers=payload.phq9
    )


@router.post("/followups/{followup_id}/close", response=FollowUpOut, summary="Finish with the client's status")
def close_followup(request: HttpRequest, followup_id: Id, payload: CloseIn) -> object:
    followup = selectors.followup_get_for_user(user=request.user, pk=followup_id, action=None)
    return services.followup_close(
        actor=acting_user(request),
        followup=followup,
        alumni_status=str(payload.alumni_status),
        note=payload.note,
        expected_version=payload.expected_version,
    )


@router.post(
    "/followups/{followup_id}/readmit", response={201: EpisodeOut}, summary="Readmit: a new episode linked to the old"
)
def readmit(request: HttpRequest, followup_id: Id, payload: ReadmitIn) -> Status[object]:
    followup = selectors.followup_get_for_user(user=request.user, pk=followup_id, action=None)
    episode = services.followup_readmit(
        actor=acting_user(request),
        followup=followup,
        admission_date=payload.admission_date,
        reason=payload.reason,
        evidence_text=payload.evidence_text,
        level_of_care=str(payload.level_of_care),
        prescribed_hours=payload.prescribed_hours,
        expected_version=payload.expected_version,
    )
    return Status(201, episode)
