"""Episodes of care change over the stay: step up and down, refer out, prescription, transfer,
readmission; every change is kept (docs/algorithms/episodes.md)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from conftest import Cast, make_user
from openiop.accounts.models import Organization, Role, Site
from openiop.clients import services
from openiop.clients.models import Episode, EpisodeTransition, hours_range
from openiop.clients.stay_selectors import _in_force, prescribed_hours_for_week
from openiop.clients.tests.stay_factories import erin_episode, past_episode

D = dt.date
EVIDENCE: dict[str, Any] = {
    "reason": "Goals met at IOP",
    "evidence_text": "Continued-stay review, dimensions 4–6 improved",
}


def _step(cast: Cast, to_level: str, **extra: object) -> EpisodeTransition:
    arguments: dict[str, object] = {"effective_date": D(2026, 11, 20), **EVIDENCE, **extra}
    return services.episode_step(actor=cast.alice, episode=erin_episode(cast), to_level=to_level, **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("level", "population", "low", "high"),
    [
        # ref §2: "1 Outpatient: <9 h/week adults, <6 adolescents"
        ("1", "adult", Decimal("0.5"), Decimal("8.9")),
        ("1", "adolescent", Decimal("0.5"), Decimal("5.9")),
        # ref §2: "2.1 Intensive Outpatient: ≥9 h/week adults, ≥6 adolescents" (4th ed.: 9–19)
        ("2.1", "adult", Decimal(9), Decimal(19)),
        ("2.1", "adolescent", Decimal(6), Decimal(19)),
        # ref §2: "2.5 Partial Hospitalization: ≥20 h/week"
        ("2.5", "adult", Decimal(20), Decimal(40)),
        ("3.5", "adult", Decimal("0.5"), Decimal(40)),
    ],
)
def test_the_prescribed_hours_fit_the_level_of_care(level: str, population: str, low: Decimal, high: Decimal) -> None:
    assert hours_range(level, population) == (low, high)


@pytest.mark.parametrize(
    ("to_level", "hours", "kind", "level_after", "hours_after"),
    [
        ("1", Decimal(6), "step_down", "1", Decimal(6)),
        ("2.5", Decimal(20), "step_up", "2.5", Decimal(20)),
    ],
)
def test_a_step_changes_the_level_and_keeps_the_history(
    cast: Cast, to_level: str, hours: Decimal, kind: str, level_after: str, hours_after: Decimal
) -> None:
    transition = _step(cast, to_level, prescribed_hours=hours)
    episode = erin_episode(cast)
    assert (transition.kind, transition.from_level, transition.to_level) == (kind, "2.1", to_level)
    assert (transition.hours_before, transition.hours_after) == (Decimal(12), hours_after)
    assert (episode.level_of_care, episode.prescribed_hours_per_week, episode.version) == (level_after, hours_after, 2)
    assert transition.decided_by == cast.alice and transition.recorded_by == cast.alice


def test_stepping_down_to_outpatient_with_iop_hours_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        _step(cast, "1")
    assert "prescribed_hours" in refused.value.message_dict
    assert erin_episode(cast).level_of_care == "2.1"


@pytest.mark.parametrize(
    ("field", "extra"),
    [
        ("effective_date", {"effective_date": D(2026, 10, 1)}),  # before admission (2026-11-02)
        ("effective_date", {"effective_date": D(2099, 1, 1)}),  # more than 31 days ahead
        ("effective_date", {"effective_date": D(1, 1, 1)}),  # outside the calendar's bounds
        ("evidence_text", {"evidence_text": ""}),  # no placement evidence
        ("reason", {"reason": "  "}),
        ("decided_by", {"decided_by": "ivan"}),  # intake does not decide levels of care
        ("to_level", {"to_level": "9"}),
    ],
)
def test_a_step_with_bad_input_is_refused_naming_the_field(cast: Cast, field: str, extra: dict[str, object]) -> None:
    if extra.get("decided_by") == "ivan":
        extra = {"decided_by": cast.ivan}
    to_level = str(extra.pop("to_level", "1"))
    with pytest.raises(ValidationError) as refused:
        _step(cast, to_level, prescribed_hours=Decimal(6), **extra)
    assert field in refused.value.message_dict
    assert not EpisodeTransition.objects.exists()


def test_a_change_cannot_be_dated_before_the_last_change(cast: Cast) -> None:
    _step(cast, "1", prescribed_hours=Decimal(6), effective_date=D(2026, 11, 23))
    with pytest.raises(ValidationError) as refused:
        _step(cast, "2.1", prescribed_hours=Decimal(12), effective_date=D(2026, 11, 16))
    assert "2026-11-23" in refused.value.message_dict["effective_date"][0]


def test_someone_without_a_treating_role_cannot_step_a_client(cast: Cast) -> None:
    for person in (cast.bill, cast.mel, cast.bob):
        with pytest.raises(PermissionDenied):
            services.episode_step(
                actor=person,
                episode=erin_episode(cast),
                to_level="1",
                effective_date=D(2026, 11, 20),
                prescribed_hours=Decimal(6),
                **EVIDENCE,
            )


def test_a_step_up_to_residential_is_a_referral_that_ends_the_episode(cast: Cast) -> None:
    transition = _step(cast, "3.5", effective_date=D(2026, 11, 20))
    episode = erin_episode_or_last(cast)
    assert transition.kind == "refer_out" and transition.to_level == "3.5"
    assert (episode.status, episode.discharge_teds_reason, episode.discharge_date) == ("discharged", 4, D(2026, 11, 20))
    assert episode.level_of_care == "2.1"  # the level the program ran until the referral


def erin_episode_or_last(cast: Cast) -> Episode:
    return Episode.objects.filter(client=cast.erin).order_by("-pk").first()  # type: ignore[return-value]


def test_the_history_is_append_only(cast: Cast) -> None:
    transition = _step(cast, "1", prescribed_hours=Decimal(6))
    with pytest.raises(PermissionError):
        transition.save()
    with pytest.raises(PermissionError):
        EpisodeTransition.objects.filter(pk=transition.pk).update(reason="changed")
    with pytest.raises(PermissionError):
        EpisodeTransition.objects.filter(pk=transition.pk).delete()


def test_the_database_refuses_a_change_of_level_without_evidence(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeTransition.objects.create(
            episode=erin_episode(cast), kind="step_down", effective_date=D(2026, 11, 20), reason="x",
            decided_by=cast.alice, recorded_by=cast.alice,
        )  # fmt: skip


# ------------------------------------------------------------------ prescription in force


@pytest.mark.parametrize(
    ("changes", "week", "expected"),
    [
        ([], D(2026, 11, 16), Decimal(12)),  # no change: the episode's hours
        ([(D(2026, 11, 25), 1, Decimal(12), Decimal(15))], D(2026, 11, 23), Decimal(12)),  # mid-week: next week on
        ([(D(2026, 11, 25), 1, Decimal(12), Decimal(15))], D(2026, 11, 30), Decimal(15)),
        ([(D(2026, 11, 23), 1, Decimal(12), Decimal(15))], D(2026, 11, 23), Decimal(15)),  # from a Monday: that week
        (
            [(D(2026, 11, 23), 1, Decimal(12), Decimal(15)), (D(2026, 12, 7), 2, Decimal(15), Decimal(9))],
            D(2026, 11, 30),
            Decimal(15),
        ),
        (
            [(D(2026, 11, 23), 1, Decimal(12), Decimal(15)), (D(2026, 12, 7), 2, Decimal(15), Decimal(9))],
            D(2026, 12, 7),
            Decimal(9),
        ),
        ([(D(2026, 11, 23), 1, Decimal(12), Decimal(15))], D(2026, 11, 2), Decimal(12)),  # before: the first hours
    ],
)
def test_the_prescription_in_force_is_the_one_of_the_weeks_first_day(
    changes: list[tuple[dt.date, int, Decimal, Decimal]], week: dt.date, expected: Decimal
) -> None:
    assert _in_force(changes, Decimal(12), week) == expected


def test_hours_against_prescription_use_the_prescription_of_that_week(cast: Cast) -> None:
    from openiop.clinical.services.groups import client_week_hours

    episode = erin_episode(cast)
    services.episode_prescription_change(
        actor=cast.alice, episode=episode, prescribed_hours=Decimal(15), effective_date=D(2026, 11, 23), reason="More"
    )
    assert prescribed_hours_for_week(episode, D(2026, 11, 16)) == Decimal(12)
    assert prescribed_hours_for_week(episode, D(2026, 11, 23)) == Decimal(15)
    before = client_week_hours(client_id=cast.erin.pk, episode=episode, week_of=D(2026, 11, 16))
    after = client_week_hours(client_id=cast.erin.pk, episode=episode, week_of=D(2026, 11, 24))
    assert (before.prescribed_hours, after.prescribed_hours) == (Decimal(12), Decimal(15))


def test_the_chart_hours_of_a_past_week_use_the_prescription_then(cast: Cast) -> None:
    from openiop.clients.selectors import client_get_for_user
    from openiop.clinical.selectors.hours import week_hours_for

    services.episode_prescription_change(
        actor=cast.alice, episode=erin_episode(cast), prescribed_hours=Decimal(15), effective_date=D(2026, 11, 23),
        reason="More",
    )  # fmt: skip
    erin = client_get_for_user(user=cast.alice, pk=cast.erin.pk)
    weeks = [
        week_hours_for([erin], site=cast.site_a, week_of=day)[erin.pk] for day in (D(2026, 11, 16), D(2026, 11, 23))
    ]
    assert [w.prescribed_hours for w in weeks] == [Decimal(12), Decimal(15)]


# ------------------------------------------------------------------ transfer and readmission


def test_a_director_transfers_a_client_to_another_site_of_the_organization(cast: Cast) -> None:
    transition = services.episode_transfer(
        actor=cast.dana, episode=erin_episode(cast), to_site=cast.site_b, effective_date=D(2026, 11, 20),
        reason="Moved to the east coast", primary_clinician=cast.carol,
    )  # fmt: skip
    episode = Episode.objects.get(pk=transition.episode_id)
    assert (transition.from_site_id, transition.to_site_id) == (cast.site_a.pk, cast.site_b.pk)
    assert (episode.site_id, episode.client.site_id, episode.primary_clinician) == (
        cast.site_b.pk,
        cast.site_b.pk,
        cast.carol,
    )
    assert episode.status == "active"


def test_a_transfer_needs_the_director_a_site_of_the_organization_and_its_clinician(cast: Cast) -> None:
    other_org = Site.objects.create(organization=Organization.objects.create(name="Other"), name="Elsewhere")
    base: dict[str, Any] = {"effective_date": D(2026, 11, 20), "reason": "Moved", "primary_clinician": cast.carol}
    with pytest.raises(PermissionDenied):
        services.episode_transfer(actor=cast.alice, episode=erin_episode(cast), to_site=cast.site_b, **base)
    with pytest.raises(PermissionDenied):
        services.episode_transfer(actor=cast.dana, episode=erin_episode(cast), to_site=other_org, **base)
    with pytest.raises(ValidationError) as refused:
        services.episode_transfer(
            actor=cast.dana,
            episode=erin_episode(cast),
            to_site=cast.site_b,
            **{**base, "primary_clinician": cast.alice},
        )
    assert "primary_clinician" in refused.value.message_dict
    assert erin_episode(cast).site_id == cast.site_a.pk


def test_a_readmission_starts_a_new_episode_linked_to_the_old_one(cast: Cast) -> None:
    previous = past_episode(cast)
    new = services.episode_readmit(
        actor=cast.alice, previous=previous, admission_date=D(2026, 11, 20), reason="Relapse", evidence_text="ASAM 2.1"
    )
    assert new.readmitted_from == previous and new.status == "active" and new.primary_clinician == cast.alice
    transition = new.transitions.get()
    assert (transition.kind, transition.related_episode) == ("readmit", previous)
    assert list(previous.readmissions.all()) == [new]


def test_a_readmission_cannot_start_before_the_discharge_or_while_another_episode_is_active(cast: Cast) -> None:
    previous = past_episode(cast)
    with pytest.raises(ValidationError):
        services.episode_readmit(
            actor=cast.alice, previous=previous, admission_date=D(2026, 9, 1), reason="x", evidence_text="y"
        )
    erin_past = past_episode(cast, cast.erin)  # Erin still has her active episode
    with pytest.raises(ValidationError):
        services.episode_readmit(
            actor=cast.alice, previous=erin_past, admission_date=D(2026, 11, 20), reason="x", evidence_text="y"
        )


def test_a_site_manager_outside_the_organization_is_not_a_clinician_of_the_new_site(cast: Cast) -> None:
    intern = make_user("ian@b.test", "Ian", cast.site_b, Role.INTAKE)
    with pytest.raises(ValidationError):
        services.episode_transfer(
            actor=cast.dana, episode=erin_episode(cast), to_site=cast.site_b, effective_date=D(2026, 11, 20),
            reason="Moved", primary_clinician=intern,
        )  # fmt: skip
