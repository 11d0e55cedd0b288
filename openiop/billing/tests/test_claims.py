"""Claim files from the charges (validated by pyx12), their lifecycle, and 835 remittances."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import Cast
from openiop.billing.models import Charge, Claim, ClaimStatus, Payer, Remittance
from openiop.billing.services.charges import charges_compute
from openiop.billing.services.claims import claim_status_set, claims_generate, remittance_import
from openiop.billing.tests.conftest import DAYS, WEEK, World, billable_client
from openiop.billing.tests.x12_check import pyx12_errors
from openiop.billing.x12.remittance import PaymentAnswer, build_835
from openiop.billing.x12.syntax import segments
from openiop.core.tests.threads import at_once

pytestmark = pytest.mark.django_db
END = WEEK + dt.timedelta(days=6)


def _claims(cast: Cast, kind: str = "837p") -> list[Claim]:
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    return claims_generate(actor=cast.bill, site=cast.site_a, first_day=WEEK, last_day=END, kind=kind).claims


def test_the_837p_file_validates_and_claims_every_charge_once(cast: Cast, world: World) -> None:
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    export = claims_generate(actor=cast.bill, site=cast.site_a, first_day=WEEK, last_day=END, kind="837p")
    assert pyx12_errors(export.text) == []
    (claim,) = export.claims
    assert (claim.total, claim.status, claim.statement_from, claim.statement_to) == (
        Decimal("750.00"),
        "ready",
        DAYS[0],
        DAYS[2],
    )
    assert set(Charge.objects.values_list("status", "claim")) == {("claimed", claim.pk)}
    again = claims_generate(actor=cast.bill, site=cast.site_a, first_day=WEEK, last_day=END, kind="837p")
    assert (again.file, again.claims) == (None, [])


def test_the_file_holds_codes_and_demographics_never_narrative(cast: Cast, world: World) -> None:
    from openiop.clinical.models import GroupNote

    GroupNote.objects.update(group_process="SECRET-NARRATIVE talked about her brother")
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    text = claims_generate(actor=cast.bill, site=cast.site_a, first_day=WEEK, last_day=END, kind="837p").text
    assert "SECRET" not in text and "BROTHER" not in text
    assert ["NM1", "IL", "1", "CASTILLO", "ERIN", "", "", "", "MI", "W100"] in list(segments(text))


def test_an_institutional_payer_gets_a_valid_837i_with_the_revenue_code(cast: Cast, world: World) -> None:
    Payer.objects.filter(pk=world.payer.pk).update(
        claim_type="institutional", per_diem_code="S9480", revenue_code="0905", mode="per_diem"
    )
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    export = claims_generate(actor=cast.bill, site=cast.site_a, first_day=WEEK, last_day=END, kind="837i")
    assert pyx12_errors(export.text) == []
    assert ["SV2", "0905", "HC:S9480", "250", "UN", "1"] in list(segments(export.text))
    professional = claims_generate(actor=cast.bill, site=cast.site_a, first_day=WEEK, last_day=END, kind="837p")
    assert professional.file is None


def test_a_client_without_a_diagnosis_or_an_address_is_skipped_with_the_reason(cast: Cast, world: World) -> None:
    from openiop.billing.tests.conftest import attended_group
    from openiop.clients.models import Client

    billable_client(cast, cast.frank, world.payer, "W200")
    Client.objects.filter(pk=cast.frank.pk).update(postal_code="")
    for day in DAYS:
        attended_group(cast, day, [cast.frank])
    world.payer.requires_authorization = False
    world.payer.save()
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    export = claims_generate(actor=cast.bill, site=cast.site_a, first_day=WEEK, last_day=END, kind="837p")
    assert [c.client_id for c in export.claims] == [cast.erin.pk]
    assert export.skipped == {cast.frank.pk: "the client's address is incomplete"}


def test_bad_dates_and_formats_change_nothing(cast: Cast, world: World) -> None:
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    with pytest.raises(ValidationError) as refused:
        claims_generate(actor=cast.bill, site=cast.site_a, first_day=END, last_day=WEEK, kind="837p")
    assert "to" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        claims_generate(actor=cast.bill, site=cast.site_a, first_day=WEEK, last_day=END, kind="835")
    assert "format" in refused.value.message_dict
    assert Claim.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        (["sent", "accepted", "paid"], [True, True, True]),
        (["paid"], [False]),
        (["sent", "denied", "resubmitted", "paid"], [True, True, True, True]),
        (["sent", "paid", "denied"], [True, True, False]),
    ],
)
def test_the_claim_lifecycle(cast: Cast, world: World, path: list[str], allowed: list[bool]) -> None:
    (claim,) = _claims(cast)
    for status, ok in zip(path, allowed, strict=True):
        if ok:
            claim = claim_status_set(actor=cast.bill, claim=claim, status=status)
            assert claim.status == status
        else:
            with pytest.raises(ValidationError):
                claim_status_set(actor=cast.bill, claim=claim, status=status)


def test_a_stale_status_change_is_refused(cast: Cast, world: World) -> None:
    (claim,) = _claims(cast)
    claim_status_set(actor=cast.bill, claim=claim, status="sent", version=claim.version)
    with pytest.raises(ValidationError) as refused:
        claim_status_set(actor=cast.dana, claim=claim, status="sent", version=claim.version)
    assert "now Sent" in str(refused.value)


def _answer(claim: Claim, *, denied: bool = False, trace: str = "EFT1") -> str:
    lines = tuple(
        (c.code, c.day, c.amount, Decimal(0) if denied else Decimal("200"), c.units) for c in claim.charges.all()
    )
    paid = Decimal(0) if denied else sum((line[3] for line in lines), Decimal(0))
    return build_835(
        payer_name="Blue Shield",
        payer_id="BS001",
        payee_name="Pasadena IOP",
        payee_npi="1234567893",
        answers=[
            PaymentAnswer(
                claim.control_number,
                claim.total,
                paid,
                () if denied else lines,
                patient=("Castillo", "Erin", "W100"),
                denied_reason="197" if denied else "",
            )
        ],
        paid_on=dt.date(2026, 12, 1),
        trace_number=trace,
        created_at=timezone.now(),
    )


def test_an_835_made_from_the_claims_marks_them_paid(cast: Cast, world: World) -> None:
    (claim,) = _claims(cast)
    text = _answer(claim)
    assert pyx12_errors(text) == []
    remittance_import(actor=cast.bill, site=cast.site_a, text=text)
    claim.refresh_from_db()
    assert (claim.status, claim.paid) == ("paid", Decimal("600.00"))
    assert set(Charge.objects.values_list("status", flat=True)) == {"paid"}


def test_a_denial_lands_on_the_worklist_with_its_reason(cast: Cast, world: World) -> None:
    (claim,) = _claims(cast)
    remittance_import(actor=cast.bill, site=cast.site_a, text=_answer(claim, denied=True))
    claim.refresh_from_db()
    assert (claim.status, claim.denial_reasons) == (ClaimStatus.DENIED, ["CO-197"])
    from openiop.billing.selectors import billing_home

    assert [c.pk for c in billing_home(user=cast.bill, site=cast.site_a).denials] == [claim.pk]


def test_a_remittance_naming_an_unknown_claim_changes_nothing(cast: Cast, world: World) -> None:
    (claim,) = _claims(cast)
    text = _answer(claim).replace(claim.control_number, "NOT-OURS")
    with pytest.raises(ValidationError, match="NOT-OURS"):
        remittance_import(actor=cast.bill, site=cast.site_a, text=text)
    claim.refresh_from_db()
    assert (claim.status, Remittance.objects.count()) == ("ready", 0)


def test_the_same_remittance_is_not_applied_twice(cast: Cast, world: World) -> None:
    (claim,) = _claims(cast)
    remittance_import(actor=cast.bill, site=cast.site_a, text=_answer(claim))
    with pytest.raises(ValidationError, match="imported already"):
        remittance_import(actor=cast.bill, site=cast.site_a, text=_answer(claim))


def test_a_broken_835_is_refused_naming_the_problem(cast: Cast, world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        remittance_import(actor=cast.bill, site=cast.site_a, text="hello")
    assert refused.value.message_dict == {"file": ["not an X12 interchange (it must start with ISA)"]}


@pytest.mark.django_db(transaction=True)
def test_two_exports_at_once_claim_each_charge_once(cast: Cast, world: World) -> None:
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)

    def export() -> int:
        return len(claims_generate(actor=cast.bill, site=cast.site_a, first_day=WEEK, last_day=END, kind="837p").claims)

    assert sorted(at_once(export, export)) == [0, 1]
    assert Claim.objects.count() == 1
