"""The pages: admission list, signing on a staff device and in the portal, revocation, disclosure,
release and directory forms; list pages run a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import RequestFactory

from conftest import Cast
from openiop.accounts import policy
from openiop.audit.models import AuditEvent
from openiop.clients.models import Client, Episode, SupportContact
from openiop.consents import rendering
from openiop.consents.models import ConsentDocument, Disclosure, Provider, Referral
from openiop.consents.panels import chart_panel_context
from openiop.consents.tests import factories
from openiop.consents.tests.factories import login


def test_the_admission_page_prepares_the_documents_once_on_a_post(cast: Cast) -> None:
    SupportContact.objects.create(client=cast.erin, name="Jo Castillo", relationship="mother", may_be_involved=True)
    http = login(cast.alice)
    url = f"/consents/clients/{cast.erin.pk}/admission/"
    assert 'id="prepare-documents"' in http.get(url).content.decode()
    assert http.post(url).status_code == 302
    page = http.get(url).content.decode()
    assert "Consent to treatment" in page and "Client rights and program rules" in page and "Jo Castillo" in page
    assert 'id="prepare-documents"' not in page
    http.post(url)
    assert ConsentDocument.objects.filter(client=cast.erin).count() == 4


def test_get_of_the_consent_page_writes_nothing(cast: Cast) -> None:
    SupportContact.objects.create(client=cast.erin, name="Jo Castillo", relationship="mother", may_be_involved=True)
    http = login(cast.alice)
    before = {m: m.objects.count() for m in (ConsentDocument, Disclosure, Referral)}
    events = AuditEvent.objects.exclude(action="view").count()
    assert http.get(f"/consents/clients/{cast.erin.pk}/admission/").status_code == 200
    assert {m: m.objects.count() for m in (ConsentDocument, Disclosure, Referral)} == before
    assert AuditEvent.objects.exclude(action="view").count() == events  # only the read is recorded


def test_the_client_signs_on_the_staff_device(cast: Cast, erin_documents: dict[str, ConsentDocument]) -> None:
    document = erin_documents["rights"]
    http = login(cast.alice, headers={"User-Agent": "Tablet"})
    form = http.get(f"/consents/documents/{document.pk}/sign/").context["form"]
    shown = form.initial["text_sha256"]
    assert shown == rendering.text_sha256(document.rendered_text)
    response = http.post(
        f"/consents/documents/{document.pk}/sign/",
        {"typed_name": "erin castillo", "agree": "on", "signer_role": "client", "text_sha256": shown},
    )
    assert response.status_code == 302 and response["Location"] == f"/consents/clients/{cast.erin.pk}/admission/"
    document.refresh_from_db()
    assert (document.status, document.signed_channel, document.witnessed_by, document.signed_user_agent) == (
        "signed",
        "staff_device",
        cast.alice,
        "Tablet",
    )


def test_a_wrong_name_shows_a_field_error_and_signs_nothing(
    cast: Cast, erin_documents: dict[str, ConsentDocument]
) -> None:
    document = erin_documents["rights"]
    response = login(cast.erin_user).post(
        f"/consents/my/{document.pk}/sign/", {"typed_name": "Someone Else", "agree": "on"}
    )
    assert response.status_code == 422
    assert "Type the full legal name exactly as the program has it: Erin Castillo" in response.content.decode()
    document.refresh_from_db()
    assert document.status == "pending"


def test_the_client_signs_in_the_portal_in_spanish(cast: Cast, erin_documents: dict[str, ConsentDocument]) -> None:
    http = login(cast.erin_user, headers={"Accept-Language": "es"})
    listing = http.get("/consents/my/").content.decode()
    assert "Mis documentos" in listing and "Para firmar" in listing
    document = erin_documents["rights"]
    page = http.get(f"/consents/my/{document.pk}/sign/").content.decode()
    assert "Escriba su nombre legal completo" in page and 'src="/static/consents/signature.js"' in page
    response = http.post(f"/consents/my/{document.pk}/sign/", {"typed_name": "Erin Castillo", "agree": "on"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.signed_channel == "portal"


def test_a_client_never_reaches_another_clients_document(
    cast: Cast, erin_documents: dict[str, ConsentDocument]
) -> None:
    http = login(cast.frank_user)
    for url in (f"/consents/my/{erin_documents['rights'].pk}/sign/", f"/consents/my/{erin_documents['tpo'].pk}/pdf/"):
        assert http.get(url).status_code == 404


def test_the_signed_pdf_opens_from_the_chart_and_is_audited(
    cast: Cast, erin_documents: dict[str, ConsentDocument]
) -> None:
    http = login(cast.alice)
    chart = http.get(f"/clients/{cast.erin.pk}/").content.decode()
    url = f"/consents/documents/{erin_documents['tpo'].pk}/pdf/"
    assert url in chart
    response = http.get(url)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="print", object_type="consent", client=cast.erin).exists()


def test_billing_sees_the_consents_panel(cast: Cast, erin_documents: dict[str, ConsentDocument]) -> None:
    chart = login(cast.bill).get(f"/clients/{cast.erin.pk}/").content.decode()
    assert "Consents and disclosures" in chart and "New disclosure" not in chart


def test_staff_record_a_revocation(cast: Cast, erin_tpo: ConsentDocument) -> None:
    http = login(cast.alice)
    bad = http.post(f"/consents/documents/{erin_tpo.pk}/revoke/", {"effective_date": "2001-01-01"})
    assert bad.status_code == 422 and "before the consent was signed" in bad.content.decode()
    good = http.post(f"/consents/documents/{erin_tpo.pk}/revoke/", {"effective_date": "2099-01-01", "note": "Letter"})
    assert good.status_code == 302
    erin_tpo.refresh_from_db()
    assert erin_tpo.status == "revoked"


def test_the_client_revokes_only_after_confirming(cast: Cast, erin_tpo: ConsentDocument) -> None:
    http = login(cast.erin_user)
    http.post(f"/consents/my/{erin_tpo.pk}/revoke/")
    erin_tpo.refresh_from_db()
    assert erin_tpo.status == "signed"
    http.post(f"/consents/my/{erin_tpo.pk}/revoke/", {"confirm": "yes"})
    erin_tpo.refresh_from_db()
    assert erin_tpo.status == "revoked" and erin_tpo.revocation_method == "portal"


def test_a_disclosure_through_the_form(cast: Cast, erin_tpo: ConsentDocument) -> None:
    http = login(cast.alice)
    data = {
        "consent": erin_tpo.pk,
        "recipient": "Blue Shield of California",
        "recipient_class": "payers",
        "purpose": "payment",
        "records": ["demographics"],
    }
    assert http.post(f"/consents/clients/{cast.erin.pk}/disclosures/new/", data).status_code == 302
    page = http.get(f"/consents/clients/{cast.erin.pk}/accounting/").content.decode()
    assert "Blue Shield of California" in page and "Demographics" in page
    http.post(f"/consents/my/{erin_tpo.pk}/revoke/", {"confirm": "yes"})  # Alice is not Erin: refused (403)
    login(cast.erin_user).post(f"/consents/my/{erin_tpo.pk}/revoke/", {"confirm": "yes"})
    refused = http.post(f"/consents/clients/{cast.erin.pk}/disclosures/new/", data)
    assert refused.status_code == 422 and "was revoked" in refused.content.decode()
    assert Disclosure.objects.count() == 1


def test_a_release_form_needs_a_recipient(cast: Cast) -> None:
    http = login(cast.alice)
    contact = factories.erin_contact(cast)
    empty = http.post(f"/consents/clients/{cast.erin.pk}/releases/new/", {})
    assert empty.status_code == 422 and "Choose who receives the information" in empty.content.decode()
    made = http.post(
        f"/consents/clients/{cast.erin.pk}/releases/new/",
        {
            "support_contact": contact.pk,
            "purposes": ["family_involvement"],
            "expiration_kind": "date",
            "expires_on": "2099-01-01",
        },
    )
    assert made.status_code == 302
    release = ConsentDocument.objects.get(kind="part2_release")
    assert release.recipient_name == "Jo Castillo" and release.expires_on == dt.date(2099, 1, 1)


def test_the_director_edits_the_directory(cast: Cast) -> None:
    http = login(cast.dana)
    bad = http.post("/consents/providers/new/", {"name": "Harbor", "phone": "12", "address": "1 Main St"})
    assert bad.status_code == 422 and not Provider.objects.exists()
    good = http.post(
        "/consents/providers/new/",
        {"name": "Harbor", "phone": "(310) 555-0100", "address": "1 Main St", "levels": ["3.7-WM"], "active": "on"},
    )
    assert good.status_code == 302
    provider = Provider.objects.get()
    assert provider.site == cast.site_a and provider.levels == ["3.7-WM"]
    listing = login(cast.alice).get("/consents/providers/", {"level": "3.7-WM"}).content.decode()
    assert "Harbor" in listing and "Edit" not in listing


def test_a_referral_and_its_warm_handoff(cast: Cast, provider: Provider) -> None:
    http = login(cast.alice)
    response = http.post(
        f"/consents/clients/{cast.erin.pk}/referrals/new/",
        {"provider": provider.pk, "level_of_care": "3.7-WM", "reason": "CIWA-Ar 22"},
    )
    referral = Referral.objects.get()
    assert response["Location"] == f"/consents/referrals/{referral.pk}/"
    bad = http.post(f"/consents/referrals/{referral.pk}/", {"appointment_confirmed": "on"})
    assert bad.status_code == 422
    every = dict.fromkeys(
        ("release_signed", "records_sent", "appointment_confirmed", "client_informed", "follow_up_done"), "on"
    )
    http.post(f"/consents/referrals/{referral.pk}/", {**every, "appointment_date": "2026-12-01"})
    referral.refresh_from_db()
    assert referral.completed_at is not None
    assert login(cast.mel).post(f"/consents/referrals/{referral.pk}/", every).status_code == 403


def test_a_director_adds_a_template_version_through_the_page(cast: Cast) -> None:
    http = login(cast.dana)
    bad = http.post(
        "/consents/templates/new/",
        {
            "kind": "part2_release",
            "language": "en",
            "title": "Release",
            "body": "{{ patient_name }}",
            "effective_date": "2026-01-01",
        },
    )
    assert bad.status_code == 422 and "every §2.31 element" in bad.content.decode()
    good = http.post(
        "/consents/templates/new/",
        {
            "kind": "treatment",
            "language": "en",
            "title": "Consent to treatment",
            "body": "I, {{ patient_name }}, agree.",
            "effective_date": "2026-01-01",
        },
    )
    assert good.status_code == 302


# --- query counts at two sizes ---


def _more_documents(cast: Cast, count: int) -> None:
    template = factories.erin_documents(cast)["treatment"].template
    ConsentDocument.objects.bulk_create(
        ConsentDocument(
            client=cast.erin,
            site=cast.site_a,
            template=template,
            kind="treatment",
            language="en",
            title=template.title,
            patient_name="Erin Castillo",
            rendered_text="Text",
            status="declined",
            prepared_by=cast.alice,
        )
        for _ in range(count)
    )


def _more_disclosures(cast: Cast, count: int) -> None:
    consent = factories.erin_documents(cast)["tpo"]
    assert consent.signed_at is not None
    signed_at = consent.signed_at
    Disclosure.objects.bulk_create(
        Disclosure(
            client=cast.erin,
            site=cast.site_a,
            consent=consent,
            recipient=f"Payer {i}",
            purpose="payment",
            records=["demographics"],
            description="Demographics",
            disclosed_at=signed_at + dt.timedelta(minutes=i),
            disclosed_by=cast.alice,
            content_html="",
            content_sha256="0" * 64,
        )
        for i in range(count)
    )


def _more_providers(cast: Cast, count: int) -> None:
    Provider.objects.bulk_create(
        Provider(site=cast.site_a, name=f"Provider {i:04d}", levels=["1"], phone="(310) 555-0100", address="x")
        for i in range(count)
    )


def _more_referrals(cast: Cast, count: int) -> None:
    provider = factories.provider(cast)
    clients = Client.objects.bulk_create(
        Client(
            site=cast.site_a,
            legal_first_name="T",
            legal_last_name=f"P{i}",
            date_of_birth=dt.date(1990, 1, 1),
            sex_assigned_at_birth="male",
        )
        for i in range(count)
    )
    Episode.objects.bulk_create(
        Episode(
            client=c,
            site=cast.site_a,
            admission_date=dt.date(2026, 11, 1),
            primary_clinician=cast.alice,
            prescribed_hours_per_week=Decimal(12),
        )
        for c in clients
    )
    Referral.objects.bulk_create(
        Referral(site=cast.site_a, client=c, provider=provider, reason="r", created_by=cast.alice) for c in clients
    )


PAGES = [
    ("alice", lambda c: f"/consents/clients/{c.erin.pk}/accounting/", _more_disclosures, 18),
    ("erin_user", lambda c: "/consents/my/accounting/", _more_disclosures, 19),
    ("erin_user", lambda c: "/consents/my/", _more_documents, 19),
    ("alice", lambda c: f"/consents/clients/{c.erin.pk}/admission/", _more_documents, 23),
    ("ava", lambda c: "/consents/disclosures/", _more_disclosures, 14),
    ("alice", lambda c: "/consents/providers/", _more_providers, 8),
    ("alice", lambda c: "/consents/referrals/", _more_referrals, 14),
    ("alice", lambda c: f"/consents/clients/{c.erin.pk}/disclosures/new/", _more_documents, 19),
]


@pytest.mark.parametrize("size", [5, 200])
@pytest.mark.parametrize(("who", "url", "grow", "budget"), PAGES)
def test_list_pages_run_a_constant_number_of_queries(
    cast: Cast, size: int, who: str, url: object, grow: object, budget: int, django_assert_max_num_queries: object
) -> None:
    factories.erin_documents(cast)
    grow(cast, size)  # type: ignore[operator]
    http = login(getattr(cast, who))
    with django_assert_max_num_queries(budget):  # type: ignore[operator]
        assert http.get(url(cast)).status_code == 200  # type: ignore[operator]


@pytest.mark.parametrize("size", [5, 200])
def test_the_chart_panel_runs_four_queries(cast: Cast, size: int, django_assert_num_queries: object) -> None:
    _more_documents(cast, size)
    _more_disclosures(cast, size)
    request = RequestFactory().get("/")
    request.user = cast.alice
    policy.site_roles(cast.alice)  # memberships are loaded once per request by then
    with django_assert_num_queries(4):  # type: ignore[operator]
        context = chart_panel_context(request, cast.erin)
    assert len(context["consent_documents"]) == size + 4 and len(context["recent_disclosures"]) == 5


def test_the_staff_home_links_to_referrals_and_the_directory(
    cast: Cast, erin_documents: dict[str, ConsentDocument]
) -> None:
    page = login(cast.dana).get("/home/").content.decode()
    assert (
        "2 documents waiting for a client" in page
        and "/consents/providers/" in page
        and "/consents/disclosures/" in page
    )
    assert "/consents/disclosures/" not in login(cast.alice).get("/home/").content.decode()


def test_a_spanish_document_on_the_staff_device_speaks_spanish_even_in_its_errors(cast: Cast) -> None:
    cast.erin.preferred_language = "es"
    cast.erin.save()
    http = login(cast.alice)
    http.post(f"/consents/clients/{cast.erin.pk}/admission/")
    document = ConsentDocument.objects.get(client=cast.erin, kind="treatment")
    assert document.language == "es"
    page = http.get(f"/consents/documents/{document.pk}/sign/").content.decode()
    assert "Escriba su nombre legal completo" in page and "Yo, Erin Castillo, acepto participar" in page
    refused = http.post(f"/consents/documents/{document.pk}/sign/", {"typed_name": "Erin", "signer_role": "client"})
    body = refused.content.decode()
    assert "Escriba el nombre legal completo tal como lo tiene el programa" in body and "Marque la casilla" in body
