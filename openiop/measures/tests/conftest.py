"""Fixtures for the measures tests that need the database (the pure tests need none)."""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from conftest import Cast
from openiop.clients.models import Client
from openiop.measures import services
from openiop.measures.models import Administration

type Record = Callable[..., Administration]


@pytest.fixture
def cadences(cast: Cast) -> Cast:
    """The default cadence at both of the cast's sites."""
    services.cadence_seed_defaults(actor=cast.dana, site=cast.site_a)
    from openiop.accounts.models import Membership, Role

    omar = Membership.objects.filter(site=cast.site_b, role=Role.DIRECTOR).first()
    if omar is None:
        from conftest import make_user

        make_user("omar@b.test", "Omar", cast.site_b, Role.DIRECTOR)
        omar = Membership.objects.get(site=cast.site_b, role=Role.DIRECTOR)
    services.cadence_seed_defaults(actor=omar.user, site=cast.site_b)
    return cast


@pytest.fixture
def record(cast: Cast) -> Record:
    """Record an administration through the service: ``record(client, "phq9", answers, days_ago=…)``."""

    def _record(
        client: Client,
        code: str,
        answers: Sequence[int | None],
        *,
        actor: Any = None,
        days_ago: float = 0,
        sex: str | None = None,
        language: str = "en",
    ) -> Administration:
        return services.administration_record(
            actor=actor or cast.alice,
            client=client,
            code=code,
            answers=answers,
            sex=sex,
            administered_at=timezone.now() - dt.timedelta(days=days_ago),
            language=language,
        )

    return _record


def phq9(total: int, *, item9: int = 0) -> list[int]:
    """PHQ-9 answers adding up to ``total`` with item 9 as given (filled from item 1)."""
    answers = [0] * 8 + [item9]
    remaining = total - item9
    for index in range(8):
        answers[index] = min(3, remaining)
        remaining -= answers[index]
    if remaining:
        raise ValueError(f"no PHQ-9 answers total {total} with item 9 = {item9}")
    return answers


def gad7(total: int) -> list[int]:
    answers = [0] * 7
    remaining = total
    for index in range(7):
        answers[index] = min(3, remaining)
        remaining -= answers[index]
    return answers


def logged_in(user: Any) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http
