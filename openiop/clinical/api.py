"""Notes over JSON: list, read, change a draft, sign, add addenda (through the policy and the audit trail)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from openiop.accounts import policy
from openiop.accounts.types import acting_user
from openiop.clinical.models import Note, NoteLocked, NoteStatus, Objective
from openiop.clinical.selectors import notes as selectors
from openiop.clinical.services import notes as services
from openiop.core.api import DateTime, Id, NoNulls, Page
from openiop.core.concurrency import etag, parse_if_match

router = Router(tags=["clinical"])


class AddendumOut(Schema):
    id: int
    author_id: int
    text: str
    signed_at: dt.datetime


class NoteOut(Schema):
    id: int
    client_id: int
    site_id: int
    author_id: int
    kind: str
    format: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    service_code: str
    objective_id: int | None
    sections: dict[str, str]
    group_note_id: int | None
    status: str
    version: int
    content_sha256: str
    signed_at: dt.datetime | None
    signed_by_id: int | None
    cosign_required: bool
    cosigned_at: dt.datetime | None
    addenda: list[AddendumOut]

    @staticmethod
    def resolve_addenda(obj: Note) -> list[object]:
        return list(obj.addenda.all())


class NoteSummary(Schema):
    id: int
    client_id: int
    author_id: int
    kind: str
    starts_at: dt.datetime
    service_code: str
    status: str


class NotePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[NoteSummary]


class NoteParams(Schema):
    client: Id | None = None
    author: Id | None = None
    status: NoteStatus | None = None
    page: Page = 1


class NotePatch(NoNulls):
    # Left out means unchanged; only the service code and the objective may be cleared with null.
    __nullable__ = frozenset({"service_code", "objective_id"})
    starts_at: DateTime | None = None
    ends_at: DateTime | None = None
    service_code: str | None = Field(None, max_length=8)
    objective_id: Id | None = None
    sections: dict[str, str] | None = None


class SignIn(Schema):
    password: str = Field(..., max_length=200)
    code: str = Field("", max_length=10)


class AddendumIn(SignIn):
    text: str = Field(..., min_length=1, max_length=20_000)


def _require_narratives(request: HttpRequest) -> None:
    if not policy.sites_with(request.user, policy.NARRATIVE_ROLES):
        raise PermissionDenied("Your role does not see clinical notes.")


def _locked(exc: NoteLocked) -> HttpError:
    return HttpError(409, str(exc))


def _tagged(response: HttpResponse, note: Note) -> Note:
    response["ETag"] = etag(note.version)
    return note


@router.get("/notes", response=NotePage, summary="List the notes you may read")
def list_notes(request: HttpRequest, params: Query[NoteParams]) -> dict[str, object]:
    _require_narratives(request)
    items, count = selectors.note_slice_for_user(
        user=request.user, page=params.page, client_id=params.client, author_id=params.author, status=params.status
    )
    return {"count": count, "page": params.page, "page_size": settings.OPENIOP_PAGE_SIZE, "items": items}


@router.get("/notes/{note_id}", response=NoteOut, summary="Get one note with its addenda")
def get_note(request: HttpRequest, note_id: Id, response: HttpResponse) -> object:
    _require_narratives(request)
    return _tagged(response, selectors.note_get_for_user(user=request.user, pk=note_id))


@router.patch(
    "/notes/{note_id}",
    response=NoteOut,
    summary="Change a draft note (a signed note answers 409; a stale If-Match 412)",
    description="Writes only the fields sent. With `If-Match: <ETag>` the change is refused (412, with "
    "the current version) when someone changed the note since that version.",
)
def update_note(request: HttpRequest, note_id: Id, payload: NotePatch, response: HttpResponse) -> object:
    _require_narratives(request)
    note = selectors.note_get_for_user(user=request.user, pk=note_id, action=None)
    if note.is_signed:
        raise HttpError(409, "This note is signed and locked; add an addendum instead.")
    changes = payload.dict(exclude_unset=True)
    nulls = [k for k, v in changes.items() if v is None and k not in ("objective_id", "service_code")]
    if nulls:
        from django.core.exceptions import ValidationError

        raise ValidationError(dict.fromkeys(nulls, "This field cannot be null."))
    if "objective_id" in changes:
        objective_id = changes.pop("objective_id")
        changes["objective"] = Objective.objects.filter(pk=objective_id).first() if objective_id else None
        if objective_id and changes["objective"] is None:
            from django.core.exceptions import ValidationError

            raise ValidationError({"objective_id": "No such objective."})
    expected = parse_if_match(request.headers.get("If-Match"))
    try:
        note = services.note_update(actor=acting_user(request), note=note, expected_version=expected, **changes)
    except NoteLocked as exc:
        raise _locked(exc) from None
    return _tagged(response, note)


@router.post(
    "/notes/{note_id}/sign",
    response=NoteOut,
    summary="Sign a draft (password, and TOTP code if enrolled)",
    description="A draft is signed once: a second signature answers 409. With `If-Match: <ETag>` of the "
    "version you read, a note changed since answers 412 instead of signing text you have not seen.",
)
def sign_note(request: HttpRequest, note_id: Id, payload: SignIn, response: HttpResponse) -> object:
    _require_narratives(request)
    note = selectors.note_get_for_user(user=request.user, pk=note_id, action=None)
    expected = parse_if_match(request.headers.get("If-Match"))
    try:
        services.note_sign(
            actor=acting_user(request),
            note=note,
            password=payload.password,
            code=payload.code,
            expected_version=expected,
        )
    except NoteLocked as exc:
        raise _locked(exc) from None
    return _tagged(response, selectors.note_get_for_user(user=request.user, pk=note_id, action=None))


@router.post("/notes/{note_id}/addenda", response={201: AddendumOut}, summary="Add a signed addendum to a signed note")
def add_addendum(request: HttpRequest, note_id: Id, payload: AddendumIn) -> Status[object]:
    _require_narratives(request)
    note = selectors.note_get_for_user(user=request.user, pk=note_id, action=None)
    if not note.is_signed:
        raise HttpError(409, "Addenda are for signed notes; change the draft itself.")
    return Status(
        201,
        services.note_addendum_add(
            actor=acting_user(request), note=note, text=payload.text, password=payload.password, code=payload.code
        ),
    )
