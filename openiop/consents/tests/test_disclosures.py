"""Disclosures only under a valid consent; the §2.32 notice on every page; the accounting of disclosures."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from weasyprint.formatting_structure import boxes

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.clients import services as client_services
from openiop.clients.models import Episode
from openiop.consents import pdf, selectors, services, texts
from openiop.consents.models import ConsentDocument, ConsentKind, Disclosure, Expiration
from openiop.consents.records import RECORD_KINDS, RecordKind
from openiop.consents.tests import factories
from openiop.consents.tests.factories import login, sign
from openiop.core.time import site_today


def _disclose(cast: Cast, consent: ConsentDocument | None, **overrides: Any) -> Disclosure:
    arguments: dict[str, Any] = {
        "actor": cast.alice,
        "client": cast.erin,
        "consent": consent,
        "recipient": "Blue Shield of California",
        "recipient_class": "payers",
        "purpose": "payment",
        "records": ["demographics", "episodes"],
        **overrides,
    }
    return services.disclosure_create(**arguments)


def _footer_texts(document: Any) -> list[str]:
    """The text of each page's bottom margin boxes, as WeasyPrint laid them out."""
    texts_by_page = []
    for page in document.pages:
        words = [
            text.text
            for margin in page._page_box.descendants()
            if isinstance(margin, boxes.MarginBox) and margin.at_keyword.startswith("@bottom")
            for text in margin.descendants()
            if isinstance(text, boxes.TextBox)
        ]
        texts_by_page.append(" ".join(words))
    return texts_by_page


def test_refused_without_consent_then_released_with_one_then_refused_after_revocation(
    cast: Cast, erin_tpo: ConsentDocument
) -> None:
    """Acceptance 5, step by step, every step in the audit trail."""
    with pytest.raises(ValidationError) as refused:
        _disclose(cast, None)
    assert "consent" in refused.value.message_dict

    disclosure = _disclose(cast, erin_tpo)
    pdf_bytes = login(cast.alice).get(f"/consents/disclosures/{disclosure.pk}/pdf/")
    assert pdf_bytes["Content-Type"] == "application/pdf" and pdf_bytes.content.startswith(b"%PDF")
    html = pdf.disclosure_html(disclosure)
    assert texts.NOTICE_STATEMENT_2 in html and texts.NOTICE_STATEMENT_1[:80] in html
    entries = list(selectors.accounting_for_client(client=cast.erin, today=site_today(cast.site_a)))
    assert [(e.recipient, e.purpose) for e in entries] == [("Blue Shield of California", "payment")]

    services.consent_revoke(actor=cast.erin_user, document=erin_tpo)
    with pytest.raises(ValidationError) as again:
        _disclose(cast, erin_tpo)
    assert "revoked" in again.value.message_dict["consent"][0]

    trail = list(AuditEvent.objects.filter(object_type="disclosure").order_by("id").values_list("action", "detail"))
    assert [(action, detail.get("outcome")) for action, detail in trail] == [
        ("export", "refused"),
        ("export", "released"),
        ("export", None),  # the PDF download
        ("export", "refused"),
    ]
    assert Disclosure.objects.count() == 1


def test_the_notice_is_in_the_footer_of_every_page(cast: Cast, erin_tpo: ConsentDocument) -> None:
    for day in range(60):  # enough episodes to run over several pages
        start = dt.date(2020, 1, 1) + dt.timedelta(days=day * 10)
        episode = Episode.objects.create(
            client=cast.erin, site=cast.site_a, admission_date=start, status="discharged", discharge_date=start
        )
        assert episode.pk
    disclosure = _disclose(cast, erin_tpo)
    document = pdf.pdf_document(pdf.disclosure_html(disclosure))
    footers = _footer_texts(document)
    assert len(footers) >= 3
    assert all(texts.NOTICE_STATEMENT_2 in footer for footer in footers)
    assert document.write_pdf().startswith(b"%PDF")


def _expired_release(cast: Cast) -> ConsentDocument:
    release = services.consent_prepare(
        actor=cast.alice,
        client=cast.erin,
        kind=ConsentKind.PART2_RELEASE,
        recipient_name="Sam Lee",
        expiration_kind=Expiration.ON_DATE,
        expires_on=site_today(cast.site_a) + dt.timedelta(days=10),
    )
    return sign(cast, release)


