"""Refused requests and every entrance (log-in, failed log-in, second factor, log-out) are in the
trail, and the request id there is the server's."""

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client as HttpClient

from conftest import PASSWORD, Cast
from openiop.audit.models import AuditEvent


def _actions(**filters: object) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("id").values_list("action", flat=True))


def test_a_refused_chart_read_is_recorded(cast: Cast) -> None:
    bob, carol = HttpClient(), HttpClient()
    bob.force_login(cast.bob)
    carol.force_login(cast.carol)
    assert bob.get(f"/clients/{cast.erin.pk}/").status_code == 404
    assert carol.get(f"/api/v1/clients/{cast.erin.pk}").status_code == 404
    refused = list(AuditEvent.objects.filter(action="refused").order_by("id"))
    assert [(e.user, e.client_id, e.site_id, e.detail["status"]) for e in refused] == [
        (cast.bob, cast.erin.pk, cast.site_a.pk, 404),
        (cast.carol, cast.erin.pk, cast.site_a.pk, 404),
    ]
    assert refused[0].detail["path"] == f"/clients/{cast.erin.pk}/" and refused[1].channel == "api"
    # A 403 is recorded too, with the path; the auditor of Erin's site sees both refusals.
    erin = HttpClient()
    erin.force_login(cast.erin_user)
    assert erin.get("/audit/").status_code == 403
    assert AuditEvent.objects.filter(action="refused", user=cast.erin_user, detail__path="/audit/").exists()
    ava = HttpClient()
    ava.force_login(cast.ava)
    page = ava.get("/audit/", {"action": "refused"}).content.decode()
    assert "bob@a.test" in page and "carol@b.test" in page and "alice@a.test" not in page


def test_a_page_that_is_not_refused_adds_no_refusal(cast: Cast) -> None:
    alice = HttpClient()
    alice.force_login(cast.alice)
    assert alice.get(f"/clients/{cast.erin.pk}/").status_code == 200
    assert HttpClient().get("/no-such-page/").status_code == 404
    assert not AuditEvent.objects.filter(action="refused").exists()


def test_logins_are_recorded(cast: Cast) -> None:
    http = HttpClient(REMOTE_ADDR="10.9.8.7")
    http.post("/accounts/login/", {"login": "alice@a.test", "password": "wrong-password"})
    http.post("/accounts/login/", {"login": "nobody@x.test", "password": "wrong-password"})
    assert http.post("/accounts/login/", {"login": "alice@a.test", "password": PASSWORD}).status_code == 302
    http.post("/accounts/logout/")
    assert _actions(user=cast.alice) == ["login-failed", "login", "logout"]
    failed = AuditEvent.objects.filter(action="login-failed").order_by("id")
    assert [(e.user, e.detail["username"], e.ip_address) for e in failed] == [
        (cast.alice, "alice@a.test", "10.9.8.7"),
        (None, "nobody@x.test", "10.9.8.7"),
    ]


def test_second_factors_are_recorded_passed_and_failed(cast: Cast) -> None:
    secret = generate_totp_secret()
    TOTP.activate(cast.dana, secret)
    http = HttpClient()
    response = http.post("/accounts/login/", {"login": "dana@a.test", "password": PASSWORD})
    assert response.status_code == 302 and "/2fa/authenticate" in response["Location"]
    http.post("/accounts/2fa/authenticate/", {"code": "000000"})
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    assert http.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert _actions(user=cast.dana) == ["mfa-failed", "mfa", "login"]


def test_the_request_id_comes_from_the_server(cast: Cast) -> None:
    http = HttpClient()
    http.force_login(cast.alice)
    response = http.get(f"/clients/{cast.erin.pk}/", headers={"X-Request-ID": "chosen-by-the-client"})
    event = AuditEvent.objects.get(client=cast.erin, action="view")
    assert event.request_id == response["X-Request-ID"] != "chosen-by-the-client"
    assert len(event.request_id) == 32 and event.detail["client_request_id"] == "chosen-by-the-client"
