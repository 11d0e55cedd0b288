"""Alumni follow-ups appear on the due date for the assigned clinician; attempts, the short check
and the outcome are recorded; a readmission starts a new episode linked to the old one (acceptance 4)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import Cast
from openiop.aftercare import followups_selectors as selectors
from openiop.aftercare import followups_services as services
from openiop.aftercare.models import FollowUp
from openiop.clients import services as client_services
from openiop.clients.models import Episode
from openiop.core.time import site_today


def _discharged(cast: Cast, days_ago: int = 0) -> Episode:
    episode = Episode.objects.get(client=cast.erin)
    client_services.episode_discharge(
        actor=cast.alice,
        episode=episode,
        discharge_date=site_today(cast.site_a) - dt.timedelta(days=days_ago),
        reason="Completed",
        teds_reason=1,
    )
    return episode


def _due(cast: Cast, user: object, today: dt.date) -> list[int]:
    return [f.days_after_discharge for f in selectors.followups_due_for_user(user=user, today=today)]


def test_a_follow_up_appears_on_its_due_date_and_not_before(cast: Cast) -> None:
    episode = _discharged(cast)
    assert episode.discharge_date is not None
    day_30 = episode.discharge_date + dt.timedelta(days=30)
    assert _due(cast, cast.alice, day_30 - dt.timedelta(days=1)) == []
    assert _due(cast, cast.alice, day_30) == [30]
    assert _due(cast, cast.alice, day_30 + dt.timedelta(days=60)) == [30, 90]


def test_follow_ups_are_for_the_assigned_clinician_and_the_sites_directors(cast: Cast) -> None:
    episode = _discharged(cast)
    assert episode.discharge_date is not None
    later = episode.discharge_date + dt.timedelta(days=400)
    assert _due(cast, cast.alice, later) == [30, 90, 180, 365]
    assert _due(cast, cast.dana, later) == [30, 90, 180, 365]
    assert _due(cast, cast.bob, later) == [] and _due(cast, cast.carol, later) == []
    followup = FollowUp.objects.filter(episode=episode).first()
    assert followup is not None
    with pytest.raises(PermissionDenied):
        services.followup_attempt_record(actor=cast.mel, followup=followup, method="phone", outcome="reached")


def test_the_home_page_lists_the_follow_ups_due_today(cast: Cast) -> None:
    _discharged(cast, days_ago=30)
    http = HttpClient()
    http.force_login(cast.alice)
    page = http.get(reverse("staff_home")).content.decode()
    assert "Erin Castillo</a>: 30-day follow-up" in page
    http.force_login(cast.bob)
    assert "Erin Castillo</a>: 30-day follow-up" not in http.get(reverse("staff_home")).content.decode()


def test_attempts_the_check_and_the_outcome_are_recorded(cast: Cast) -> None:
    _discharged(cast, days_ago=30)
    followup = FollowUp.objects.get(days_after_discharge=30)
    with pytest.raises(ValidationError):
        services.followup_close(actor=cast.alice, followup=followup, alumni_status="unreachable")  # no attempt yet
    services.followup_attempt_record(actor=cast.alice, followup=followup, method="phone", outcome="no_answer")
    services.followup_attempt_record(actor=cast.alice, followup=followup, method="phone", outcome="reached")
    services.followup_check_record(actor=cast.alice, followup=followup, phq9_answers=[1, 0, 1, 0, 0, 0, 0, 0, 0])
    followup.refresh_from_db()
    assert followup.phq9 is not None and followup.phq9.total == 2
    services.followup_close(actor=cast.alice, followup=followup, alumni_status="in_recovery", note="Going to AA")
    followup.refresh_from_db()
    assert (followup.status, followup.alumni_status, followup.attempts.count()) == ("done", "in_recovery", 2)


@pytest.mark.parametrize(
    ("method", "outcome", "field"),
    [("pigeon", "reached", "method"), ("phone", "maybe", "outcome")],
)
def test_an_attempt_with_bad_input_is_refused(cast: Cast, method: str, outcome: str, field: str) -> None:
    _discharged(cast, days_ago=30)
    followup = FollowUp.objects.get(days_after_discharge=30)
    with pytest.raises(ValidationError) as refused:
        services.followup_attempt_record(actor=cast.alice, followup=followup, method=method, outcome=outcome)
    assert field in refused.value.message_dict


def test_a_readmission_from_a_follow_up_starts_a_new_episode_linked_to_the_old_one(cast: Cast) -> None:
    old = _discharged(cast)
    followup = FollowUp.objects.get(episode=old, days_after_discharge=30)
    new = services.followup_readmit(
        actor=cast.alice,
        followup=followup,
        admission_date=site_today(cast.site_a),
        reason="Returned to use; asked to come back",
        evidence_text="Phone screen: BAM use items raised",
    )
    assert new.readmitted_from == old and new.status == "active"
    rows = {
        f.days_after_discharge: (f.status, f.alumni_status, f.readmission_id)
        for f in FollowUp.objects.filter(episode=old)
    }
    assert rows == dict.fromkeys((30, 90, 180, 365), ("done", "readmitted", new.pk))


def test_the_follow_up_page_shows_and_records_an_attempt(cast: Cast) -> None:
    _discharged(cast, days_ago=30)
    followup = FollowUp.objects.get(days_after_discharge=30)
    http = HttpClient()
    http.force_login(cast.alice)
    assert (
        "30-day follow-up of Erin Castillo"
        in http.get(reverse("followups:detail", args=[followup.pk])).content.decode()
    )
    answer = http.post(reverse("followups:attempt", args=[followup.pk]), {"method": "phone", "outcome": "left_message"})
    assert answer.status_code == 302 and followup.attempts.count() == 1


def test_the_due_page_keeps_a_constant_number_of_queries(cast: Cast, django_assert_max_num_queries: object) -> None:
    episode = _discharged(cast)
    http = HttpClient()
    http.force_login(cast.alice)

    def add(days: int) -> None:
        FollowUp.objects.create(
            episode=episode, client=cast.erin, site=cast.site_a, assigned_to=cast.alice,
            days_after_discharge=days, due_date=site_today(cast.site_a) - dt.timedelta(days=1),
        )  # fmt: skip

    add(1)
    http.get(reverse("followups:due"))
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        small = http.get(reverse("followups:due"))
    for days in range(2, 12):
        add(days)
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        large = http.get(reverse("followups:due"))
    assert small.status_code == large.status_code == 200
    assert large.content.decode().count("Erin Castillo") > small.content.decode().count("Erin Castillo")
