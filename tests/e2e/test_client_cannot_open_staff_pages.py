import re

import pytest
from playwright.sync_api import Page, expect

from conftest import Cast
from tests.e2e.conftest import log_in

STAFF_URLS = ["/home/", "/clients/", "/clients/new/", "/audit/", "/api/v1/docs", "/api/v1/openapi.json"]


def test_a_client_lands_on_the_portal_and_cannot_open_any_staff_url(page: Page, e2e_cast: Cast) -> None:
    log_in(page, "erin@client.test")
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erin Castillo")
    expect(page.get_by_role("complementary")).to_contain_text("988")
    for url in [*STAFF_URLS, f"/clients/{e2e_cast.erin.pk}/", f"/clients/{e2e_cast.frank.pk}/"]:
        response = page.goto(url)
        assert response is not None and response.status == 403, url


@pytest.mark.parametrize("url", ["/clients/", "/audit/"])
def test_an_anonymous_visitor_is_sent_to_log_in(page: Page, url: str, e2e_cast: Cast) -> None:
    page.goto(url)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))


def test_the_vendored_stylesheet_and_script_load(page: Page, e2e_cast: Cast) -> None:
    for asset in ["/static/vendor/pico/pico.min.css", "/static/openiop/openiop.css", "/static/vendor/htmx/htmx.min.js"]:
        response = page.goto(asset)
        assert response is not None and response.status == 200, asset
