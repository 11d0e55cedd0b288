"""Issue 11, finding 1: removing someone's second factor is a service — the owner, a director of
their site or the installation's superuser — and leaves an audit event, from the admin and the app."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient

from conftest import PASSWORD, Cast, make_user
from openiop.accounts.models import Role
from openiop.accounts.services import mfa_authenticator_delete
from openiop.accounts.tests.mfa import devices, enrol_totp, full_login
from openiop.audit.models import AuditEvent


def _totp(user: object) -> Authenticator:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)


def _removals() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.filter(object_type="mfa_authenticator").values_list("action", "user_email"))


def test_a_director_removes_a_lost_device_and_its_recovery_codes_with_an_audit_event(cast: Cast) -> None:
    enrol_totp(cast.alice)
    RecoveryCodes.activate(cast.alice)
    assert mfa_authenticator_delete(actor=cast.dana, authenticator=_totp(cast.alice)) == ["totp", "recovery_codes"]
    assert devices(cast.alice) == []
    assert _removals() == [("delete", "dana@a.test"), ("delete", "dana@a.test")]


@pytest.mark.parametrize("who", ["bob", "ivan", "carol", "ava"])
def test_nobody_else_removes_a_staff_members_second_factor(cast: Cast, who: str) -> None:
    enrol_totp(cast.alice)
    with pytest.raises(PermissionDenied):
        mfa_authenticator_delete(actor=cast.staff()[who], authenticator=_totp(cast.alice))
    assert devices(cast.alice) == ["totp"] and _removals() == []


def test_a_director_of_another_site_cannot_remove_it(cast: Cast) -> None:
    westside = make_user("wes@b.test", "Wes", cast.site_b, Role.DIRECTOR)
    enrol_totp(cast.alice)
    with pytest.raises(PermissionDenied):
        mfa_authenticator_delete(actor=westside, authenticator=_totp(cast.alice))


def test_the_owner_removes_their_own(cast: Cast) -> None:
    enrol_totp(cast.bob)
    mfa_authenticator_delete(actor=cast.bob, authenticator=_totp(cast.bob))
    assert devices(cast.bob) == [] and _removals() == [("delete", "bob@a.test")]


def test_deleting_a_device_in_the_admin_goes_through_the_service(cast: Cast) -> None:
    cast.dana.is_staff = cast.dana.is_superuser = True
    cast.dana.save()
    enrol_totp(cast.alice)
    http = HttpClient()
    http.force_login(cast.dana)
    device = _totp(cast.alice)
    response = http.post(f"/admin/mfa/authenticator/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert devices(cast.alice) == [] and _removals() == [("delete", "dana@a.test")]


def test_the_owners_deactivate_page_goes_through_the_service(cast: Cast) -> None:
    http = full_login(cast.bob, enrol_totp(cast.bob))
    http.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert http.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert devices(cast.bob) == [] and _removals() == [("delete", "bob@a.test")]


def test_the_director_removes_it_on_the_logins_page(cast: Cast) -> None:
    enrol_totp(cast.alice)
    http = HttpClient()
    http.force_login(cast.dana)
    assert "alice@a.test" in http.get("/accounts/security/lockouts/").content.decode()
    assert http.post(f"/accounts/security/people/{cast.alice.pk}/mfa/remove/").status_code == 302
    assert devices(cast.alice) == []
