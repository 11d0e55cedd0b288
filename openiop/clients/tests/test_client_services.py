import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.clients import services
from openiop.clients.models import Client, Episode


def test_it_creates_a_client_and_audits_it(cast: Cast) -> None:
    client = services.client_create(
        actor=cast.ivan,
        site=cast.site_a,
        legal_first_name="Pat",
        legal_last_name="Doe",
        date_of_birth=dt.date(1980, 1, 2),
        sex_assigned_at_birth="male",
        preferred_language="es",
    )
    assert AuditEvent.objects.filter(client=client, action="create", role="intake").exists()


def test_it_refuses_an_invalid_phone_and_saves_nothing(cast: Cast) -> None:
    with pytest.raises(ValidationError) as info:
        services.client_update(actor=cast.alice, client=cast.erin, phone="555-12")
    assert "phone" in info.value.message_dict
    cast.erin.refresh_from_db()
    assert cast.erin.phone == "(310) 555-0142"
    assert not AuditEvent.objects.filter(action="update").exists()


def test_it_refuses_fields_that_are_not_client_details(cast: Cast) -> None:
    with pytest.raises(ValidationError) as info:
        services.client_update(actor=cast.alice, client=cast.erin, site_id=cast.site_b.pk)
    assert "site_id" in info.value.message_dict


def test_it_refuses_a_change_by_someone_without_access(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.client_update(actor=cast.bob, client=cast.erin, pronouns="she/her")


@pytest.mark.parametrize(
    ("change", "recorded"),
    [
        ({"phone": "(213) 555-0199"}, {"phone": {"old_length": 14, "new_length": 14}}),
        ({"preferred_language": "es"}, {"preferred_language": {"old": "en", "new": "es"}}),
    ],
    ids=["free text only by its length", "a choice by its old and new value"],
)
def test_it_records_the_changed_fields_with_values_only_for_structured_ones(
    cast: Cast, change: dict[str, Any], recorded: dict[str, object]
) -> None:
    services.client_update(actor=cast.alice, client=cast.erin, **change)
    event = AuditEvent.objects.get(action="update")
    assert event.detail == {"changes": recorded}


def test_a_date_of_birth_in_the_future_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as info:
        services.client_update(actor=cast.alice, client=cast.erin, date_of_birth=dt.date(2099, 1, 1))
    assert "date_of_birth" in info.value.message_dict


@pytest.mark.parametrize(
    ("population", "hours", "allowed"),
    [
        ("adult", 9, True),
        ("adult", 19, True),
        ("adult", 8, False),
        ("adult", 20, False),
        ("adolescent", 6, True),
        ("adolescent", 5, False),
        ("adolescent", 19, True),
        ("adolescent", 20, False),
    ],
)
def test_prescribed_hours_follow_the_iop_range(cast: Cast, population: str, hours: int, allowed: bool) -> None:
    """ref: "2.1 Intensive Outpatient: ≥9 h/week adults, ≥6 adolescents"; issue: 9–19 adults, 6–19 adolescents."""
    episode = Episode(
        client=cast.nora,
        site=cast.site_a,
        admission_date=dt.date(2026, 11, 1),
        population=population,
        prescribed_hours_per_week=Decimal(hours),
    )
    if allowed:
        episode.full_clean()
    else:
        with pytest.raises(ValidationError):
            episode.full_clean()


def test_the_database_refuses_hours_outside_the_range(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(
            client=cast.nora,
            site=cast.site_a,
            admission_date=dt.date(2026, 11, 1),
            prescribed_hours_per_week=Decimal(25),
        )


def test_the_database_keeps_one_active_episode_per_client_and_site(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(client=cast.erin, site=cast.site_a, admission_date=dt.date(2026, 11, 20))


def test_a_discharged_episode_allows_a_new_admission(cast: Cast) -> None:
    episode = Episode.objects.get(client=cast.erin)
    services.episode_discharge(
        actor=cast.dana, episode=episode, discharge_date=dt.date(2026, 11, 20), reason="Completed", teds_reason=1
    )
    again = services.episode_create(actor=cast.dana, client=cast.erin, admission_date=dt.date(2026, 11, 25))
    assert again.status == "active"


def test_discharge_before_admission_is_refused(cast: Cast) -> None:
    episode = Episode.objects.get(client=cast.erin)
    with pytest.raises(ValidationError):
        services.episode_discharge(
            actor=cast.dana, episode=episode, discharge_date=dt.date(2026, 1, 1), reason="x", teds_reason=1
        )


def test_an_adolescent_episode_defaults_to_the_adolescent_range(cast: Cast) -> None:
    teen = Client.objects.create(
        site=cast.site_a,
        legal_first_name="Tea",
        legal_last_name="Young",
        date_of_birth=dt.date(2011, 3, 3),
        sex_assigned_at_birth="female",
    )
    episode = services.episode_create(
        actor=cast.dana, client=teen, admission_date=dt.date(2026, 11, 2), prescribed_hours_per_week=Decimal(6)
    )
    assert episode.population == "adolescent"
