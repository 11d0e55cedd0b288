"""Claims from unbilled charges (837I/837P files), their status lifecycle, and 835 remittances."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change, record_create
from openiop.billing.models import (
    CLAIM_TRANSITIONS,
    BillingProfile,
    Charge,
    ChargeStatus,
    Claim,
    ClaimFile,
    ClaimStatus,
    ClaimType,
    Coverage,
    Remittance,
)
from openiop.billing.services.common import require_biller
from openiop.billing.x12 import claims as x12
from openiop.billing.x12.remittance import RemittanceError, parse_835

KIND_FOR_TYPE = {ClaimType.INSTITUTIONAL: x12.I837, ClaimType.PROFESSIONAL: x12.P837}
SEX = {"female": "F", "male": "M"}


@dataclass
class ClaimExport:
    file: ClaimFile | None
    text: str
    claims: list[Claim] = field(default_factory=list)
    skipped: dict[int, str] = field(default_factory=dict)  # client id → why no claim


def _profile(site: Site) -> BillingProfile:
    profile = BillingProfile.objects.select_for_update().filter(site=site).first()
    if profile is None:
        raise ValidationError({"site": f"{site.name} has no billing profile (NPI, tax ID, clearinghouse) yet."})
    return profile


def _diagnoses(client_ids: list[int]) -> dict[int, tuple[str, ...]]:
    from openiop.intake.models import Diagnosis

    out: dict[int, list[str]] = defaultdict(list)
    rows = (
        Diagnosis.objects.filter(assessment__client_id__in=client_ids, assessment__status="signed")
        .order_by("assessment__client_id", "-assessment_id", "rank")
        .values_list("assessment__client_id", "assessment_id", "code")
    )
    latest: dict[int, int] = {}
    for client_id, assessment_id, code in rows:
        if latest.setdefault(client_id, assessment_id) == assessment_id:
            out[client_id].append(code)
    return {k: tuple(v) for k, v in out.items()}


def claims_generate(
    *, actor: Actor | None, site: Site, first_day: dt.date, last_day: dt.date, kind: str
) -> ClaimExport:
    """One claim per client and payer for the unbilled charges in the dates, in one file; the
    charges move to the claim in the same transaction, so a charge is never claimed twice."""
    require_biller(actor, site)
    if kind not in x12.VERSIONS:
        raise ValidationError({"format": "Use 837i or 837p."})
    if last_day < first_day:
        raise ValidationError({"to": "The last day is before the first."})
    claim_type = ClaimType.INSTITUTIONAL if kind == x12.I837 else ClaimType.PROFESSIONAL
    with transaction.atomic():
        profile = _profile(site)
        charges = list(
            Charge.objects.select_for_update(of=("self",))
            .filter(
                site=site,
                status=ChargeStatus.UNBILLED,
                day__range=(first_day, last_day),
                payer__claim_type=claim_type,
            )
            .select_related("payer", "client", "authorization")
            .order_by("client_id", "payer_id", "day", "code")
        )
        groups: dict[tuple[int, int], list[Charge]] = defaultdict(list)
        for c in charges:
            groups[(c.client_id, c.payer_id)].append(c)
        client_ids = sorted({c.client_id for c in charges})
        coverages = {(cov.client_id, cov.payer_id): cov for cov in Coverage.objects.filter(client_id__in=client_ids)}
        diagnoses = _diagnoses(client_ids)
        export = ClaimExport(file=None, text="")
        built: list[tuple[x12.Claim, list[Charge]]] = []
        for (client_id, payer_id), rows in groups.items():
            coverage = coverages.get((client_id, payer_id))
            if not diagnoses.get(client_id):
                export.skipped[client_id] = "no diagnosis on a signed assessment"
                continue
            if coverage is None:
                export.skipped[client_id] = "no coverage with this payer"
                continue
            client = rows[0].client
            if not (client.address_line and client.city and client.state and client.postal_code):
                export.skipped[client_id] = "the client's address is incomplete"
                continue
            number = f"{site.pk}-{client_id}-{rows[0].day:%y%m%d}-{len(built) + 1}"
            built.append((_x12_claim(number, coverage, rows, diagnoses[client_id]), rows))
        if not built:
            return export
        BillingProfile.objects.filter(pk=profile.pk).update(last_control_number=F("last_control_number") + 1)
        profile.refresh_from_db(fields=["last_control_number"])
        envelope = _envelope(profile)
        text = x12.build_837(envelope, [b[0] for b in built], kind=kind)
        claim_file = ClaimFile(
            site=site, kind=kind, control_number=profile.last_control_number, content=text, created_by=actor
        )
        claim_file.full_clean()
        claim_file.save()
        record_create(actor=actor, instance=claim_file, detail={"claims": len(built)})
        for x12_claim, rows in built:
            claim = Claim(
                site=site,
                client=rows[0].client,
                payer=rows[0].payer,
                control_number=x12_claim.control_number,
                kind=kind,
                statement_from=min(r.day for r in rows),
                statement_to=max(r.day for r in rows),
                total=x12_claim.total,
                file=claim_file,
            )
            claim.full_clean()
            claim.save()
            record_create(actor=actor, instance=claim)
            Charge.objects.filter(pk__in=[r.pk for r in rows]).update(status=ChargeStatus.CLAIMED, claim=claim)
            export.claims.append(claim)
        export.file, export.text = claim_file, text
    return export


def _x12_claim(number: str, coverage: Coverage, rows: list[Charge], diagnoses: tuple[str, ...]) -> x12.Claim:
    client, payer = coverage.client, coverage.payer
    address = x12.Address(client.address_line, client.city, client.state, client.postal_code)
    subscriber = x12.Subscriber(
        member_id=coverage.member_id,
        last_name=client.legal_last_name,
        first_name=client.legal_first_name,
        date_of_birth=client.date_of_birth,
        sex=SEX.get(client.sex_assigned_at_birth, "U"),
        address=address,
        group_number=coverage.group_number,
        payer_rank="P" if coverage.rank == 1 else "S",
    )
    authorizations = [r.authorization.number for r in rows if r.authorization is not None]
    return x12.Claim(
        control_number=number,
        subscriber=subscriber,
        payer=x12.Payer(payer.name, payer.payer_id),
        diagnoses=diagnoses,
        lines=tuple(
            x12.ServiceLine(day=r.day, code=r.code, units=r.units, charge=r.amount, revenue_code=r.revenue_code)
            for r in rows
        ),
        authorization=authorizations[0] if authorizations else "",
        condition_codes=("92",) if payer.mode == "medicare_iop" else (),
        place_of_service=payer.place_of_service,
        bill_type=payer.bill_type,
    )


def _envelope(profile: BillingProfile) -> x12.Envelope:
    address = x12.Address(profile.address_line, profile.city, profile.state, profile.postal_code)
    return x12.Envelope(
        sender_id=profile.submitter_id,
        receiver_id=profile.receiver_id,
        receiver_name=profile.receiver_name,
        submitter=x12.Provider(profile.provider_name, profile.npi),
        contact_name=profile.contact_name,
        contact_phone=profile.contact_phone,
        billing_provider=x12.Provider(
            profile.provider_name, profile.npi, tax_id=profile.tax_id, address=address, taxonomy=profile.taxonomy
        ),
        control_number=profile.last_control_number,
        created_at=timezone.now(),
        production=profile.production,
    )


def claim_status_set(*, actor: Actor, claim: Claim, status: str, version: int | None = None) -> Claim:
    """Move a claim along its lifecycle (``CLAIM_TRANSITIONS``); a stale version is refused."""
    require_biller(actor, claim.site)
    with transaction.atomic():
        current = Claim.objects.select_for_update().get(pk=claim.pk)
        if version is not None and current.version != version:
            raise ValidationError(
                {"version": f"The claim changed meanwhile; it is now {current.get_status_display()}."}
            )
        if status not in CLAIM_TRANSITIONS.get(current.status, frozenset()):
            raise ValidationError({"status": f"A {current.get_status_display().lower()} claim cannot become {status}."})
        before = snapshot(current)
        current.status = status
        current.version += 1
        current.save(update_fields=["status", "version", "updated_at"])
        record_change(actor=actor, instance=current, before=before)
    return current


def remittance_import(*, actor: Actor, site: Site, text: str) -> Remittance:
    """Apply an 835 to the site's claims, all or nothing: a claim payment naming no claim of this
    site, or an unreadable file, changes nothing and names the problem."""
    require_biller(actor, site)
    try:
        remit = parse_835(text)
    except RemittanceError as e:
        raise ValidationError({"file": str(e)}) from None
    with transaction.atomic():
        claims = {
            c.control_number: c
            for c in Claim.objects.select_for_update().filter(
                site=site, control_number__in=[p.control_number for p in remit.claims]
            )
        }
        unknown = [p.control_number for p in remit.claims if p.control_number not in claims]
        if unknown:
            raise ValidationError({"file": f"No claim of this site has the number(s): {', '.join(unknown)}."})
        if Remittance.objects.filter(site=site, trace_number=remit.trace_number).exists():
            raise ValidationError({"file": f"Remittance {remit.trace_number} was imported already."})
        row = Remittance(
            site=site,
            payer_name=remit.payer_name[:60],
            trace_number=remit.trace_number[:50],
            paid_on=remit.paid_on,
            total_paid=remit.total_paid,
            claims_matched=len(remit.claims),
            content=text,
            imported_by=actor,
        )
        row.full_clean()
        row.save()
        record_create(actor=actor, instance=row)
        for payment in remit.claims:
            claim = claims[payment.control_number]
            before = snapshot(claim)
            claim.status = ClaimStatus.DENIED if payment.denied else ClaimStatus.PAID
            claim.paid = payment.paid
            claim.denial_reasons = sorted(
                {f"{a.group}-{a.reason}" for a in payment.all_adjustments if payment.denied} | set(payment.all_remarks)
            )
            claim.version += 1
            claim.save(update_fields=["status", "paid", "denial_reasons", "version", "updated_at"])
            record_change(actor=actor, instance=claim, before=before, detail={"remittance": row.pk})
            Charge.objects.filter(claim=claim).update(
                status=ChargeStatus.DENIED if payment.denied else ChargeStatus.PAID
            )
    return row