def _ended_with_treatment(cast: Cast) -> ConsentDocument:
    release = sign(
        cast,
        services.consent_prepare(
            actor=cast.alice, client=cast.erin, kind=ConsentKind.PART2_RELEASE, recipient_name="Sam Lee"
        ),
    )
    episode = Episode.objects.get(client=cast.erin)
    client_services.episode_discharge(
        actor=cast.alice,
        episode=episode,
        discharge_date=site_today(cast.site_a) - dt.timedelta(days=1),
        reason="Done",
        teds_reason=1,
    )
    return release


CASES: list[tuple[str, dict[str, Any], str]] = [
    ("pending", {}, "consent"),
    ("declined", {}, "consent"),
    ("treatment", {}, "consent"),
    ("frank", {}, "consent"),
    ("expired", {"recipient": "Sam Lee", "recipient_class": "", "purpose": "family_involvement"}, "consent"),
    ("ended", {"recipient": "Sam Lee", "recipient_class": "", "purpose": "family_involvement"}, "consent"),
    ("tpo", {"purpose": "family_involvement"}, "purpose"),
    ("tpo", {"recipient_class": ""}, "recipient_class"),
    ("release", {"recipient": "Someone Else", "recipient_class": "", "purpose": "family_involvement"}, "recipient"),
    ("release", {"recipient": "Jo Castillo", "recipient_class": "", "purpose": "payment"}, "purpose"),
    ("tpo", {"records": []}, "records"),
    ("tpo", {"records": ["psychotherapy_notes"]}, "records"),
    ("tpo", {"recipient": "  "}, "recipient"),
    ("tpo", {"purpose": "gossip"}, "purpose"),
    ("tpo", {"now": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}, "consent"),
]


@pytest.mark.parametrize(("which", "overrides", "field"), CASES)
def test_a_disclosure_is_refused_naming_the_field(
    cast: Cast, erin_documents: dict[str, ConsentDocument], which: str, overrides: dict[str, Any], field: str
) -> None:
    if which == "declined":
        consent = services.consent_decline(actor=cast.erin_user, document=erin_documents["release"])
    elif which == "frank":
        consent = services.consent_prepare(actor=cast.bob, client=cast.frank, kind=ConsentKind.PART2_TPO)
    elif which == "expired":
        consent = _expired_release(cast)
        overrides["now"] = timezone.now() + dt.timedelta(days=12)
    elif which == "ended":
        consent = _ended_with_treatment(cast)
    elif which == "release":
        consent = sign(cast, erin_documents["release"])
    else:
        consent = erin_documents["rights" if which == "pending" else which]
    before = AuditEvent.objects.filter(detail__outcome="refused").count()
    with pytest.raises(ValidationError) as info:
        _disclose(cast, consent, **overrides)
    assert field in info.value.message_dict
    assert not Disclosure.objects.exists()
    assert AuditEvent.objects.filter(detail__outcome="refused").count() == before + 1


def test_a_release_covers_its_named_recipient_whatever_the_case(
    cast: Cast, erin_documents: dict[str, ConsentDocument]
) -> None:
    release = sign(cast, erin_documents["release"])
    disclosure = _disclose(
        cast, release, recipient="jo  CASTILLO", recipient_class="", purpose="family_involvement", records=["episodes"]
    )
    assert disclosure.description == "Episodes of care (dates and level of care)"


def test_a_revocation_effective_later_still_allows_disclosures_until_then(
    cast: Cast, erin_tpo: ConsentDocument
) -> None:
    services.consent_revoke(
        actor=cast.alice, document=erin_tpo, effective_date=site_today(cast.site_a) + dt.timedelta(days=3)
    )
    assert _disclose(cast, erin_tpo).pk
    with pytest.raises(ValidationError):
        _disclose(cast, erin_tpo, now=timezone.now() + dt.timedelta(days=4))


