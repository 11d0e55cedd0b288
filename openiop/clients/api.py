import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import acting_user
from openiop.clients import selectors, services
from openiop.clients.models import GenderIdentity, Language, SexAtBirth
from openiop.core.api import Date, Id, NoNulls, Page
from openiop.core.concurrency import etag, parse_if_match

router = Router(tags=["clients"])


class ClientOut(Schema):
    id: int
    site_id: int
    legal_first_name: str
    legal_last_name: str
    preferred_name: str
    date_of_birth: dt.date
    sex_assigned_at_birth: SexAtBirth
    gender_identity: str
    pronouns: str
    preferred_language: Language
    phone: str
    email: str
    address_line: str
    city: str
    state: str
    postal_code: str
    emergency_contact_name: str
    emergency_contact_relationship: str
    emergency_contact_phone: str
    version: int


class ClientSummary(Schema):
    id: int
    site_id: int
    display_name: str
    date_of_birth: dt.date


class ClientPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ClientSummary]


class ClientPatch(NoNulls):
    # Every field may be left out, none may be null: a stored client has no null text or date.
    legal_first_name: str | None = Field(None, min_length=1, max_length=100)
    legal_last_name: str | None = Field(None, min_length=1, max_length=100)
    preferred_name: str | None = Field(None, max_length=100)
    date_of_birth: Date | None = None
    sex_assigned_at_birth: SexAtBirth | None = None
    gender_identity: GenderIdentity | None = None
    pronouns: str | None = Field(None, max_length=40)
    preferred_language: Language | None = None
    phone: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    address_line: str | None = Field(None, max_length=200)
    city: str | None = Field(None, max_length=100)
    state: str | None = Field(None, max_length=2)
    postal_code: str | None = Field(None, max_length=10)
    emergency_contact_name: str | None = Field(None, max_length=200)
    emergency_contact_relationship: str | None = Field(None, max_length=60)
    emergency_contact_phone: str | None = Field(None, max_length=32)


class ClientIn(ClientPatch):
    site_id: Id
    legal_first_name: str = Field(..., min_length=1, max_length=100)
    legal_last_name: str = Field(..., min_length=1, max_length=100)
    date_of_birth: Date
    sex_assigned_at_birth: SexAtBirth


class EpisodeOut(Schema):
    id: int
    site_id: int
    level_of_care: str
    track: str
    population: str
    admission_date: dt.date
    prescribed_hours_per_week: Decimal
    primary_clinician_id: int | None
    status: str
    discharge_date: dt.date | None
    discharge_reason: str
    discharge_teds_reason: int | None
    discharge_use_frequency: int | None
    discharge_self_help_30d: int | None
    readmitted_from_id: int | None
    version: int


class SearchParams(Schema):
    q: str = Field("", max_length=100)
    page: Page = 1


@router.get("", response=ClientPage, summary="List or search the clients you may see")
def list_clients(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    if not policy.sites_with(request.user, policy.CLINICAL_ROLES):
        raise PermissionDenied("Your role does not give access to client records.")
    items, count = selectors.client_slice_for_user(user=request.user, query=params.q, page=params.page)
    return {"count": count, "page": params.page, "page_size": settings.OPENIOP_PAGE_SIZE, "items": items}


@router.get("/{client_id}", response=ClientOut, summary="Get one client (its version is the ETag)")
def get_client(request: HttpRequest, client_id: Id, response: HttpResponse) -> object:
    client = selectors.client_get_for_user(user=request.user, pk=client_id)
    response["ETag"] = etag(client.version)
    return client


@router.post("", response={201: ClientOut}, summary="Create a client")
def create_client(request: HttpRequest, payload: ClientIn) -> Status[object]:
    data = payload.dict(exclude_unset=True)
    if not policy.sites_with(request.user, policy.CHANGE_ROLES):
        raise PermissionDenied("Your role may not create clients.")
    site = Site.objects.filter(pk=data.pop("site_id")).first()
    if site is None:
        raise ValidationError({"site_id": "No such site."})
    if not policy.can_create_client_at(request.user, site.pk):
        raise PermissionDenied("You may not create clients at this site.")
    return Status(201, services.client_create(actor=acting_user(request), site=site, **data))


@router.patch(
    "/{client_id}",
    response=ClientOut,
    summary="Update a client (only the fields sent; a stale If-Match answers 412)",
    description="Writes only the fields in the body, so two people changing different fields both keep "
    "their change. With `If-Match: <ETag>` the change is refused (412, with the current version) when "
    "the client changed since that version.",
)
def update_client(request: HttpRequest, client_id: Id, payload: ClientPatch, response: HttpResponse) -> object:
    client = selectors.client_get_for_user(user=request.user, pk=client_id, action=None)
    changes = payload.dict(exclude_unset=True)
    nulls = [name for name, value in changes.items() if value is None]
    if nulls:
        raise ValidationError(dict.fromkeys(nulls, "This field cannot be null."))
    expected = parse_if_match(request.headers.get("If-Match"))
    client = services.client_update(actor=acting_user(request), client=client, expected_version=expected, **changes)
    response["ETag"] = etag(client.version)
    return client


@router.get("/{client_id}/episodes", response=list[EpisodeOut], summary="List a client's episodes of care")
def list_episodes(request: HttpRequest, client_id: Id) -> object:
    client = selectors.client_get_for_user(user=request.user, pk=client_id, what="episodes")
    return list(selectors.episodes_for_client(client=client))


# The stay's operations (episode changes, discharge, support network) share this router.
from openiop.clients import stay_api  # noqa: E402, F401
