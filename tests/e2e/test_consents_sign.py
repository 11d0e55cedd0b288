import re

from playwright.sync_api import Page, expect

from conftest import Cast
from openiop.clients.models import SupportContact
from openiop.consents import services
from openiop.consents.models import ConsentDocument
from tests.e2e.conftest import log_in


def test_erin_signs_her_consents_on_screen_and_alice_opens_the_pdf_from_the_chart(page: Page, e2e_cast: Cast) -> None:
    SupportContact.objects.create(client=e2e_cast.erin, name="Jo Castillo", relationship="mother", may_be_involved=True)
    prepared = services.admission_documents_prepare(actor=e2e_cast.alice, client=e2e_cast.erin)
    assert len(prepared) == 4

    log_in(page, "erin@client.test")
    page.goto("/consents/my/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My documents")
    pending = page.get_by_role("link", name=re.compile("^Read and sign"))
    expect(pending).to_have_count(4)

    # A name that is not hers is refused on the field, and nothing is signed.
    pending.first.click()
    page.get_by_label("Type your full legal name").fill("Erin Smith")
    page.get_by_label("I have read this document and I agree to it").check()
    page.get_by_role("button", name="Sign").click()
    expect(page.locator(".field.has-error")).to_contain_text("full legal name")
    assert not ConsentDocument.objects.filter(status="signed").exists()

    # She draws a signature on the first document, then signs every one.
    canvas = page.locator("#signature-canvas")
    expect(canvas).to_be_visible()
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 20, box["y"] + 60)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + 60 + (15 if step % 2 else -15))
    page.mouse.up()
    expect(page.locator("#id_signature")).to_have_value(re.compile("^data:image/png;base64,"))
    for _ in range(4):
        page.get_by_label("Type your full legal name").fill("erin castillo")
        page.get_by_label("I have read this document and I agree to it").check()
        page.get_by_role("button", name="Sign").click()
        expect(page.get_by_role("status")).to_contain_text("Signed:")
        next_one = page.get_by_role("link", name=re.compile("^Read and sign"))
        if next_one.count():
            next_one.first.click()
    expect(page.get_by_text("Nothing to sign right now.")).to_be_visible()
    signed = ConsentDocument.objects.filter(client=e2e_cast.erin, status="signed")
    assert signed.count() == 4 and all(d.signed_channel == "portal" for d in signed)
    assert signed.exclude(signature_image="").get().signature_image.startswith("data:image/png;base64,")

    page.get_by_role("button", name="Log out").click()
    log_in(page, "alice@a.test")
    page.goto(f"/clients/{e2e_cast.erin.pk}/")
    link = page.locator("#consents").get_by_role("link", name="PDF of Consent to treatment")
    href = link.get_attribute("href")
    assert href is not None
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
