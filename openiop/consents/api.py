"""Consents, disclosures and referrals over JSON. Paths are mounted at the API root."""

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import acting_user
from openiop.clients.models import Client
from openiop.clients.selectors import client_get_for_user
from openiop.consents import selectors, services
from openiop.consents.models import ConsentDocument, Disclosure, Provider, ProviderLevel, Purpose, RecipientClass
from openiop.consents.services import referrals
from openiop.core.api import Date, Id
from openiop.core.time import site_today

router = Router(tags=["consents"])


class ConsentOut(Schema):
    id: int
    client_id: int
    kind: str
    title: str
    language: str
    template_version: int = Field(..., alias="template.version")
    status: str
    valid_for_disclosure: bool
    patient_name: str
    discloser: str
    information: str
    information_kinds: list[str]
    recipients: str
    recipient_name: str
    recipient_classes: list[str]
    purposes: list[str]
    expiration_kind: str
    expires_on: dt.date | None
    signed_at: dt.datetime | None
    signed_name: str
    signer_role: str
    signed_channel: str
    text_sha256: str
    revocation_effective: dt.date | None

    @staticmethod
    def resolve_valid_for_disclosure(obj: ConsentDocument) -> bool:
        return obj.invalid_reason(site_today(obj.site)) is None


class RevokeIn(Schema):
    effective_date: Date
    note: str = Field("", max_length=300)


class DisclosureOut(Schema):
    id: int
    client_id: int
    consent_id: int
    disclosed_at: dt.datetime
    recipient: str
    recipient_address: str
    recipient_class: str
    purpose: str
    description: str
    records: list[str]
    pdf_url: str

    @staticmethod
    def resolve_pdf_url(obj: Disclosure) -> str:
        return reverse("consents:disclosure_pdf", args=[obj.pk])


class DisclosureIn(Schema):
    consent_id: Id | None = None
    recipient: str = Field(..., max_length=200)
    recipient_class: RecipientClass | None = None
    recipient_address: str = Field("", max_length=300)
    purpose: Purpose
    records: list[Annotated[str, Field(max_length=100)]] = Field(..., max_length=20)
    note: str = Field("", max_length=300)


class ProviderOut(Schema):
    id: int
    site_id: int
    name: str
    levels: list[str]
    phone: str
    address: str
    notes: str


class ProviderParams(Schema):
    level: ProviderLevel | None = None


class ReferralIn(Schema):
    provider_id: Id
    reason: str = Field(..., min_length=1, max_length=2000)
    level_of_care: ProviderLevel | None = None
    client_id: Id | None = None
    site_id: Id | None = None
    person_name: str = Field("", max_length=200)
    inquiry_id: Id | None = None


class ReferralOut(Schema):
    id: int
    site_id: int
    client_id: int | None
    inquiry_id: int | None
    person_name: str
    provider_id: int
    level_of_care: str
    reason: str
    release_signed: bool
    records_sent: bool
    appointment_date: dt.date | None
    appointment_confirmed: bool
    client_informed: bool
    follow_up_done: bool
    completed_at: dt.datetime | None


def _clinical(request: HttpRequest) -> None:
    if not policy.sites_with(request.user, policy.CLINICAL_ROLES):
        raise PermissionDenied("Your role does not give access to client records.")


@router.get("/clients/{client_id}/consents", response=list[ConsentOut], summary="List a client's consent documents")
def list_consents(request: HttpRequest, client_id: Id) -> object:
    _clinical(request)
    client = client_get_for_user(user=request.user, pk=client_id, what="consents")
    return [_with_client(d, client) for d in selectors.documents_for_client(client=client).select_related("site")]


def _with_client(document: ConsentDocument, client: Client) -> ConsentDocument:
    document.client = client
    return document


@router.get("/consents/{consent_id}", response=ConsentOut, summary="Get one consent document with its §2.31 elements")
def get_consent(request: HttpRequest, consent_id: Id) -> object:
    _clinical(request)
    return selectors.document_get_for_user(user=request.user, pk=consent_id)


@router.post("/consents/{consent_id}/revoke", response=ConsentOut, summary="Record a written revocation")
def revoke_consent(request: HttpRequest, consent_id: Id, payload: RevokeIn) -> object:
    _clinical(request)
    document = selectors.document_get_for_user(user=request.user, pk=consent_id, action=None)
    return services.consent_revoke(
        actor=acting_user(request), document=document, effective_date=payload.effective_date, note=payload.note
    )


@router.get(
    "/clients/{client_id}/disclosures",
    response=list[DisclosureOut],
    summary="The accounting of disclosures: the last three years",
)
def list_disclosures(request: HttpRequest, client_id: Id) -> object:
    _clinical(request)
    client = client_get_for_user(user=request.user, pk=client_id, what="disclosure_accounting")
    return list(selectors.accounting_for_client(client=client, today=site_today(client.site)))


@router.post(
    "/clients/{client_id}/disclosures",
    response={201: DisclosureOut},
    summary="Release records under a valid Part 2 consent (refused otherwise, 422 naming the field)",
)
def create_disclosure(request: HttpRequest, client_id: Id, payload: DisclosureIn) -> Status[object]:
    _clinical(request)
    client = client_get_for_user(user=request.user, pk=client_id, action=None)
    consent = None
    if payload.consent_id is not None:
        consent = ConsentDocument.objects.filter(pk=payload.consent_id, client=client).first()
    disclosure = services.disclosure_create(
        actor=acting_user(request),
        client=client,
        consent=consent,
        recipient=payload.recipient,
        recipient_class=payload.recipient_class or "",
        recipient_address=payload.recipient_address,
        purpose=payload.purpose,
        records=payload.records,
        note=payload.note,
    )
    return Status(201, disclosure)


@router.get("/providers", response=list[ProviderOut], summary="The provider directory of your sites")
def list_providers(request: HttpRequest, params: Query[ProviderParams]) -> object:
    _clinical(request)
    return selectors.providers_for_user(user=request.user, level=params.level or "")


@router.post("/referrals", response={201: ReferralOut}, summary="Refer a client, or a person from an inquiry, out")
def create_referral(request: HttpRequest, payload: ReferralIn) -> Status[object]:
    _clinical(request)
    client = None
    site = None
    if payload.client_id is not None:
        client = client_get_for_user(user=request.user, pk=payload.client_id, action=None)
        if not policy.can_change_client(request.user, client):
            raise PermissionDenied("You may not refer this client.")
        site_id = client.site_id
    elif payload.site_id is not None:
        if payload.site_id not in policy.sites_with(request.user, policy.CHANGE_ROLES):
            raise PermissionDenied("You may not make referrals at this site.")
        site = Site.objects.get(pk=payload.site_id)
        site_id = site.pk
    else:
        raise ValidationError({"client_id": "Give the client, or the site and the person's name."})
    provider = Provider.objects.filter(pk=payload.provider_id, site_id=site_id).first()
    if provider is None:
        raise ValidationError({"provider_id": "No such provider in this site's directory."})
    referral = referrals.referral_create(
        actor=acting_user(request),
        provider=provider,
        reason=payload.reason,
        level_of_care=payload.level_of_care or "",
        client=client,
        site=site,
        person_name=payload.person_name,
        inquiry_id=payload.inquiry_id,
    )
    return Status(201, referral)
