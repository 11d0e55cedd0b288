"""Billing reads, through ``accounts.policy`` (billing staff and directors of the site; codes, never narratives)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Viewer
from openiop.audit.services import record_list, record_read
from openiop.billing.models import (
    Authorization,
    Charge,
    ChargeStatus,
    Claim,
    ClaimFile,
    ClaimStatus,
    HeldDay,
    ReviewStatus,
    UtilizationReview,
)
from openiop.core.time import site_today

LIST_LIMIT = 50
REVIEW_HORIZON_DAYS = 7
MAX_WARN_DAYS = 60  # the Payer.warn_days_left form refuses more


def billing_site_for_user(*, user: Viewer, pk: Any = None) -> Site:
    """The site named (or the user's first billing site); 404 for a site the user does not bill for."""
    sites = policy.billing_sites(user)
    try:
        wanted = int(pk) if pk not in (None, "") else (sites[0] if sites else None)
    except (TypeError, ValueError):
        raise Http404("No such site") from None
    if wanted is None or wanted not in sites:
        raise Http404("No such site")
    return Site.objects.get(pk=wanted)


def _units_used() -> Subquery:
    used = (
        Charge.objects.filter(authorization=OuterRef("pk"))
        .values("authorization")
        .annotate(total=Sum("units"))
        .values("total")
    )
    return Subquery(used, output_field=IntegerField())


def authorizations_with_use(site: Site) -> QuerySet[Authorization]:
    return (
        Authorization.objects.filter(client__site=site)
        .select_related("client", "payer")
        .annotate(units_used=Coalesce(_units_used(), Value(0)))
        .annotate(units_left=F("units_authorized") - F("units_used"))
    )


@dataclass(frozen=True)
class BillingHome:
    site: Site
    today: dt.date
    unbilled: list[Any]
    held: list[HeldDay]
    expiring: list[Authorization]
    reviews: list[UtilizationReview]
    denials: list[Claim]
    files: list[ClaimFile]


def billing_home(*, user: Viewer, site: Site) -> BillingHome:
    """What needs billing's attention at a site; a constant number of queries whatever the size."""
    today = site_today(site)
    unbilled = list(
        Charge.objects.filter(site=site, status=ChargeStatus.UNBILLED)
        .values("payer__name", "payer__claim_type")
        .annotate(days=Count("id"), amount=Sum("amount"), first=Min("day"), last=Max("day"))
        .order_by("payer__name")
    )
    held = list(
        HeldDay.objects.filter(site=site, day__gte=today - dt.timedelta(days=35))
        .select_related("client", "payer")
        .order_by("-day", "client__legal_last_name")[:LIST_LIMIT]
    )
    # The database narrows to low units or an end within the longest warning a payer may set;
    # each payer's own day threshold is applied here.
    candidates = (
        authorizations_with_use(site)
        .filter(end_date__gte=today)
        .filter(
            Q(units_left__lte=F("payer__warn_units_left")) | Q(end_date__lte=today + dt.timedelta(days=MAX_WARN_DAYS))
        )
        .order_by("end_date", "pk")[:LIST_LIMIT]
    )
    expiring = [
        a
        for a in candidates
        if getattr(a, "units_left", 0) <= a.payer.warn_units_left or (a.end_date - today).days <= a.payer.warn_days_left
    ]
    reviews = list(
        UtilizationReview.objects.filter(
            authorization__client__site=site,
            status__in=[ReviewStatus.SCHEDULED, ReviewStatus.PEER_TO_PEER],
            due_on__lte=today + dt.timedelta(days=REVIEW_HORIZON_DAYS),
        )
        .select_related("authorization__client", "authorization__payer")
        .order_by("due_on")[:LIST_LIMIT]
    )
    denials = list(
        Claim.objects.filter(site=site, status=ClaimStatus.DENIED)
        .select_related("client", "payer")
        .order_by("-updated_at")[:LIST_LIMIT]
    )
    files = list(ClaimFile.objects.filter(site=site).order_by("-created_at")[:10])
    shown = sorted(
        {h.client_id for h in held}
        | {a.client_id for a in expiring}
        | {r.authorization.client_id for r in reviews}
        | {c.client_id for c in denials}
    )
    if shown:
        record_list(user=user, object_type="billing_home", shown=shown, site_id=site.pk)
    return BillingHome(site, today, unbilled, held, expiring, reviews, denials, files)


def authorization_get_for_user(*, user: Viewer, pk: int) -> Authorization:
    found = authorizations_with_use_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such authorization")
    record_read(user=user, instance=found)
    return found


def authorizations_with_use_for(user: Viewer) -> QuerySet[Authorization]:
    return (
        Authorization.objects.filter(client__site_id__in=policy.billing_sites(user))
        .select_related("client", "payer", "client__site")
        .annotate(units_used=Coalesce(_units_used(), Value(0)))
        .annotate(units_left=F("units_authorized") - F("units_used"))
    )


def review_get_for_user(*, user: Viewer, pk: int) -> UtilizationReview:
    found = (
        UtilizationReview.objects.filter(pk=pk, authorization__client__site_id__in=policy.billing_sites(user))
        .select_related("authorization__client__site", "authorization__payer")
        .first()
    )
    if found is None:
        raise Http404("No such review")
    return found


def claim_get_for_user(*, user: Viewer, pk: int) -> Claim:
    found = Claim.objects.filter(pk=pk, site_id__in=policy.billing_sites(user)).select_related("site").first()
    if found is None:
        raise Http404("No such claim")
    return found


def claim_file_get_for_user(*, user: Viewer, pk: int) -> ClaimFile:
    found = ClaimFile.objects.filter(pk=pk, site_id__in=policy.billing_sites(user)).first()
    if found is None:
        raise Http404("No such file")
    record_read(user=user, instance=found, action="export", client_id=None)
    return found


def claims_for_site(*, site: Site) -> QuerySet[Claim]:
    return Claim.objects.filter(site=site).select_related("client", "payer").order_by("-created_at")
