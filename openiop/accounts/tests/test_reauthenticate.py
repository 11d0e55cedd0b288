"""Re-authenticating to sign goes through the login throttle: wrong passwords count, a locked account cannot sign."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from conftest import PASSWORD, Cast
from openiop.accounts.services import reauthenticate
from openiop.intake import services as intake_services
from openiop.intake.tests import factories as f


def _request() -> HttpRequest:
    return RequestFactory().post("/sign", REMOTE_ADDR="10.9.8.7")


def test_the_right_password_passes(cast: Cast) -> None:
    reauthenticate(request=_request(), user=cast.alice, password=PASSWORD)


@pytest.mark.parametrize(("password", "message"), [("", "Enter your password"), ("wrong", "not correct")])
def test_a_missing_or_wrong_password_is_refused_on_the_password_field(cast: Cast, password: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        reauthenticate(request=_request(), user=cast.alice, password=password)
    assert message in info.value.message_dict["password"][0]


def test_a_wrong_password_at_signing_counts_toward_the_login_lockout(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        reauthenticate(request=_request(), user=cast.alice, password="wrong")
    assert AccessAttempt.objects.get(username="alice@a.test").failures_since_start == 1


def test_another_users_password_does_not_sign_for_alice(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        reauthenticate(request=_request(), user=cast.alice, password=PASSWORD + "-bob")


def test_after_five_wrong_passwords_even_the_right_one_cannot_sign(cast: Cast) -> None:
    for _ in range(5):
        with pytest.raises(ValidationError):
            reauthenticate(request=_request(), user=cast.alice, password="wrong")
    with pytest.raises(ValidationError) as info:
        reauthenticate(request=_request(), user=cast.alice, password=PASSWORD)
    assert "locked" in info.value.message_dict["password"][0]


def test_a_locked_out_clinician_cannot_sign_an_assessment_through_the_service(cast: Cast) -> None:
    assessment = f.completed(cast)
    for _ in range(5):
        with pytest.raises(ValidationError):
            reauthenticate(user=cast.alice, password="wrong")
    with pytest.raises(ValidationError) as info:
        intake_services.assessment_sign(actor=cast.alice, assessment=assessment, decided_level="2.1", password=PASSWORD)
    assert "locked" in info.value.message_dict["password"][0]
    assessment.refresh_from_db()
    assert not assessment.is_signed


def test_reauthentication_is_throttled(cast: Cast) -> None:
    """Issue 11, finding 5: 30 wrong passwords at signing, then the right one — refused while locked,
    from any address (the lockout is the account's)."""
    refused = 0
    for n in range(30):
        with pytest.raises(ValidationError):
            reauthenticate(
                request=RequestFactory().post("/sign", REMOTE_ADDR=f"10.9.8.{n}"), user=cast.alice, password="wrong"
            )
        refused += 1
    with pytest.raises(ValidationError) as info:
        reauthenticate(
            request=RequestFactory().post("/sign", REMOTE_ADDR="192.0.2.1"), user=cast.alice, password=PASSWORD
        )
    assert refused == 30 and "locked" in info.value.message_dict["password"][0]


def test_signing_through_the_api_after_wrong_passwords_is_locked_too(cast: Cast) -> None:
    from django.test import Client as HttpClient

    from openiop.clinical.tests.conftest import draft_note

    note = draft_note(cast)
    type(note).objects.filter(pk=note.pk).update(sections={"data": "d", "assessment": "a", "plan": "p"})
    http = HttpClient()
    http.force_login(cast.alice)
    statuses = [
        http.post(f"/api/v1/notes/{note.pk}/sign", {"password": "wrong"}, content_type="application/json").status_code
        for _ in range(30)
    ]
    final = http.post(f"/api/v1/notes/{note.pk}/sign", {"password": PASSWORD}, content_type="application/json")
    assert set(statuses) == {422} and final.status_code == 422 and "locked" in final.content.decode()
    note.refresh_from_db()
    assert note.status == "draft"
