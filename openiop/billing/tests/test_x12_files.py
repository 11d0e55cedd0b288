"""837I, 837P and 835 files, checked by pyx12 (an independent X12 005010 validator)."""

import datetime as dt
from decimal import Decimal

import pytest

from openiop.billing.tests.x12_check import pyx12_errors
from openiop.billing.x12.claims import (
    I837,
    P837,
    Address,
    Claim,
    Envelope,
    Payer,
    Provider,
    ServiceLine,
    Subscriber,
    build_837,
)
from openiop.billing.x12.remittance import PaymentAnswer, RemittanceError, build_835, parse_835
from openiop.billing.x12.syntax import segments

SITE = Address("123 Main St", "Pasadena", "CA", "91101")
ENVELOPE = Envelope(
    sender_id="OPENIOP",
    receiver_id="CLEARINGHOUSE",
    receiver_name="Clearinghouse",
    submitter=Provider("Pasadena IOP", "1234567893"),
    contact_name="Bill Biller",
    contact_phone="(626) 555-0100",
    billing_provider=Provider("Pasadena IOP", "1234567893", tax_id="95-1234567", address=SITE, taxonomy="261QR0405X"),
    control_number=7,
    created_at=dt.datetime(2026, 11, 9, 10, 30, tzinfo=dt.UTC),
)
JANE = Subscriber(
    "W123456789", "Doe", "Jane", dt.date(1990, 5, 1), "F", Address("1 Elm St", "Pasadena", "CA", "91103"), "G100"
)
ALICE = Provider("", "1922334455", last_name="Smith", first_name="Alice")
DAYS = (dt.date(2026, 11, 2), dt.date(2026, 11, 4), dt.date(2026, 11, 6))


def institutional(number: str = "C1001", *, condition_codes: tuple[str, ...] = (), bill_type: str = "131") -> Claim:
    lines = tuple(ServiceLine(d, "S9480", 1, Decimal("250.00"), revenue_code="0905") for d in DAYS)
    return Claim(
        number,
        JANE,
        Payer("Blue Shield", "BS001"),
        ("F10.20", "F32.1"),
        lines,
        "AUTH-9",
        condition_codes=condition_codes,
        bill_type=bill_type,
        attending=ALICE,
    )


def professional(number: str = "C1002") -> Claim:
    lines = (
        *(ServiceLine(d, "90853", 1, Decimal("80")) for d in DAYS),
        ServiceLine(DAYS[0], "90834", 1, Decimal("120")),
    )
    return Claim(number, JANE, Payer("Blue Shield", "BS001"), ("F10.20",), lines, "AUTH-9", attending=ALICE)


@pytest.mark.parametrize(
    ("kind", "claims"),
    [
        (I837, [institutional()]),
        (I837, [institutional(condition_codes=("92",), bill_type="131"), institutional("C1003")]),
        (P837, [professional()]),
        (P837, [professional(), professional("C1004")]),
    ],
)
def test_claim_files_validate_with_pyx12(kind: str, claims: list[Claim]) -> None:
    text = build_837(ENVELOPE, claims, kind=kind)
    assert pyx12_errors(text) == []
    clms = [s for s in segments(text) if s[0] == "CLM"]
    assert [c[1] for c in clms] == [c.control_number for c in claims]


def test_the_validator_does_fail_on_a_broken_file() -> None:
    text = build_837(ENVELOPE, [professional()], kind=P837).replace("NM1*85*2*PASADENA IOP", "NM1*85*9*PASADENA IOP")
    assert pyx12_errors(text) != []


def test_medicare_iop_carries_condition_code_92_and_the_revenue_code() -> None:
    text = build_837(ENVELOPE, [institutional(condition_codes=("92",))], kind=I837)
    found = list(segments(text))
    assert ["HI", "BG:92"] in found
    assert ["SV2", "0905", "HC:S9480", "250", "UN", "1"] in found


def test_separators_in_names_cannot_break_the_file() -> None:
    odd = Subscriber("W1*2", "O'Neil~Smith", "Ana:Maria", dt.date(1990, 5, 1), "F", JANE.address)
    claim = Claim("C9", odd, Payer("Blue*Shield", "BS001"), ("F10.20",), professional().lines)
    assert pyx12_errors(build_837(ENVELOPE, [claim], kind=P837)) == []


def test_an_empty_claim_list_is_refused() -> None:
    with pytest.raises(ValueError, match="no claims"):
        build_837(ENVELOPE, [], kind=P837)


def _remittance() -> str:
    return build_835(
        payer_name="Blue Shield",
        payer_id="BS001",
        payee_name="Pasadena IOP",
        payee_npi="1234567893",
        answers=[
            PaymentAnswer(
                "C1001",
                Decimal("750"),
                Decimal("600"),
                tuple((("S9480", d, Decimal("250"), Decimal("200"), 1)) for d in DAYS),
                patient=("Doe", "Jane", "W123456789"),
            ),
            PaymentAnswer(
                "C1003",
                Decimal("750"),
                Decimal("0"),
                (),
                patient=("Doe", "Jane", ""),
                denied_reason="197",
                remark="N54",
            ),
        ],
        paid_on=dt.date(2026, 12, 1),
        trace_number="EFT0001",
        created_at=dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC),
    )


def test_a_remittance_validates_and_reads_back() -> None:
    text = _remittance()
    assert pyx12_errors(text) == []
    remit = parse_835(text)
    assert (remit.payer_name, remit.total_paid, remit.paid_on, remit.trace_number) == (
        "BLUE SHIELD",
        Decimal("600"),
        dt.date(2026, 12, 1),
        "EFT0001",
    )
    paid, denied = remit.claims
    assert (paid.control_number, paid.status, paid.paid, paid.denied) == ("C1001", "1", Decimal("600"), False)
    assert [(s.code, s.day, s.paid) for s in paid.services] == [("S9480", d, Decimal("200")) for d in DAYS]
    assert {(a.group, a.reason, a.amount) for a in paid.all_adjustments} == {("CO", "45", Decimal("50"))}
    assert (denied.denied, [a.reason for a in denied.adjustments], denied.all_remarks) == (True, ["197"], ())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not an X12 interchange"),
        ("ISA*00~ST*837*0001~SE*2*0001~", "no 835 transaction"),
        ("ISA*00~ST*835*0001~CLP*C1*1*abc*0~SE*2*0001~", "not an amount"),
        ("ISA*00~ST*835*0001~BPR*I*10*C*ACH*CCP*01*1*DA*1*1**01*1*DA*1*2026-12-01~", "not a CCYYMMDD date"),
    ],
)
def test_an_unreadable_remittance_is_refused_whole(text: str, message: str) -> None:
    with pytest.raises(RemittanceError, match=message):
        parse_835(text)