def test_only_staff_who_may_change_the_client_disclose(cast: Cast, erin_tpo: ConsentDocument) -> None:
    for actor in (cast.mel, cast.bob, cast.erin_user):
        with pytest.raises(PermissionDenied):
            _disclose(cast, erin_tpo, actor=actor)


def test_billing_discloses_to_a_payer_for_payment_only(cast: Cast, erin_tpo: ConsentDocument) -> None:
    """Billing sends payers what payment needs (a utilization-review packet), nothing else."""
    assert _disclose(cast, erin_tpo, actor=cast.bill).disclosed_by == cast.bill
    with pytest.raises(PermissionDenied):
        _disclose(cast, erin_tpo, actor=cast.bill, purpose="treatment")


def test_narrative_records_need_narrative_access(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    kind = RecordKind("notes", "Notes", "consents/records/demographics.html", lambda c: {}, narrative=True)
    monkeypatch.setitem(RECORD_KINDS, "notes", kind)
    erin_tpo = factories.erin_documents(cast)["tpo"]  # prepared now: its information covers notes too
    assert _disclose(cast, erin_tpo, records=["notes"]).records == ["notes"]
    cast.site_a.memberships.filter(user=cast.alice).update(role="billing")
    cast.alice.__dict__.pop("_openiop_site_roles", None)
    with pytest.raises(PermissionDenied):
        _disclose(cast, erin_tpo, records=["notes"])


def test_the_snapshot_keeps_what_was_released(cast: Cast, erin_tpo: ConsentDocument) -> None:
    disclosure = _disclose(cast, erin_tpo)
    client_services.client_update(actor=cast.alice, client=cast.erin, phone="(213) 555-0199")
    assert "(310) 555-0142" in pdf.disclosure_html(Disclosure.objects.get(pk=disclosure.pk))


def test_disclosures_are_append_only(cast: Cast, erin_disclosure: Disclosure) -> None:
    erin_disclosure.recipient = "Someone else"
    with pytest.raises(PermissionError):
        erin_disclosure.save()
    with pytest.raises(PermissionError):
        Disclosure.objects.filter(pk=erin_disclosure.pk).update(recipient="x")
    with pytest.raises(PermissionError):
        erin_disclosure.delete()


def test_the_accounting_covers_the_last_three_years(cast: Cast, erin_tpo: ConsentDocument) -> None:
    today = site_today(cast.site_a)
    start = selectors.accounting_start(today)
    old = _disclose(cast, erin_tpo)
    Disclosure.objects.bulk_create(
        [
            Disclosure(
                client=cast.erin,
                site=cast.site_a,
                consent=erin_tpo,
                recipient=name,
                purpose="payment",
                records=["demographics"],
                description="Demographics",
                disclosed_at=when,
                disclosed_by=cast.alice,
                content_html="",
                content_sha256="0" * 64,
            )
            for name, when in [
                ("Too old", dt.datetime.combine(start - dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC)),
                ("Just in", dt.datetime.combine(start, dt.time(12), tzinfo=dt.UTC)),
            ]
        ]
    )
    shown = [d.recipient for d in selectors.accounting_for_client(client=cast.erin, today=today)]
    assert shown == [old.recipient, "Just in"]


@pytest.mark.parametrize(
    ("today", "start"), [(dt.date(2026, 11, 27), dt.date(2023, 11, 27)), (dt.date(2028, 2, 29), dt.date(2025, 2, 28))]
)
def test_three_years_before(today: dt.date, start: dt.date) -> None:
    assert selectors.accounting_start(today) == start


def test_staff_and_the_client_print_the_accounting(cast: Cast, erin_disclosure: Disclosure) -> None:
    for user, url in [
        (cast.alice, f"/consents/clients/{cast.erin.pk}/accounting.pdf"),
        (cast.erin_user, "/consents/my/accounting.pdf"),
    ]:
        response = login(user).get(url)
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="print", object_type="disclosure_accounting").count() == 2
    html = pdf.accounting_html(
        {
            "client": cast.erin,
            "entries": [erin_disclosure],
            "start": dt.date(2023, 1, 1),
            "today": dt.date(2026, 1, 1),
            "tz": "UTC",
        }
    )
    assert "Blue Shield of California" in html and "Demographics" in html
