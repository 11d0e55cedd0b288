"""Billing for the demo: Westside's billing profile, a payer for each insurer the demo clients
carry (their rules as data), coverage from the chart's insurance rows, one authorization per
covered client (one running low, so the billing home has something to show) and the charges of
the last three full weeks and this one. Idempotent: every row is looked up first."""

import datetime as dt
from decimal import Decimal

from openiop.accounts.models import Site, User
from openiop.billing.models import Authorization, BillingProfile, Charge, Coverage, HeldDay, Payer
from openiop.billing.services import authorizations as services
from openiop.billing.services.charges import charges_compute
from openiop.clients.models import Client, EpisodeStatus, Insurance
from openiop.core.time import monday_of

# name → (payer id, claim type, mode, per-diem code, revenue code, rate)
PAYER_RULES: dict[str, tuple[str, str, str, str, str, str]] = {
    "Blue Shield of California": ("BSCA1", "professional", "per_diem", "H0015", "", "285.00"),
    "Anthem Blue Cross": ("ANTHM", "professional", "per_diem", "H0015", "", "270.00"),
    "Aetna": ("AETNA", "professional", "per_service", "H0015", "", "95.00"),
    "Kaiser Permanente": ("KAISR", "institutional", "per_diem", "S9480", "0906", "310.00"),
    "Medi-Cal": ("MCAL1", "professional", "per_diem", "H0015", "", "180.00"),
    "UnitedHealthcare": ("UHC01", "institutional", "per_diem", "S9480", "0906", "300.00"),
}


def seed(*, people: dict[str, User], sites: dict[str, Site], today: dt.date) -> dict[str, int]:
    created = {"payers": 0, "coverages": 0, "authorizations": 0, "charges": 0}
    site = sites["Westside IOP"]
    biller = people["bill"]
    if not BillingProfile.objects.filter(site=site).exists():
        services.billing_profile_save(
            actor=biller,
            site=site,
            **{
                "provider_name": "Westside IOP",
                "npi": "1467512345",
                "tax_id": "95-4512345",
                "taxonomy": "261QR0405X",
                "address_line": "2400 Main St",
                "city": "Santa Monica",
                "state": "CA",
                "postal_code": "90405",
                "submitter_id": "WESTSIDE01",
                "receiver_id": "CLEARHOUSE",
                "receiver_name": "Demo Clearinghouse",
                "contact_name": "Bill Hughes",
                "contact_phone": "3105550100",
            },
        )
    payers: dict[str, Payer] = {}
    for name, (payer_id, claim_type, mode, code, revenue, rate) in PAYER_RULES.items():
        payer = Payer.objects.filter(site=site, payer_id=payer_id).first()
        if payer is None:
            payer = services.payer_save(
                actor=biller,
                site=site,
                name=name,
                payer_id=payer_id,
                claim_type=claim_type,
                mode=mode,
                per_diem_code=code,
                revenue_code=revenue,
                rate=Decimal(rate),
                min_days_per_week=0 if mode == "per_service" else 3,
            )
            created["payers"] += 1
        payers[name] = payer
    clients = Client.objects.filter(site=site, episodes__status=EpisodeStatus.ACTIVE).distinct().order_by("pk")
    insurance = {i.client_id: i for i in Insurance.objects.filter(client__in=clients, rank=1)}
    from openiop.intake.models import Diagnosis

    # Only clients with a signed diagnosis can be billed; among them the demo alternates a
    # professional and an institutional payer so that both claim formats appear.
    diagnosed = set(
        Diagnosis.objects.filter(assessment__status="signed", assessment__client__in=clients).values_list(
            "assessment__client_id", flat=True
        )
    )
    by_type = {kind: [p for p in payers.values() if p.claim_type == kind] for kind in ("professional", "institutional")}
    low_done = False
    turn = 0
    for client in clients:
        row = insurance.get(client.pk)
        if row is None or row.payer not in payers:
            continue
        payer = payers[row.payer]
        if client.pk in diagnosed:
            kind = ("professional", "institutional")[turn % 2]
            turn += 1
            if payer.claim_type != kind:
                payer = by_type[kind][turn % len(by_type[kind])]
        if not Coverage.objects.filter(client=client, rank=1).exists():
            services.coverage_save(
                actor=biller,
                client=client,
                payer=payer,
                rank=1,
                member_id=row.member_id,
                group_number=row.group_number,
                eligible_from=today.replace(month=1, day=1),
            )
            created["coverages"] += 1
        episode = client.episodes.filter(status=EpisodeStatus.ACTIVE).first()
        start = max(episode.admission_date, today - dt.timedelta(days=28)) if episode else today
        units = 8 if not low_done else 30
        low_done = True
        number = f"{payer.payer_id}-{client.pk:05d}"
        if not Authorization.objects.filter(payer=payer, number=number).exists():
            services.authorization_save(
                actor=biller,
                client=client,
                payer=payer,
                number=number,
                units_authorized=units,
                start_date=start,
                end_date=start + dt.timedelta(days=34),
                reviewer_name="Utilization Management",
                reviewer_phone="(800) 555-0142",
            )
            created["authorizations"] += 1
    this_week = monday_of(today)
    for back in (3, 2, 1, 0):
        week = this_week - dt.timedelta(days=7 * back)
        done = Charge.objects.filter(site=site, day__range=(week, week + dt.timedelta(days=6))).exists()
        if not done and not HeldDay.objects.filter(site=site, week_start=week).exists():
            created["charges"] += charges_compute(actor=biller, site=site, week_start=week).charges
    return created
