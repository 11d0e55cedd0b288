import pytest
from django.utils import timezone

from openiop.accounts.models import Site, User
from openiop.consents import demo, pdf
from openiop.consents.models import ConsentDocument, Disclosure, Provider, Referral
from openiop.core.demo_data import STAFF, seed_demo


@pytest.mark.django_db
def test_the_demo_has_signed_consents_a_revocation_disclosures_and_a_directory() -> None:
    seed_demo()
    erin = ConsentDocument.objects.filter(client__legal_first_name="Erin", client__legal_last_name="Castillo")
    assert {"treatment", "rights", "part2_tpo"} <= set(erin.filter(status="signed").values_list("kind", flat=True))
    assert ConsentDocument.objects.filter(status="revoked", kind__in=["part2_tpo", "part2_release"]).count() == 1
    assert Disclosure.objects.count() >= 2 and Disclosure.objects.filter(client__legal_last_name="Castillo").exists()
    assert Provider.objects.filter(site__name="Westside IOP").count() >= 5 and Referral.objects.exists()
    frank = ConsentDocument.objects.filter(client__legal_last_name="Reyes", status="pending")
    assert frank.exists()  # something for Frank to sign in the portal
    spanish = ConsentDocument.objects.filter(language="es", status="signed").select_related("site", "template").first()
    assert spanish is not None and pdf.html_to_pdf(pdf.document_html(spanish)).startswith(b"%PDF")

    people = {p.key: User.objects.get(email=p.email) for p in STAFF}
    sites = {s.name: s for s in Site.objects.all()}
    assert set(demo.seed(people=people, sites=sites, today=timezone.localdate()).values()) == {0}
