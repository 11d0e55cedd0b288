from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client as HttpClient
from django.test import override_settings

from conftest import PASSWORD, Cast


def _login(email: str, password: str = PASSWORD) -> tuple[HttpClient, int]:
    http = HttpClient()
    response = http.post("/accounts/login/", {"login": email, "password": password})
    return http, response.status_code


def test_each_role_lands_on_its_home(cast: Cast) -> None:
    for email, home in [("alice@a.test", "/home/"), ("ava@a.test", "/audit/"), ("erin@client.test", "/portal/")]:
        http, status = _login(email)
        assert status == 302
        assert http.get("/", follow=True).redirect_chain[-1][0] == home


def test_five_failures_lock_the_account_out(cast: Cast) -> None:
    for _ in range(5):
        _login("alice@a.test", "wrong-password")
    http, _ = _login("alice@a.test")
    assert http.get("/home/").status_code == 302  # the right password no longer logs in
    assert AccessAttempt.objects.get(username="alice@a.test").failures_since_start >= 5


def test_sessions_idle_out_after_15_minutes_and_slide_on_each_request() -> None:
    assert settings.SESSION_COOKIE_AGE == 15 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_logout_everywhere_ends_other_sessions(cast: Cast) -> None:
    laptop, _ = _login("alice@a.test")
    phone, _ = _login("alice@a.test")
    assert phone.get("/home/").status_code == 200
    laptop.post("/accounts/logout-everywhere/")
    assert phone.get("/home/").status_code == 302


def test_nobody_can_sign_themself_up(cast: Cast) -> None:
    response = HttpClient().post(
        "/accounts/signup/", {"email": "new@x.test", "password1": "a-long-password-1", "password2": "a-long-password-1"}
    )
    assert response.status_code in (200, 403) and "new@x.test" not in str(list(cast.__dict__.values()))
    from openiop.accounts.models import User

    assert not User.objects.filter(email="new@x.test").exists()


@override_settings(OPENIOP_ENFORCE_STAFF_MFA=True)
def test_enforced_mfa_sends_staff_to_set_up_totp_first(cast: Cast) -> None:
    http, _ = _login("alice@a.test")
    response = http.get("/clients/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/totp/activate")
    client_http, _ = _login("erin@client.test")
    assert client_http.get("/portal/").status_code == 200


def test_password_reset_sends_an_email(cast: Cast, mailoutbox: list[object]) -> None:
    HttpClient().post("/accounts/password/reset/", {"email": "alice@a.test"})
    assert len(mailoutbox) == 1
