"""Two directors stepping the same episode at once: one wins, the other gets a conflict (real
threads and transactions; run on SQLite and PostgreSQL)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client as HttpClient

from conftest import Cast, make_user
from openiop.accounts.models import Role, User
from openiop.clients import services
from openiop.clients.models import Episode, EpisodeTransition
from openiop.core.concurrency import Conflict
from openiop.core.tests.threads import at_once

concurrent = pytest.mark.django_db(transaction=True)
STEP = {
    "to_level": "1",
    "effective_date": "2026-11-20",
    "reason": "Stable",
    "prescribed_hours": 6,
    "evidence_text": "Review",
}


def _session(user: object) -> HttpClient:
    http = HttpClient()
    http.force_login(user)  # type: ignore[arg-type]
    return http


@concurrent
def test_two_directors_stepping_one_episode_at_once_through_the_api_one_wins_and_one_gets_409(cast: Cast) -> None:
    second = make_user("dora@a.test", "Dora", cast.site_a, Role.DIRECTOR)
    episode = Episode.objects.get(client=cast.erin)
    url = f"/api/v1/clients/{cast.erin.pk}/episodes/{episode.pk}/step"
    one, two = _session(cast.dana), _session(second)
    answers = at_once(
        lambda: one.post(url, json.dumps(STEP), content_type="application/json").status_code,
        lambda: (
            two.post(url, json.dumps({**STEP, "reason": "Also stable"}), content_type="application/json").status_code
        ),
    )
    assert sorted(answers) == [201, 409]
    assert EpisodeTransition.objects.filter(episode=episode).count() == 1
    episode.refresh_from_db()
    assert (episode.level_of_care, episode.version) == ("1", 2)


@concurrent
def test_two_changes_from_the_same_version_keep_one_and_refuse_the_other(cast: Cast) -> None:
    second = make_user("dora@a.test", "Dora", cast.site_a, Role.DIRECTOR)
    episode = Episode.objects.get(client=cast.erin)

    def step(actor: User, level: str, hours: int) -> str:
        try:
            services.episode_step(
                actor=actor,
                episode=Episode.objects.get(pk=episode.pk),
                to_level=level,
                effective_date=dt.date(2026, 11, 20),
                reason="Review",
                evidence_text="ASAM",
                prescribed_hours=Decimal(hours),
                expected_version=1,
            )
        except Conflict:
            return "conflict"
        return "saved"

    answers = at_once(lambda: step(cast.dana, "1", 6), lambda: step(second, "2.5", 20))
    assert sorted(answers) == ["conflict", "saved"]
    assert EpisodeTransition.objects.filter(episode=episode).count() == 1
