"""The stay's pages: an episode's history, stepping down and discharging through the forms,
the proposals worklist and the support network, each at a constant number of queries."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.test import Client as HttpClient
from django.urls import reverse

from conftest import PASSWORD, Cast, make_client
from openiop.clients import services
from openiop.clients.models import DischargeSummary
from openiop.clients.tests.stay_factories import erin_episode
from openiop.core.time import site_today


def _login(user: Any) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def test_stepping_down_through_the_page_shows_the_change_in_the_history(cast: Cast) -> None:
    http = _login(cast.alice)
    episode = erin_episode(cast)
    answer = http.post(
        reverse("clients:episode_step", args=[episode.pk]),
        {"to_level": "1", "effective_date": site_today(cast.site_a).isoformat(), "prescribed_hours": "6",
         "reason": "Goals met", "evidence_text": "Continued-stay review", "version": "1"},
    )  # fmt: skip
    assert answer.status_code == 302
    page = http.get(reverse("clients:episode", args=[episode.pk])).content.decode()
    assert "Stepped down" in page and "2.1 → 1" in page and "Continued-stay review" in page


def test_a_step_without_evidence_answers_422_with_the_field(cast: Cast) -> None:
    episode = erin_episode(cast)
    answer = _login(cast.alice).post(
        reverse("clients:episode_step", args=[episode.pk]),
        {"to_level": "1", "effective_date": site_today(cast.site_a).isoformat(), "prescribed_hours": "6",
         "reason": "Goals met", "version": "1"},
    )  # fmt: skip
    assert answer.status_code == 422 and "Give the placement evidence" in answer.content.decode()


def test_a_stale_step_answers_409(cast: Cast) -> None:
    episode = erin_episode(cast)
    services.episode_prescription_change(
        actor=cast.dana, episode=episode, prescribed_hours=Decimal(15), effective_date=dt.date(2026, 11, 23), reason="x"
    )
    answer = _login(cast.alice).post(
        reverse("clients:episode_step", args=[episode.pk]),
        {"to_level": "1", "effective_date": site_today(cast.site_a).isoformat(), "prescribed_hours": "6",
         "reason": "Goals met", "evidence_text": "Review", "version": "1"},
    )  # fmt: skip
    assert answer.status_code == 409 and "Changed by Dana" in answer.content.decode()


def test_discharging_through_the_page_signs_the_summary(cast: Cast) -> None:
    http = _login(cast.alice)
    episode = erin_episode(cast)
    form = {
        "discharge_date": site_today(cast.site_a).isoformat(), "teds_reason": "1", "reason": "Completed",
        "use_frequency": "1", "self_help_30d": "8", "presenting_problem": "Alcohol", "course": "12 weeks",
        "condition": "Stable", "recommendations": "OP weekly", "password": PASSWORD, "version": "1",
    }  # fmt: skip
    answer = http.post(reverse("clients:episode_discharge", args=[episode.pk]), form)
    assert answer.status_code == 302
    summary = DischargeSummary.objects.get(episode=episode)
    assert summary.is_signed
    pdf = http.get(reverse("clients:discharge_summary_pdf", args=[episode.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_episode_page_keeps_a_constant_number_of_queries(cast: Cast, django_assert_max_num_queries: Any) -> None:
    http = _login(cast.alice)
    episode = erin_episode(cast)
    url = reverse("clients:episode", args=[episode.pk])
    http.get(url)
    with django_assert_max_num_queries(25):
        small = http.get(url)
    for hours, day in ((15, 9), (12, 16), (9, 23)):
        services.episode_prescription_change(
            actor=cast.alice, episode=erin_episode(cast), prescribed_hours=Decimal(hours),
            effective_date=dt.date(2026, 11, day), reason="Adjusted",
        )  # fmt: skip
    with django_assert_max_num_queries(25):
        large = http.get(url)
    assert small.status_code == large.status_code == 200 and large.content.decode().count("Adjusted") == 3


def test_the_proposals_page_keeps_a_constant_number_of_queries(cast: Cast, django_assert_max_num_queries: Any) -> None:
    http = _login(cast.dana)
    url = reverse("clients:discharge_proposals")
    http.get(url)
    with django_assert_max_num_queries(20):
        small = http.get(url)
    for n in range(5):
        make_client(cast.site_a, f"Quiet{n}", "Client", cast.alice)
    with django_assert_max_num_queries(20):
        large = http.get(url)
    assert small.status_code == large.status_code == 200 and "Quiet4" in large.content.decode()


def test_the_support_page_adds_a_person_and_keeps_a_constant_number_of_queries(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    http = _login(cast.alice)
    url = reverse("clients:support", args=[cast.erin.pk])
    added = http.post(url, {"name": "Ana Ruiz", "relationship": "sponsor", "language": "es", "sponsor": "on"})
    assert added.status_code == 302
    with django_assert_max_num_queries(20):
        small = http.get(url)
    for n in range(5):
        services.support_contact_create(actor=cast.alice, client=cast.erin, name=f"Friend {n}", relationship="friend")
    with django_assert_max_num_queries(20):
        large = http.get(url)
    assert "Ana Ruiz" in small.content.decode() and "Friend 4" in large.content.decode()
