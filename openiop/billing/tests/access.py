"""Every billing page, for every member of the cast: billing staff and directors of the site only."""

import datetime as dt
from decimal import Decimal

from conftest import Cast
from openiop.billing.models import Authorization, Claim, ClaimFile, Payer, UtilizationReview
from tests.access import ApiCase, Case, row

BILLING = row("403", anonymous="login", dana="ok", bill="ok")
# POSTs without a body: an invalid form answers 422 on the pages that show the form again.
BILLING_422 = row("403", anonymous="login", dana="422", bill="422")


def _authorization(c: Cast) -> Authorization:
    existing = Authorization.objects.filter(client=c.erin).first()
    if existing is not None:
        return existing
    payer = Payer.objects.get_or_create(site=c.site_a, payer_id="ACCESS", defaults={"name": "Access payer"})[0]
    authorization = Authorization.objects.create(
        client=c.erin,
        payer=payer,
        number="ACCESS-1",
        units_authorized=5,
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2026, 11, 30),
    )
    UtilizationReview.objects.create(authorization=authorization, due_on=dt.date(2026, 11, 26))
    return authorization


def _review(c: Cast) -> int:
    return UtilizationReview.objects.filter(authorization=_authorization(c)).values_list("pk", flat=True)[0]


def _claim(c: Cast) -> Claim:
    existing = Claim.objects.filter(client=c.erin).first()
    if existing is not None:
        return existing
    authorization = _authorization(c)
    file = ClaimFile.objects.create(site=c.site_a, kind="837p", control_number=900, content="ISA*")
    return Claim.objects.create(
        site=c.site_a,
        client=c.erin,
        payer=authorization.payer,
        control_number=f"ACCESS-{c.erin.pk}",
        kind="837p",
        statement_from=dt.date(2026, 11, 2),
        statement_to=dt.date(2026, 11, 6),
        total=Decimal("750.00"),
        file=file,
    )


URL_TABLE: dict[str, Case] = {
    "billing:home": ("GET", lambda c: "/billing/", BILLING),
    "billing:charges_compute": ("POST", lambda c: "/billing/charges/compute/", BILLING),
    "billing:claims_export": ("POST", lambda c: "/billing/claims/export/", BILLING_422),
    "billing:claim_status": ("POST", lambda c: f"/billing/claims/{_claim(c).pk}/status/", BILLING),
    "billing:claim_file": ("GET", lambda c: f"/billing/files/{_claim(c).file_id}/", BILLING),
    "billing:remittance_import": ("POST", lambda c: "/billing/remittances/import/", BILLING_422),
    "billing:authorization_create": ("GET", lambda c: f"/billing/clients/{c.erin.pk}/authorizations/new/", BILLING),
    "billing:authorization": ("GET", lambda c: f"/billing/authorizations/{_authorization(c).pk}/", BILLING),
    "billing:review_schedule": ("POST", lambda c: f"/billing/authorizations/{_authorization(c).pk}/review/", BILLING),
    "billing:review_packet": ("POST", lambda c: f"/billing/reviews/{_review(c)}/packet/", BILLING),
    "billing:review_outcome": ("POST", lambda c: f"/billing/reviews/{_review(c)}/outcome/", BILLING),
}

API_TABLE: dict[tuple[str, str], ApiCase] = {}
