import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.consents import selectors
from openiop.consents.models import Provider
from openiop.consents.services import referrals
from openiop.consents.tests import factories


def _provider(cast: Cast, **overrides: object) -> Provider:
    fields: dict[str, object] = {
        "name": "Harbor",
        "levels": ["3.7-WM"],
        "phone": "(310) 555-0190",
        "address": "1 Harbor Way",
        **overrides,
    }
    return referrals.provider_create(actor=cast.dana, site=cast.site_a, **fields)


def test_the_director_keeps_the_directory_and_it_is_audited(cast: Cast) -> None:
    provider = _provider(cast)
    referrals.provider_update(actor=cast.dana, provider=provider, phone="(310) 555-0191")
    assert AuditEvent.objects.filter(object_type="provider").count() == 2
    for actor in (cast.alice, cast.ivan, cast.carol):
        with pytest.raises(PermissionDenied):
            referrals.provider_update(actor=actor, provider=provider, phone="(310) 555-0192")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"levels": []}, "levels"),
        ({"levels": ["5"]}, "levels"),
        ({"phone": "12"}, "phone"),
        ({"address": ""}, "address"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_provider_input_is_refused_on_its_field(cast: Cast, overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        _provider(cast, **overrides)
    assert field in info.value.message_dict
    assert not Provider.objects.exists()


def test_a_name_is_unique_within_a_sites_directory(cast: Cast) -> None:
    _provider(cast)
    with pytest.raises(ValidationError):
        _provider(cast)


def test_a_referral_for_an_inquiry_and_one_for_a_client(cast: Cast) -> None:
    provider = factories.provider(cast)
    inquiry = referrals.referral_create(
        actor=cast.ivan, site=cast.site_a, person_name="Sam Caller", inquiry_id=7, provider=provider, reason="Detox"
    )
    assert inquiry.who == "Sam Caller" and list(selectors.referrals_for_inquiry(user=cast.ivan, inquiry_id=7)) == [
        inquiry
    ]
    client = referrals.referral_create(actor=cast.alice, client=cast.erin, provider=provider, reason="Residential")
    assert client.site == cast.site_a and client.person_name == ""
    assert set(selectors.referrals_for_user(user=cast.dana)) == {inquiry, client}
    assert list(selectors.referrals_for_user(user=cast.bob)) == [inquiry]
    assert list(selectors.referrals_for_user(user=cast.bill)) == [client]


@pytest.mark.parametrize(
    ("who", "kwargs", "error"),
    [
        ("carol", {"site": "a", "person_name": "Sam"}, PermissionDenied),
        ("bob", {"client": "erin"}, PermissionDenied),
        ("ivan", {"site": "a", "person_name": ""}, ValidationError),
        ("alice", {"client": "erin", "provider": "b"}, ValidationError),
        ("alice", {}, ValidationError),
    ],
)
def test_a_referral_is_refused_when(cast: Cast, who: str, kwargs: dict[str, str], error: type[Exception]) -> None:
    arguments: dict[str, object] = {
        "provider": factories.provider(cast, kwargs.pop("provider", "a")),
        "reason": "r",
    }
    if "site" in kwargs:
        arguments["site"] = cast.site_a
        arguments["person_name"] = kwargs["person_name"]
    if "client" in kwargs:
        arguments["client"] = cast.erin
    with pytest.raises(error):
        referrals.referral_create(actor=getattr(cast, who), **arguments)  # type: ignore[arg-type]


def test_the_warm_handoff_completes_when_every_item_is_done(cast: Cast) -> None:
    referral = factories.erin_referral(cast)
    with pytest.raises(ValidationError) as info:
        referrals.referral_update(actor=cast.alice, referral=referral, appointment_confirmed=True)
    assert "appointment_date" in info.value.message_dict
    referral.refresh_from_db()
    done = referrals.referral_update(
        actor=cast.alice,
        referral=referral,
        release_signed=True,
        records_sent=True,
        appointment_date=dt.date(2026, 12, 1),
        appointment_confirmed=True,
        client_informed=True,
        follow_up_done=True,
    )
    assert done.is_complete and done.completed_at is not None
    reopened = referrals.referral_update(actor=cast.alice, referral=done, follow_up_done=False)
    assert reopened.completed_at is None
