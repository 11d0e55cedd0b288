"""Issue 11, finding 1: MFA is a property of the session, checked on every entrance.

The attack: a TOTP-enrolled superuser director logs in at /admin/login/ with the password alone
and reads every chart. Now the admin has no login form of its own, and a session that did not
pass the second factor — however it was opened — reaches no chart, no admin page and no API.
"""

import pytest
from django.test import Client as HttpClient
from django.test import override_settings

from conftest import PASSWORD, Cast
from openiop.accounts.tests.mfa import current_code, enrol_totp, full_login, password_step

pytestmark = pytest.mark.usefixtures("enforced")


@pytest.fixture
def enforced() -> object:
    with override_settings(OPENIOP_ENFORCE_STAFF_MFA=True):
        yield


@pytest.fixture
def superuser_dana(cast: Cast) -> str:
    cast.dana.is_staff = cast.dana.is_superuser = True
    cast.dana.save()
    return enrol_totp(cast.dana)


def _chart(cast: Cast) -> str:
    return f"/clients/{cast.erin.pk}/"


def test_admin_login_with_a_password_alone_cannot_read_a_chart(cast: Cast, superuser_dana: str) -> None:
    http = HttpClient()
    response = http.post("/admin/login/?next=/admin/", {"username": cast.dana.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in http.session
    chart = http.get(_chart(cast))
    assert chart.status_code == 302 and "Castillo" not in chart.content.decode()
    assert http.get("/admin/accounts/user/").status_code == 302


def test_a_session_opened_without_the_second_factor_is_ended(cast: Cast, superuser_dana: str) -> None:
    http = HttpClient()
    http.force_login(cast.dana)  # a session that skipped allauth's MFA step (an old one, another door)
    response = http.get(_chart(cast))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in http.session  # logged out, not merely redirected
    http.force_login(cast.dana)
    assert http.get("/admin/").status_code == 302


def test_the_password_step_alone_reads_nothing(cast: Cast, superuser_dana: str) -> None:
    http = password_step(cast.dana)
    assert http.get(_chart(cast)).status_code == 302
    assert http.get("/api/v1/clients").status_code == 401


def test_password_and_code_open_the_chart_and_the_admin(cast: Cast, superuser_dana: str) -> None:
    http = full_login(cast.dana, superuser_dana)
    assert http.get(_chart(cast)).status_code == 200
    assert http.get("/admin/").status_code == 200
    assert http.get("/api/v1/clients").status_code == 200


def test_the_admin_login_page_sends_everyone_to_the_apps_login(cast: Cast) -> None:
    response = HttpClient().get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"
    offsite = HttpClient().get("/admin/login/?next=https://evil.example/")
    assert "evil" not in offsite["Location"]


def test_session_api_use_without_the_second_factor_is_refused(cast: Cast, superuser_dana: str) -> None:
    http = HttpClient()
    http.force_login(cast.dana)
    response = http.get("/api/v1/clients")
    assert response.status_code == 401 and "two-factor" in response.json()["detail"]


def test_staff_without_a_device_enrol_before_anything_else(cast: Cast) -> None:
    http = password_step(cast.alice)
    for path in (_chart(cast), "/accounts/security/tokens/", "/home/"):
        response = http.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/totp/activate")
    assert http.get("/api/v1/clients").status_code == 403
    assert http.get("/accounts/reauthenticate/").status_code == 200  # allauth's own step before enrolling


def test_enrolling_totp_counts_as_passing_the_second_factor(cast: Cast) -> None:
    http = password_step(cast.alice)
    http.post("/accounts/reauthenticate/", {"password": PASSWORD})
    http.get("/accounts/2fa/totp/activate/")
    secret = http.session["mfa.totp.secret"]
    response = http.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert http.get(_chart(cast)).status_code == 200


def test_a_client_needs_no_second_factor(cast: Cast) -> None:
    http = password_step(cast.erin_user)
    assert http.get("/portal/").status_code == 200
