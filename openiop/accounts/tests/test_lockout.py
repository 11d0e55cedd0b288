"""Issue 11, finding 4: lockout per account, per address only for names that belong to nobody,
and the address is the client's even behind the TLS proxy.

The attacks: a locked account logged in from another address minutes later; ten failures for
nonexistent names blocked a real user from that address; behind the proxy every user shared its
address, so ten requests a minute blocked every login.
"""

import pytest
from allauth.account.signals import password_reset
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient
from django.test import RequestFactory, override_settings

from conftest import PASSWORD, Cast, make_user
from openiop.accounts.models import Role, User
from openiop.accounts.services import user_unlock
from openiop.audit.models import AuditEvent

PROXY = "10.0.0.9"


def _login(email: str, password: str = PASSWORD, *, ip: str = "203.0.113.1", via_proxy: bool = False) -> HttpClient:
    http = HttpClient()
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ip} if via_proxy else {"REMOTE_ADDR": ip}
    http.post("/accounts/login/", {"login": email, "password": password}, **meta)  # type: ignore[arg-type]
    return http


def _logged_in(http: HttpClient) -> bool:
    return "_auth_user_id" in http.session


def _fail(email: str, times: int, **kwargs: object) -> None:
    for _ in range(times):
        assert not _logged_in(_login(email, "wrong-password", **kwargs))  # type: ignore[arg-type]


def test_a_locked_account_stays_locked_from_another_address(cast: Cast) -> None:
    _fail("alice@a.test", 5, ip="203.0.113.1")
    assert not _logged_in(_login("alice@a.test", ip="198.51.100.2"))


def test_failing_against_a_real_name_from_many_addresses_still_locks_it(cast: Cast) -> None:
    for n in range(5):
        _fail("alice@a.test", 1, ip=f"198.51.100.{n + 10}")
    assert not _logged_in(_login("alice@a.test", ip="198.51.100.99"))


def test_failures_for_unknown_users_do_not_block_a_real_user(cast: Cast) -> None:
    for n in range(10):
        _fail(f"nobody{n}@x.test", 1, ip="203.0.113.1")
    assert _logged_in(_login("alice@a.test", ip="203.0.113.1"))


def test_failures_for_unknown_names_lock_the_address_for_unknown_names(cast: Cast) -> None:
    for n in range(5):
        _fail(f"nobody{n}@x.test", 1, ip="203.0.113.1")
    locked = HttpClient().post(
        "/accounts/login/", {"login": "other@x.test", "password": "x"}, REMOTE_ADDR="203.0.113.1"
    )
    elsewhere = HttpClient().post(
        "/accounts/login/", {"login": "other@x.test", "password": "x"}, REMOTE_ADDR="192.0.2.5"
    )
    assert locked.status_code == 429 and elsewhere.status_code == 200


def test_a_locked_address_does_not_tell_which_names_have_accounts(cast: Cast) -> None:
    """Erin's login exists (she is a patient); from a locked address a wrong guess at her name
    answers exactly like a guess at a name that does not exist, and her account stays unlocked."""
    for n in range(5):
        _fail(f"nobody{n}@x.test", 1, ip="203.0.113.1")
    real = HttpClient().post(
        "/accounts/login/", {"login": "erin@client.test", "password": "x"}, REMOTE_ADDR="203.0.113.1"
    )
    fake = HttpClient().post("/accounts/login/", {"login": "nope@x.test", "password": "x"}, REMOTE_ADDR="203.0.113.1")
    assert real.status_code == fake.status_code == 429
    assert [t.name for t in real.templates] == [t.name for t in fake.templates]
    assert _logged_in(_login("erin@client.test", ip="203.0.113.1"))  # the right password still works


@override_settings(OPENIOP_TRUSTED_PROXIES=[PROXY])
def test_behind_the_proxy_one_visitors_failures_do_not_lock_out_the_others(cast: Cast) -> None:
    for n in range(10):
        _fail(f"nobody{n}@x.test", 1, ip="203.0.113.7", via_proxy=True)
    other = HttpClient().post(
        "/accounts/login/",
        {"login": "x@x.test", "password": "x"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert other.status_code == 200
    assert _logged_in(_login("alice@a.test", ip="198.51.100.4", via_proxy=True))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7", "198.51.100.4"}


@override_settings(OPENIOP_TRUSTED_PROXIES=[PROXY])
def test_a_forged_forwarded_for_does_not_escape_the_lockout(cast: Cast) -> None:
    """Sent straight to the app (not through the proxy), X-Forwarded-For is ignored."""
    for n in range(5):
        HttpClient().post(
            "/accounts/login/",
            {"login": f"nobody{n}@x.test", "password": "x"},
            REMOTE_ADDR="203.0.113.8",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.8"}


def test_a_director_unlocks_a_user_of_their_site_and_it_is_audited(cast: Cast) -> None:
    _fail("alice@a.test", 5)
    assert user_unlock(actor=cast.dana, user=cast.alice) >= 1
    assert _logged_in(_login("alice@a.test", ip="198.51.100.2"))
    event = AuditEvent.objects.get(object_type="user", object_id=str(cast.alice.pk), user_email="dana@a.test")
    assert event.detail["unlocked"] is True


@pytest.mark.parametrize("who", ["bob", "carol", "ivan", "ava"])
def test_only_a_director_of_the_users_site_unlocks(cast: Cast, who: str) -> None:
    _fail("alice@a.test", 5)
    with pytest.raises(PermissionDenied):
        user_unlock(actor=cast.staff()[who], user=cast.alice)
    westside = make_user("wes@b.test", "Wes", cast.site_b, Role.DIRECTOR)
    with pytest.raises(PermissionDenied):
        user_unlock(actor=westside, user=cast.alice)
    assert not _logged_in(_login("alice@a.test"))


def test_a_director_unlocks_a_client_of_their_site(cast: Cast) -> None:
    _fail("erin@client.test", 5)
    user_unlock(actor=cast.dana, user=cast.erin_user)
    assert _logged_in(_login("erin@client.test"))


def test_the_unlock_page_lists_and_unlocks(cast: Cast) -> None:
    _fail("alice@a.test", 5)
    http = HttpClient()
    http.force_login(cast.dana)
    assert "alice@a.test" in http.get("/accounts/security/lockouts/").content.decode()
    assert http.post(f"/accounts/security/people/{cast.alice.pk}/unlock/").status_code == 302
    assert not AccessAttempt.objects.filter(username="alice@a.test").exists()


def test_a_password_reset_unlocks_the_account(cast: Cast) -> None:
    _fail("alice@a.test", 5)
    password_reset.send(sender=User, request=RequestFactory().post("/"), user=cast.alice)
    assert _logged_in(_login("alice@a.test"))
