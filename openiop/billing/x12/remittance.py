"""X12 005010X221A1 835 remittance advice: read one into plain data, or write one (pure; no Django).

What is read: the payment (BPR: amount, date; TRN: check or EFT number), the payer (N1*PR), and
per claim (CLP) the patient control number openiop sent in CLM01, the status code, charge, paid
and patient-responsibility amounts, the payer's claim number, the claim and service-line
adjustments (CAS: group code, CARC reason, amount; repeated up to six per segment) and remark
codes (LQ*HE: RARC). ``build_835`` writes the same shape; the demo and the tests use it to
answer the claims openiop produced.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from openiop.billing.x12.syntax import amount, clean, composite, seg, segments

# CLP02 claim status codes (X12 835): 1–3 processed as primary/secondary/tertiary, 4 denied,
# 19–21 processed and forwarded, 22 reversal of a previous payment, 23 not our claim.
PAID_STATUSES = frozenset({"1", "2", "3", "19", "20", "21"})
DENIED = "4"
REVERSAL = "22"


class RemittanceError(ValueError):
    """The file is not a readable 835; nothing should be imported from it."""


@dataclass(frozen=True)
class Adjustment:
    group: str  # CO contractual, PR patient responsibility, OA other, PI payer initiated, CR correction
    reason: str  # CARC
    amount: Decimal


@dataclass(frozen=True)
class ServicePayment:
    code: str
    charge: Decimal
    paid: Decimal
    units: int
    day: dt.date | None
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimPayment:
    control_number: str
    status: str
    charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal
    payer_claim_number: str
    adjustments: tuple[Adjustment, ...] = ()
    remarks: tuple[str, ...] = ()
    services: tuple[ServicePayment, ...] = ()

    @property
    def denied(self) -> bool:
        return self.status == DENIED

    @property
    def all_adjustments(self) -> tuple[Adjustment, ...]:
        return self.adjustments + tuple(a for s in self.services for a in s.adjustments)

    @property
    def all_remarks(self) -> tuple[str, ...]:
        return self.remarks + tuple(r for s in self.services for r in s.remarks)


@dataclass(frozen=True)
class Remittance:
    payer_name: str
    total_paid: Decimal
    paid_on: dt.date | None
    trace_number: str
    claims: tuple[ClaimPayment, ...] = field(default_factory=tuple)


def _money(value: str, where: str) -> Decimal:
    try:
        return Decimal(value or "0")
    except InvalidOperation:
        raise RemittanceError(f"{where}: {value!r} is not an amount") from None


def _date(value: str, where: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()  # noqa: DTZ007 - a calendar date, no time of day
    except ValueError:
        raise RemittanceError(f"{where}: {value!r} is not a CCYYMMDD date") from None


def _adjustments(elements: list[str], where: str) -> list[Adjustment]:
    group = elements[1] if len(elements) > 1 else ""
    out = []
    for i in range(2, len(elements), 3):
        reason = elements[i]
        if reason:
            out.append(
                Adjustment(
                    group=group, reason=reason, amount=_money(elements[i + 1] if i + 1 < len(elements) else "", where)
                )
            )
    return out


@dataclass
class _Open:
    claim: list[str]
    adjustments: list[Adjustment] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    services: list[dict[str, object]] = field(default_factory=list)


def parse_835(text: str) -> Remittance:
    """Read an 835; ``RemittanceError`` names the first segment that cannot be read."""
    segs = list(segments(text))
    if not segs or segs[0][0] != "ISA":
        raise RemittanceError("not an X12 interchange (it must start with ISA)")
    if not any(s[0] == "ST" and len(s) > 1 and s[1] == "835" for s in segs):
        raise RemittanceError("no 835 transaction (ST*835) in the file")
    payer = trace = ""
    total = Decimal(0)
    paid_on: dt.date | None = None
    claims: list[ClaimPayment] = []
    current: _Open | None = None

    def close() -> None:
        if current is None:
            return
        c = current.claim
        where = f"CLP {c[1] if len(c) > 1 else '?'}"
        claims.append(
            ClaimPayment(
                control_number=c[1],
                status=c[2] if len(c) > 2 else "",
                charge=_money(c[3] if len(c) > 3 else "", where),
                paid=_money(c[4] if len(c) > 4 else "", where),
                patient_responsibility=_money(c[5] if len(c) > 5 else "", where),
                payer_claim_number=c[7] if len(c) > 7 else "",
                adjustments=tuple(current.adjustments),
                remarks=tuple(current.remarks),
                services=tuple(_service(s) for s in current.services),
            )
        )

    for number, row in enumerate(segs, start=1):
        tag, where = row[0], f"segment {number} ({row[0]})"
        if tag == "BPR":
            total = _money(row[2] if len(row) > 2 else "", where)
            if len(row) > 16 and row[16]:
                paid_on = _date(row[16], where)
        elif tag == "TRN" and len(row) > 2:
            trace = row[2]
        elif tag == "N1" and len(row) > 2 and row[1] == "PR":
            payer = row[2]
        elif tag == "CLP":
            close()
            if len(row) < 5 or not row[1]:
                raise RemittanceError(f"{where}: a claim payment needs its control number, status, charge and payment")
            current = _Open(claim=row)
        elif current is not None and tag == "SVC":
            current.services.append({"svc": row, "cas": [], "lq": [], "dtm": None, "where": where})
        elif current is not None and tag == "CAS":
            target = current.services[-1]["cas"] if current.services else current.adjustments
            target.extend(_adjustments(row, where))  # type: ignore[attr-defined]
        elif current is not None and tag == "LQ" and len(row) > 2 and row[1] == "HE":
            target = current.services[-1]["lq"] if current.services else current.remarks
            target.append(row[2])  # type: ignore[attr-defined]
        elif current is not None and tag == "DTM" and len(row) > 2 and row[1] == "472" and current.services:
            current.services[-1]["dtm"] = _date(row[2], where)
        elif tag == "SE":
            close()
            current = None
    close()
    return Remittance(payer_name=payer, total_paid=total, paid_on=paid_on, trace_number=trace, claims=tuple(claims))


def _service(raw: dict[str, object]) -> ServicePayment:
    seg: list[str] = raw["svc"]  # type: ignore[assignment]
    where = str(raw["where"])
    composite = seg[1].split(":") if len(seg) > 1 else [""]
    units = seg[5] if len(seg) > 5 and seg[5] else "1"
    try:
        count = int(Decimal(units))
    except InvalidOperation:
        raise RemittanceError(f"{where}: {units!r} is not a number of units") from None
    return ServicePayment(
        code=composite[1] if len(composite) > 1 else composite[0],
        charge=_money(seg[2] if len(seg) > 2 else "", where),
        paid=_money(seg[3] if len(seg) > 3 else "", where),
        units=count,
        day=raw["dtm"],  # type: ignore[arg-type]
        adjustments=tuple(raw["cas"]),  # type: ignore[arg-type]
        remarks=tuple(raw["lq"]),  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class PaymentAnswer:
    """How a payer answers one claim, for ``build_835``."""

    control_number: str
    charge: Decimal
    paid: Decimal
    services: tuple[tuple[str, dt.date, Decimal, Decimal, int], ...]  # code, day, charge, paid, units
    patient: tuple[str, str, str] = ("", "", "")  # last name, first name, member id (NM1*QC)
    denied_reason: str = ""  # a CARC when the claim is denied
    remark: str = ""  # a RARC


def build_835(
    *,
    payer_name: str,
    payer_id: str,
    payee_name: str,
    payee_npi: str,
    answers: Sequence[PaymentAnswer],
    paid_on: dt.date,
    trace_number: str,
    control_number: int = 1,
    created_at: dt.datetime,
) -> str:
    total = sum((a.paid for a in answers), Decimal(0))
    control = f"{control_number:09d}"
    body = [
        seg("ST", "835", "0001"),
        seg(
            "BPR",
            "I" if total else "H",
            amount(total),
            "C",
            "ACH" if total else "NON",
            "CCP",
            "01",
            "999999999",
            "DA",
            "123456",
            "1512345678",
            "",
            "01",
            "999988880",
            "DA",
            "98765",
            f"{paid_on:%Y%m%d}",
        ),
        seg("TRN", "1", trace_number, "1512345678"),
        seg("DTM", "405", f"{paid_on:%Y%m%d}"),
        seg("N1", "PR", payer_name),
        seg("N3", "1 PAYER WAY"),
        seg("N4", "SACRAMENTO", "CA", "95814"),
        seg("PER", "BL", "PROVIDER SERVICES", "TE", "8005550100"),
        seg("N1", "PE", payee_name, "XX", payee_npi),
        seg("LX", "1"),
    ]
    for a in answers:
        denied = bool(a.denied_reason)
        body.append(
            seg(
                "CLP",
                a.control_number,
                "4" if denied else "1",
                amount(a.charge),
                amount(a.paid),
                "",
                "12",
                f"PAYER{a.control_number}",
            )
        )
        if denied:
            body.append(seg("CAS", "CO", a.denied_reason, amount(a.charge - a.paid)))
        last, first, member = a.patient
        body.append(seg("NM1", "QC", "1", last or "UNKNOWN", first, "", "", "", "MI" if member else "", member))
        for code, day, charge, paid, units in a.services:
            body.append(seg("SVC", composite("HC", code), amount(charge), amount(paid), "", str(units)))
            body.append(seg("DTM", "472", f"{day:%Y%m%d}"))
            if charge != paid and not denied:
                body.append(seg("CAS", "CO", "45", amount(charge - paid)))
            if a.remark:
                body.append(seg("LQ", "HE", a.remark))
    body.append(seg("SE", str(len(body) + 1), "0001"))
    header = [
        f"ISA*00*          *00*          *ZZ*{clean(payer_id):<15}*ZZ*{clean(payee_npi):<15}*"
        f"{created_at:%y%m%d}*{created_at:%H%M}*^*00501*{control}*0*T*:",
        seg(
            "GS",
            "HP",
            payer_id,
            payee_npi,
            f"{created_at:%Y%m%d}",
            f"{created_at:%H%M}",
            str(control_number),
            "X",
            "005010X221A1",
        ),
    ]
    trailer = [seg("GE", "1", str(control_number)), seg("IEA", "1", control)]
    return "~\n".join([*header, *body, *trailer]) + "~\n"
