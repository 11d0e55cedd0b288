"""Discharge: TEDS reason, use frequency, self-help attendance, a summary signed once with the
signer's password, follow-ups scheduled, the §2.32 notice when disclosed; administrative
discharge is proposed, never done silently."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import PASSWORD, Cast
from openiop.clients import services
from openiop.clients.models import DischargeSummary, Episode, StaySettings, SummaryLocked
from openiop.clients.stay_selectors import discharge_proposals
from openiop.clients.tests.stay_factories import erin_episode
from openiop.core.time import site_today

SUMMARY = {
    "presenting_problem": "Alcohol use disorder, moderate",
    "course": "Twelve weeks of IOP; attended 94% of groups",
    "condition": "Abstinent 60 days; PHQ-9 from 14 to 5",
    "recommendations": "Weekly outpatient therapy; AA three times a week",
}


def _discharge(cast: Cast, **extra: Any) -> Episode:
    arguments: dict[str, Any] = {
        "discharge_date": site_today(cast.site_a),
        "reason": "Completed the program",
        "teds_reason": 1,
        "use_frequency": 1,
        "self_help_30d": 9,
        **extra,
    }
    return services.episode_discharge(actor=cast.alice, episode=erin_episode(cast), **arguments)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"teds_reason": None}, "teds_reason"),  # required
        ({"teds_reason": 8}, "teds_reason"),  # REASON is 1–7
        ({"use_frequency": 4}, "use_frequency"),  # FREQ is 1–3
        ({"self_help_30d": -1}, "self_help_30d"),
        ({"self_help_30d": 500}, "self_help_30d"),
        ({"discharge_date": dt.date(2026, 10, 1)}, "discharge_date"),  # before admission
        ({"discharge_date": dt.date(2099, 1, 1)}, "discharge_date"),  # in the future
        ({"summary": {**SUMMARY, "course": ""}, "password": PASSWORD}, "course"),
    ],
)
def test_a_discharge_with_bad_input_is_refused_and_changes_nothing(
    cast: Cast, extra: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _discharge(cast, **extra)
    assert field in refused.value.message_dict
    assert erin_episode(cast).status == "active"


def test_a_discharge_records_the_teds_fields_and_the_history(cast: Cast) -> None:
    episode = _discharge(cast)
    episode.refresh_from_db()
    assert (episode.status, episode.discharge_teds_reason, episode.discharge_use_frequency) == ("discharged", 1, 1)
    assert episode.discharge_self_help_30d == 9
    assert episode.transitions.get().kind == "discharge"


def test_without_a_participation_log_the_self_help_count_is_what_the_clinician_gives(cast: Cast) -> None:
    from openiop.clients.services.discharge import self_help_count_hook

    episode = _discharge(cast, self_help_30d=None)
    episode.refresh_from_db()
    assert episode.discharge_self_help_30d == self_help_count_hook(cast.erin, site_today(cast.site_a))


def test_the_discharge_summary_is_signed_with_the_password_and_then_locked(cast: Cast) -> None:
    _discharge(cast, summary=SUMMARY, password=PASSWORD)
    summary = DischargeSummary.objects.get(episode__client=cast.erin)
    assert summary.is_signed and summary.signed_by == cast.alice and len(summary.content_sha256) == 64
    summary.course = "Rewritten"
    with pytest.raises(SummaryLocked):
        summary.save()
    with pytest.raises(SummaryLocked):
        services.discharge_summary_sign(actor=cast.alice, episode=summary.episode, password=PASSWORD, **SUMMARY)


def test_a_wrong_password_discharges_nothing(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        _discharge(cast, summary=SUMMARY, password="not-my-password")
    assert erin_episode(cast).status == "active" and not DischargeSummary.objects.exists()


def test_a_discharge_schedules_the_follow_ups_of_the_site_settings(cast: Cast) -> None:
    from openiop.aftercare.models import FollowUp

    services.stay_settings_update(actor=cast.dana, site=cast.site_a, followup_days="30,90")
    episode = _discharge(cast)
    rows = list(FollowUp.objects.filter(episode=episode).order_by("due_date"))
    day = episode.discharge_date
    assert day is not None
    assert [(r.days_after_discharge, r.due_date, r.assigned_to) for r in rows] == [
        (30, day + dt.timedelta(days=30), cast.alice),
        (90, day + dt.timedelta(days=90), cast.alice),
    ]


def test_by_default_follow_ups_come_at_30_90_180_and_365_days_and_none_after_a_death(cast: Cast) -> None:
    from openiop.aftercare.models import FollowUp

    episode = _discharge(cast)
    assert sorted(FollowUp.objects.filter(episode=episode).values_list("days_after_discharge", flat=True)) == [
        30,
        90,
        180,
        365,
    ]
    frank = Episode.objects.get(client=cast.frank)
    services.episode_discharge(
        actor=cast.bob, episode=frank, discharge_date=site_today(cast.site_a), reason="", teds_reason=6
    )
    assert not FollowUp.objects.filter(episode=frank).exists()


@pytest.mark.parametrize(
    ("value", "ok"),
    [("30,90,180,365", True), ("7", True), ("90,30", False), ("30,30", False), ("0", False), ("x", False), ("", False)],
)
def test_the_follow_up_days_setting_is_checked(cast: Cast, value: str, ok: bool) -> None:
    if ok:
        assert (
            services.stay_settings_update(actor=cast.dana, site=cast.site_a, followup_days=value).followup_days == value
        )
    else:
        with pytest.raises(ValidationError):
            services.stay_settings_update(actor=cast.dana, site=cast.site_a, followup_days=value)


def test_a_disclosed_discharge_summary_carries_the_232_notice(cast: Cast) -> None:
    from openiop.consents import pdf, texts
    from openiop.consents import services as consent_services
    from openiop.consents.tests.factories import sign

    _discharge(cast, summary=SUMMARY, password=PASSWORD)
    release = sign(
        cast,
        consent_services.consent_prepare(
            actor=cast.alice, client=cast.erin, kind="part2_release", recipient_name="Dr. Sam Lee",
            purposes=["care_coordination"], expiration_kind="date",
            expires_on=site_today(cast.site_a) + dt.timedelta(days=90),
            information_kinds=["discharge_summary"],  # a release names what it covers
        ),
    )  # fmt: skip
    disclosure = consent_services.disclosure_create(
        actor=cast.alice, client=cast.erin, consent=release, recipient="Dr. Sam Lee", purpose="care_coordination",
        records=["discharge_summary"],
    )  # fmt: skip
    assert SUMMARY["recommendations"] in disclosure.content_html
    html = pdf.disclosure_html(disclosure)
    assert texts.NOTICE_STATEMENT_1[:60] in html and SUMMARY["course"] in html


# ------------------------------------------------------------------ administrative discharge


def _attended(cast: Cast, days_ago: int) -> None:
    from openiop.clinical.models import Note

    moment = timezone.now() - dt.timedelta(days=days_ago)
    Note.objects.create(
        site=cast.site_a, client=cast.erin, author=cast.alice, kind="individual", format="dap",
        starts_at=moment, ends_at=moment + dt.timedelta(minutes=50),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("days_ago", "threshold", "proposed"),
    [(None, 14, True), (3, 14, False), (13, 14, False), (15, 14, True), (15, 21, False), (25, 21, True)],
)
def test_a_client_without_attendance_for_the_sites_days_is_proposed_never_discharged(
    cast: Cast, days_ago: int | None, threshold: int, proposed: bool
) -> None:
    """Erin was admitted 2026-11-02; without any session she counts from admission."""
    StaySettings.objects.create(site=cast.site_a, inactive_days=threshold)
    if days_ago is not None:
        _attended(cast, days_ago)
    today = site_today(cast.site_a)
    if days_ago is None:
        proposed = (today - dt.date(2026, 11, 2)).days >= threshold
    found = [p.episode.client_id for p in discharge_proposals(user=cast.alice, today=today)]
    assert (cast.erin.pk in found) == proposed
    assert erin_episode(cast).status == "active"  # proposed only: nobody is discharged silently


def test_proposals_go_to_the_primary_clinician_and_the_directors_only(cast: Cast) -> None:
    far = site_today(cast.site_a) + dt.timedelta(days=60)
    assert cast.erin.pk in [p.episode.client_id for p in discharge_proposals(user=cast.alice, today=far)]
    assert cast.erin.pk in [p.episode.client_id for p in discharge_proposals(user=cast.dana, today=far)]
    assert cast.erin.pk not in [p.episode.client_id for p in discharge_proposals(user=cast.bob, today=far)]
    assert discharge_proposals(user=cast.bill, today=far) == []
    assert Episode.objects.filter(status="active").count() == 3
