"""The public get-help page: field errors store nothing, good input is stored, spam and floods are not."""

from typing import Any

import pytest
from django.test import Client as HttpClient

from conftest import Cast
from openiop.accounts.models import Site
from openiop.intake.models import Inquiry, IntakeSettings

GOOD: dict[str, Any] = {
    "name": "Robin Reyes",
    "phone": "(213) 555-0123",
    "email": "robin@example.org",
    "best_time": "evening",
    "who_for": "self",
    "concerns": ["alcohol", "mood"],
    "insurance": "Medi-Cal",
    "consent_to_contact": "on",
}


def _post(data: dict[str, Any], url: str = "/intake/get-help", **extra: Any) -> Any:
    return HttpClient().post(url, data, **extra)


def test_the_page_shows_the_programs_phone_and_email_and_crisis_resources(cast: Cast) -> None:
    IntakeSettings.objects.create(site=cast.site_a, public_email="intake@a.test")
    Site.objects.filter(pk=cast.site_a.pk).update(phone="(310) 555-0100")
    page = HttpClient().get("/intake/get-help").content.decode()
    assert "(310) 555-0100" in page and "intake@a.test" in page
    assert 'href="tel:988"' in page and 'href="tel:911"' in page
    assert 'id="help-now"' in page and 'id="help-now" class="help-now" aria-live="assertive" hidden' in page


def test_good_input_is_stored_at_the_first_site_and_thanks_the_person(cast: Cast) -> None:
    response = _post(GOOD)
    assert response.status_code == 302 and response["Location"].startswith("/intake/get-help/thanks")
    inquiry = Inquiry.objects.get()
    assert inquiry.site == cast.site_a and inquiry.channel == "web" and inquiry.status == "new"
    assert inquiry.concerns == ["alcohol", "mood"] and inquiry.best_time == "evening"


def test_a_site_can_be_chosen_in_the_address(cast: Cast) -> None:
    _post(GOOD, url=f"/intake/get-help?site={cast.site_b.pk}")
    assert Inquiry.objects.get().site == cast.site_b


@pytest.mark.parametrize("site", ["999999", "abc"])
def test_an_unknown_site_is_not_found(cast: Cast, site: str) -> None:
    assert HttpClient().get(f"/intake/get-help?site={site}").status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"phone": "12"}, "phone", "Enter a phone number of 10 digits"),
        ({"phone": "", "email": ""}, "phone", "Give a phone number or an e-mail address"),
        ({"email": "robin@"}, "email", "Enter a valid email address."),
        ({"consent_to_contact": ""}, "consent_to_contact", "We can only reply if you agree to be contacted."),
        ({"who_for": "neighbour"}, "who_for", "Select a valid choice."),
        ({"concerns": ["gambling"]}, "concerns", "Select a valid choice."),
    ],
)
def test_bad_input_gets_a_field_error_and_nothing_is_stored(
    cast: Cast, changes: dict[str, Any], field: str, message: str
) -> None:
    response = _post({**GOOD, **changes})
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not Inquiry.objects.exists()


def test_in_spanish_the_labels_and_errors_are_spanish(cast: Cast) -> None:
    page = HttpClient().get("/intake/get-help?lang=es").content.decode()
    assert "Obtener ayuda" in page and "Pensamientos de hacerme daño" in page and 'lang="es"' in page
    response = _post({**GOOD, "phone": "12", "consent_to_contact": ""}, url="/intake/get-help?lang=es")
    body = response.content.decode()
    assert "Escriba un número de teléfono de 10 dígitos" in body
    assert "Solo podemos responderle si acepta" in body


def test_a_spanish_inquiry_records_the_language(cast: Cast) -> None:
    response = _post(GOOD, url="/intake/get-help?lang=es")
    assert "lang=es" in response["Location"]
    assert Inquiry.objects.get().preferred_language == "es"


def test_the_browser_language_is_used_when_the_address_does_not_say(cast: Cast) -> None:
    page = HttpClient().get("/intake/get-help", headers={"accept-language": "es"}).content.decode()
    assert "Obtener ayuda" in page


def test_ticking_self_harm_shows_988_when_the_form_comes_back(cast: Cast) -> None:
    response = _post({**GOOD, "name": "", "self_harm_thoughts": "on"})
    assert response.status_code == 422
    assert 'id="help-now" class="help-now" aria-live="assertive">' in response.content.decode()


def test_after_ticking_self_harm_the_thank_you_page_leads_with_988(cast: Cast) -> None:
    response = _post({**GOOD, "self_harm_thoughts": "on"})
    assert "help=now" in response["Location"]
    page = HttpClient().get(response["Location"]).content.decode()
    assert 'id="help-now" class="help-now" aria-live="assertive">' in page
    assert Inquiry.objects.get().self_harm_thoughts


def test_the_honeypot_looks_like_success_but_stores_nothing(cast: Cast) -> None:
    response = _post({**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302 and not Inquiry.objects.exists()


def test_posts_from_one_address_are_throttled_after_five_in_ten_minutes(cast: Cast) -> None:
    codes = [_post({**GOOD, "name": ""}).status_code for _ in range(5)]
    assert codes == [422] * 5
    throttled = _post(GOOD)
    assert throttled.status_code == 429 and "Too many requests" in throttled.content.decode()
    assert not Inquiry.objects.exists()
    assert _post(GOOD, REMOTE_ADDR="10.0.0.9").status_code == 302  # another address is not affected


def test_twenty_rapid_posts_from_one_address_are_throttled(cast: Cast) -> None:
    codes = [_post({**GOOD, "phone": f"(213) 555-01{i:02d}"}).status_code for i in range(20)]
    assert codes[:5] == [302] * 5 and set(codes[5:]) == {429}
    assert Inquiry.objects.count() == 5


def test_the_page_loads_its_script_from_a_file_not_inline(cast: Cast) -> None:
    page = HttpClient().get("/intake/get-help").content.decode()
    assert 'src="/static/intake/get-help.js"' in page
    assert "<script>" not in page and " onclick=" not in page and "style=" not in page
