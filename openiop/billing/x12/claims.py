"""X12 005010 837 claim files: 837I (X223A2, UB-04 revenue lines) and 837P (X222A1) (pure; no Django).

One interchange (ISA/IEA) holds one functional group (GS/GE) holds one transaction (ST/SE) with
one billing provider and one subscriber loop per claim. Separators: ``*`` elements, ``:``
components, ``^`` repetitions, ``~`` segments. Only codes and demographics go in: never a note's
words. docs/formats/x12.md lists every segment and where its value comes from.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from openiop.billing.x12.syntax import amount, clean, composite, seg

I837 = "837i"
P837 = "837p"
VERSIONS = {I837: "005010X223A2", P837: "005010X222A1"}


@dataclass(frozen=True)
class Address:
    line: str
    city: str
    state: str
    postal_code: str  # 5 or 9 digits


@dataclass(frozen=True)
class Provider:
    name: str
    npi: str
    tax_id: str = ""  # EIN, 9 digits (billing provider only)
    address: Address | None = None
    taxonomy: str = ""
    last_name: str = ""  # a person (attending/rendering): last and first name
    first_name: str = ""


@dataclass(frozen=True)
class Subscriber:
    member_id: str
    last_name: str
    first_name: str
    date_of_birth: dt.date
    sex: str  # M, F or U
    address: Address
    group_number: str = ""
    payer_rank: str = "P"  # P primary, S secondary


@dataclass(frozen=True)
class Payer:
    name: str
    payer_id: str


@dataclass(frozen=True)
class ServiceLine:
    day: dt.date
    code: str  # HCPCS/CPT
    units: int
    charge: Decimal
    revenue_code: str = ""  # 837I only
    modifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    control_number: str  # patient control number, CLM01 (at most 20 characters); comes back in the 835
    subscriber: Subscriber
    payer: Payer
    diagnoses: tuple[str, ...]  # ICD-10-CM, principal first (with or without the dot)
    lines: tuple[ServiceLine, ...]
    authorization: str = ""
    condition_codes: tuple[str, ...] = ()  # 837I: e.g. 92 for Medicare IOP
    place_of_service: str = "11"  # 837P; 11 office, 52 psychiatric facility partial hospitalization
    bill_type: str = "131"  # 837I: facility type + frequency (13X hospital outpatient, 76X CMHC)
    attending: Provider | None = None  # 837I attending / 837P rendering provider
    frequency: str = "1"  # 1 original, 7 replacement

    @property
    def total(self) -> Decimal:
        return sum((line.charge for line in self.lines), Decimal(0))


@dataclass(frozen=True)
class Envelope:
    sender_id: str
    receiver_id: str
    receiver_name: str
    submitter: Provider
    contact_name: str
    contact_phone: str  # 10 digits
    billing_provider: Provider
    control_number: int  # ISA13 / GS06, 1–999999999
    created_at: dt.datetime
    production: bool = False  # ISA15: P or T
    reference: str = ""  # BHT03
    extra: dict[str, str] = field(default_factory=dict)


def _zip(postal_code: str) -> str:
    digits = re.sub(r"\D", "", postal_code)
    return digits


def _address(address: Address, *, nine_digits: bool = False) -> list[str]:
    postal = _zip(address.postal_code)
    if nine_digits and len(postal) == 5:
        postal += "9998"  # billing provider ZIP+4 is required; 9998 is the conventional unknown suffix
    return [seg("N3", address.line), seg("N4", address.city, address.state, postal)]


def _dx(code: str) -> str:
    return code.replace(".", "").upper()


def build_837(envelope: Envelope, claims: Sequence[Claim], *, kind: str) -> str:
    """The whole interchange as text, segments separated by ``~\\n``."""
    if kind not in VERSIONS:
        raise ValueError(f"unknown claim format {kind!r}; use 837i or 837p")
    if not claims:
        raise ValueError("no claims to put in the file")
    version = VERSIONS[kind]
    when = envelope.created_at
    control = f"{envelope.control_number:09d}"
    body: list[str] = [
        seg("ST", "837", "0001", version),
        seg("BHT", "0019", "00", envelope.reference or control, when.strftime("%Y%m%d"), when.strftime("%H%M"), "CH"),
        seg("NM1", "41", "2", envelope.submitter.name, "", "", "", "", "46", envelope.sender_id),
        seg("PER", "IC", envelope.contact_name, "TE", re.sub(r"\D", "", envelope.contact_phone)),
        seg("NM1", "40", "2", envelope.receiver_name, "", "", "", "", "46", envelope.receiver_id),
    ]
    billing = envelope.billing_provider
    body.append(seg("HL", "1", "", "20", "1"))
    if billing.taxonomy:
        body.append(seg("PRV", "BI", "PXC", billing.taxonomy))
    body.append(seg("NM1", "85", "2", billing.name, "", "", "", "", "XX", billing.npi))
    if billing.address is None:
        raise ValueError("the billing provider needs an address")
    body += _address(billing.address, nine_digits=True)
    body.append(seg("REF", "EI", re.sub(r"\D", "", billing.tax_id)))
    for number, claim in enumerate(claims, start=2):
        body += _subscriber_loop(number, claim, kind=kind)
    body.append(seg("SE", str(len(body) + 1), "0001"))
    usage = "P" if envelope.production else "T"
    header = [
        "ISA*00*          *00*          *ZZ*"
        + f"{clean(envelope.sender_id):<15}*ZZ*{clean(envelope.receiver_id):<15}*"
        + f"{when.strftime('%y%m%d')}*{when.strftime('%H%M')}*^*00501*{control}*0*{usage}*:",
        seg(
            "GS",
            "HC",
            envelope.sender_id,
            envelope.receiver_id,
            when.strftime("%Y%m%d"),
            when.strftime("%H%M"),
            str(envelope.control_number),
            "X",
            version,
        ),
    ]
    trailer = [seg("GE", "1", str(envelope.control_number)), seg("IEA", "1", control)]
    return "~\n".join([*header, *body, *trailer]) + "~\n"


def _subscriber_loop(number: int, claim: Claim, *, kind: str) -> list[str]:
    s = claim.subscriber
    out = [
        seg("HL", str(number), "1", "22", "0"),
        seg("SBR", s.payer_rank, "18", s.group_number, "", "", "", "", "", "CI"),
        seg("NM1", "IL", "1", s.last_name, s.first_name, "", "", "", "MI", s.member_id),
        *_address(s.address),
        seg("DMG", "D8", s.date_of_birth.strftime("%Y%m%d"), s.sex),
        seg("NM1", "PR", "2", claim.payer.name, "", "", "", "", "PI", claim.payer.payer_id),
    ]
    return out + (_claim_837i(claim) if kind == I837 else _claim_837p(claim))


def _claim_837i(claim: Claim) -> list[str]:
    first = min(line.day for line in claim.lines)
    last = max(line.day for line in claim.lines)
    facility, frequency = claim.bill_type[:2], claim.bill_type[2:] or claim.frequency
    out = [
        seg(
            "CLM",
            claim.control_number,
            amount(claim.total),
            "",
            "",
            composite(facility, "A", frequency),
            "",
            "A",
            "Y",
            "Y",
        ),
        seg("DTP", "434", "RD8", f"{first:%Y%m%d}-{last:%Y%m%d}"),
        seg("CL1", "3", "1", "30"),  # elective, physician referral, still a patient
    ]
    if claim.authorization:
        out.append(seg("REF", "G1", claim.authorization))
    # 837I: the principal diagnosis alone, then the others in their own HI (up to 12).
    out.append(seg("HI", composite("ABK", _dx(claim.diagnoses[0]))))
    if claim.diagnoses[1:]:
        out.append(seg("HI", *(composite("ABF", _dx(d)) for d in claim.diagnoses[1:13])))
    if claim.condition_codes:
        out.append(seg("HI", *(composite("BG", c) for c in claim.condition_codes[:12])))
    if claim.attending is not None:
        a = claim.attending
        out.append(seg("NM1", "71", "1", a.last_name or a.name, a.first_name, "", "", "", "XX", a.npi))
    for n, line in enumerate(claim.lines, start=1):
        out += [
            seg("LX", str(n)),
            seg(
                "SV2",
                line.revenue_code,
                composite("HC", line.code, *line.modifiers),
                amount(line.charge),
                "UN",
                str(line.units),
            ),
            seg("DTP", "472", "D8", f"{line.day:%Y%m%d}"),
        ]
    return out


def _claim_837p(claim: Claim) -> list[str]:
    out = [
        seg(
            "CLM",
            claim.control_number,
            amount(claim.total),
            "",
            "",
            composite(claim.place_of_service, "B", claim.frequency),
            "Y",
            "A",
            "Y",
            "Y",
        ),
    ]
    if claim.authorization:
        out.append(seg("REF", "G1", claim.authorization))
    out.append(
        seg("HI", composite("ABK", _dx(claim.diagnoses[0])), *(composite("ABF", _dx(d)) for d in claim.diagnoses[1:12]))
    )
    if claim.attending is not None:
        a = claim.attending
        out.append(seg("NM1", "82", "1", a.last_name or a.name, a.first_name, "", "", "", "XX", a.npi))
    for n, line in enumerate(claim.lines, start=1):
        out += [
            seg("LX", str(n)),
            seg(
                "SV1",
                composite("HC", line.code, *line.modifiers),
                amount(line.charge),
                "UN",
                str(line.units),
                "",
                "",
                "1",
            ),
            seg("DTP", "472", "D8", f"{line.day:%Y%m%d}"),
        ]
    return out
