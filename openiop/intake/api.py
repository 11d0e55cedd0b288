"""Intake's JSON operations: the inquiry list and the placement recommendation (same JSON as the CLI)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from openiop.accounts import policy
from openiop.core.api import Page, parse_json_body
from openiop.intake import selectors
from openiop.intake.models import InquiryStatus
from openiop.intake.placement import PlacementInputError, parse_input, recommend, recommendation_to_dict

router = Router(tags=["intake"])


class InquiryOut(Schema):
    id: int
    site_id: int
    status: InquiryStatus
    channel: str
    referral_source: str
    name: str
    phone: str
    email: str
    who_for: str
    concerns: list[str]
    self_harm_thoughts: bool
    created_at: dt.datetime
    client_id: int | None
    # A possible duplicate among the records the caller may open (never another site's, never a
    # client the caller cannot open): intake/duplicates.py.
    duplicate_match: str
    duplicate_of_inquiry_id: int | None
    duplicate_of_client_id: int | None

    @staticmethod
    def resolve_duplicate_match(obj: Any) -> str:
        seen = getattr(obj, "seen_duplicate", None)
        return seen.match if seen else ""

    @staticmethod
    def resolve_duplicate_of_inquiry_id(obj: Any) -> int | None:
        seen = getattr(obj, "seen_duplicate", None)
        return seen.inquiry.pk if seen and seen.inquiry else None

    @staticmethod
    def resolve_duplicate_of_client_id(obj: Any) -> int | None:
        seen = getattr(obj, "seen_duplicate", None)
        return seen.client.pk if seen and seen.client else None


class InquiryPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[InquiryOut]


class InquiryParams(Schema):
    status: InquiryStatus | None = None
    q: str = Field("", max_length=100)
    page: Page = 1


@router.get("/inquiries", response=InquiryPage, summary="List the inquiries you may see (newest first)")
def list_inquiries(request: HttpRequest, params: Query[InquiryParams]) -> dict[str, object]:
    if not policy.sites_with(request.user, policy.INTAKE_STAFF):
        raise PermissionDenied("Your role does not give access to inquiries.")
    items, count = selectors.inquiry_slice(
        user=request.user, status=params.status or "", query=params.q, page=params.page
    )
    return {"count": count, "page": params.page, "page_size": settings.OPENIOP_PAGE_SIZE, "items": items}


class RecommendationOut(Schema):
    level: str
    name: str
    next_level: str | None
    iop_appropriate: bool
    withdrawal_management: str
    reasons: list[str]
    flags: list[str]


PLACEMENT_INPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["population", "ciwa_ar", "cows", "cssrs_risk", "dimensions", "available_hours_per_week"],
    "additionalProperties": False,
    "properties": {
        "population": {"type": "string", "enum": ["adult", "adolescent"]},
        "ciwa_ar": {"type": ["integer", "null"], "minimum": 0, "maximum": 67},
        "cows": {"type": ["integer", "null"], "minimum": 0, "maximum": 48},
        "cssrs_risk": {"type": ["string", "null"], "enum": ["none", "low", "moderate", "high", None]},
        "dimensions": {
            "type": "object",
            "required": ["1", "2", "3", "4", "5", "6"],
            "additionalProperties": False,
            "properties": {str(d): {"type": "integer", "minimum": 0, "maximum": 4} for d in range(1, 7)},
        },
        "available_hours_per_week": {"type": ["number", "null"], "minimum": 0, "maximum": 168},
    },
}


@router.post(
    "/placement/recommend",
    response=RecommendationOut,
    summary="Recommend a level of care (decision support; the same JSON as `openiop placement recommend`)",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": PLACEMENT_INPUT_SCHEMA}}}
    },
)
def placement_recommend(request: HttpRequest) -> dict[str, object]:
    if not policy.sites_with(request.user, policy.INTAKE_STAFF):
        raise PermissionDenied("Your role does not use placement recommendations.")
    data = parse_json_body(request) if request.body else None
    try:
        placement_input = parse_input(data)
    except PlacementInputError as exc:
        raise ValidationError({exc.field: exc.message}) from None
    return recommendation_to_dict(recommend(placement_input))
