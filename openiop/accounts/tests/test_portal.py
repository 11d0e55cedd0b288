from django.test import Client as HttpClient

from conftest import Cast


def test_a_client_reads_the_portal_and_crisis_lines_in_spanish(cast: Cast) -> None:
    http = HttpClient(headers={"Accept-Language": "es"})
    http.force_login(cast.erin_user)
    page = http.get("/portal/").content.decode()
    assert "Mis datos" in page and "¿Necesita ayuda ahora mismo?" in page and "988" in page


def test_the_portal_shows_only_the_clients_own_record(cast: Cast) -> None:
    http = HttpClient()
    http.force_login(cast.frank_user)
    page = http.get("/portal/").content.decode()
    assert "Frank Reyes" in page and "Castillo" not in page


def test_staff_pages_carry_no_crisis_footer_but_client_pages_do(cast: Cast) -> None:
    staff = HttpClient()
    staff.force_login(cast.alice)
    assert "988" not in staff.get("/home/").content.decode()
    assert "988" in HttpClient().get("/accounts/login/").content.decode()
