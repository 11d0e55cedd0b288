"""Reads of consents, disclosures, providers and referrals, always through the access policy.

Opening one document, disclosure or referral opens its client with ``client_get_for_user`` (404
when the user may not see the client) and records the audit event.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from openiop.accounts import policy
from openiop.accounts.types import Viewer
from openiop.audit.models import Action
from openiop.audit.services import record_read
from openiop.clients.models import Client
from openiop.clients.selectors import client_get_for_user
from openiop.consents.models import (
    PART2_KINDS,
    ConsentDocument,
    ConsentKind,
    ConsentStatus,
    Disclosure,
    Provider,
    Referral,
)
from openiop.core.paging import recorded_page
from openiop.core.time import day_start

ACCOUNTING_YEARS = 3  # 42 CFR 2.25 / 2.24: the three years before the request


def own_client_id(user: Viewer) -> int:
    """The client record of a client user (the portal pages are decorated ``client_user_required``)."""
    pk = policy.clients_for(user).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404("No client record")
    return int(pk)


def _documents() -> QuerySet[ConsentDocument]:
    return ConsentDocument.objects.select_related("template", "episode", "support_contact", "provider")


def document_get_for_user(
    *, user: Viewer, pk: int, action: str | None = Action.VIEW, what: str = "consent"
) -> ConsentDocument:
    document = _documents().select_related("site", "witnessed_by", "revoked_by").filter(pk=pk).first()
    if document is None:
        raise Http404("No such document")
    document.client = client_get_for_user(user=user, pk=document.client_id, action=None)
    if action:
        record_read(user=user, instance=document, action=action, object_type=what)
    return document


KIND_ORDER = Case(
    *(When(kind=kind, then=Value(i)) for i, kind in enumerate(ConsentKind.values)), output_field=IntegerField()
)


def documents_for_client(*, client: Client) -> QuerySet[ConsentDocument]:
    """Documents of a client already opened through ``client_get_for_user``: admission order, then newest."""
    return _documents().filter(client=client).order_by(KIND_ORDER, "-created_at", "-pk")


def valid_consents_for_client(*, client: Client, on: dt.date) -> list[ConsentDocument]:
    """Part 2 consents under which records may be disclosed on ``on``."""
    candidates = _documents().filter(
        client=client, kind__in=sorted(PART2_KINDS), status__in=[ConsentStatus.SIGNED, ConsentStatus.REVOKED]
    )
    return [c for c in candidates.order_by("-signed_at", "-pk") if c.invalid_reason(on) is None]


def disclosure_get_for_user(*, user: Viewer, pk: int, action: str | None = Action.EXPORT) -> Disclosure:
    disclosure = (
        Disclosure.objects.select_related("consent", "consent__episode", "site", "disclosed_by").filter(pk=pk).first()
    )
    if disclosure is None:
        raise Http404("No such disclosure")
    disclosure.client = client_get_for_user(user=user, pk=disclosure.client_id, action=None)
    if action:
        record_read(user=user, instance=disclosure, action=action)
    return disclosure


def disclosure_get_for_pdf(*, user: Viewer, pk: int) -> Disclosure:
    """The disclosure for its PDF (an export, recorded); 403 when it holds narratives the
    user's role may not read."""
    from openiop.consents.records import RECORD_KINDS

    disclosure = disclosure_get_for_user(user=user, pk=pk, action=None)
    narrative = any(RECORD_KINDS[r].narrative for r in disclosure.records if r in RECORD_KINDS)
    if narrative and not policy.can_view_narratives(user, disclosure.client):
        raise PermissionDenied("Your role may not read clinical narratives.")
    record_read(user=user, instance=disclosure, action=Action.EXPORT, detail={"pdf": True})
    return disclosure


def disclosure_page_for_auditor(*, user: Viewer, page: str | int | None) -> Page[Disclosure]:
    """One page of ``disclosures_for_auditor``; the disclosures shown are recorded."""
    return recorded_page(user=user, qs=disclosures_for_auditor(user=user), page=page, object_type="disclosure")


def accounting_start(today: dt.date, years: int = ACCOUNTING_YEARS) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def accounting_for_client(*, client: Client, today: dt.date) -> QuerySet[Disclosure]:
    """Every disclosure of the last three years, newest first (the accounting of disclosures)."""
    since = day_start(client.site, accounting_start(today))
    return (
        Disclosure.objects.filter(client=client, disclosed_at__gte=since)
        .select_related("consent", "disclosed_by")
        .order_by("-disclosed_at", "-pk")
    )


def disclosures_for_auditor(*, user: Viewer) -> QuerySet[Disclosure]:
    """Disclosures at the sites whose audit data the user reads (auditors and directors)."""
    return (
        Disclosure.objects.filter(site_id__in=policy.audit_sites(user))
        .select_related("site", "disclosed_by", "consent")
        .order_by("-disclosed_at", "-pk")
    )


def providers_for_user(*, user: Viewer, level: str = "", include_inactive: bool = False) -> list[Provider]:
    """The directories of the user's sites; filtering by level in Python keeps the JSON portable."""
    qs = Provider.objects.filter(site_id__in=policy.sites_with(user, policy.CLINICAL_ROLES)).select_related("site")
    if not include_inactive:
        qs = qs.filter(active=True)
    providers = list(qs.order_by("name", "pk"))
    return [p for p in providers if level in (p.levels or [])] if level else providers


def provider_get_for_user(*, user: Viewer, pk: int) -> Provider:
    provider = (
        Provider.objects.filter(pk=pk, site_id__in=policy.sites_with(user, policy.CLINICAL_ROLES))
        .select_related("site")
        .first()
    )
    if provider is None:
        raise Http404("No such provider")
    return provider


def _visible_referrals_q(user: Viewer) -> Q:
    visible_clients = policy.clients_for(user).values("pk")
    inquiry_sites = policy.sites_with(user, policy.CHANGE_ROLES)
    return Q(client_id__in=visible_clients) | Q(client__isnull=True, site_id__in=inquiry_sites)


def referrals_for_user(*, user: Viewer, open_only: bool = True) -> QuerySet[Referral]:
    qs = Referral.objects.filter(_visible_referrals_q(user)).select_related("provider", "client", "site")
    if open_only:
        qs = qs.filter(completed_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def referrals_for_client(*, client: Client) -> QuerySet[Referral]:
    return Referral.objects.filter(client=client).select_related("provider").order_by("-created_at", "-pk")


def referrals_for_inquiry(*, user: Viewer, inquiry_id: int) -> QuerySet[Referral]:
    return referrals_for_user(user=user, open_only=False).filter(inquiry_id=inquiry_id)


def referral_get_for_user(*, user: Viewer, pk: int, action: str | None = Action.VIEW) -> Referral:
    referral = Referral.objects.filter(_visible_referrals_q(user), pk=pk).select_related("provider", "site").first()
    if referral is None:
        raise Http404("No such referral")
    if referral.client_id is not None:
        referral.client = client_get_for_user(user=user, pk=referral.client_id, action=None)
    if action:
        record_read(user=user, instance=referral, action=action)
    return referral


def referral_page_for_user(*, user: Viewer, page: str | int | None) -> Page[Referral]:
    """One page (50) of ``referrals_for_user``; the referrals shown are recorded."""
    qs = referrals_for_user(user=user)
    return recorded_page(user=user, qs=qs, page=page, object_type="referral", per_page=50)
