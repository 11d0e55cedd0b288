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
