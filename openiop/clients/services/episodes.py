"""Changes of an episode of care: step up or down, refer out, change the prescribed hours,
transfer to another site, readmit. Each records an ``EpisodeTransition`` (docs/algorithms/episodes.md).

Two people changing one episode at once: the row is re-read locked and its version checked
(``expected_version``), and a change that no longer fits what is stored (already at that level,
discharged meanwhile) raises ``Conflict``; of two directors stepping the same episode, one wins.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change, save_and_record
from openiop.clients.models import (
    PROGRAM_LEVELS,
    Client,
    Episode,
    EpisodeStatus,
    EpisodeTransition,
    LevelOfCare,
    TransitionKind,
    hours_range,
)
from openiop.core import bounds
from openiop.core.concurrency import Conflict, bump, check_version, constraint_conflicts
from openiop.core.time import site_today

# A change may be recorded ahead of time (a step-down next Monday), but not further than this.
AHEAD_DAYS = 31
LEVEL_ORDER = {level: index for index, level in enumerate(LevelOfCare.values)}


def require_manage(actor: Actor, episode: Episode) -> None:
    if not policy.can_manage_episode(actor, episode):
        raise PermissionDenied("You may not change this client's episode of care.")


def lock_active(episode: Episode, expected_version: int | None) -> None:
    """Re-read the episode locked (NO KEY: audit events reference the client meanwhile) and refuse a
    stale or finished one."""
    episode.refresh_from_db(from_queryset=Episode.objects.select_for_update(no_key=True))
    check_version(episode, expected_version)
    if episode.status != EpisodeStatus.ACTIVE:
        raise Conflict("This episode was discharged meanwhile; nothing was changed.")


def last_change_date(episode: Episode) -> dt.date:
    last = episode.transitions.order_by("-effective_date", "-pk").values_list("effective_date", flat=True).first()
    return max(last, episode.admission_date) if last else episode.admission_date


def date_problems(episode: Episode, day: Any, *, field: str = "effective_date", ahead: int = AHEAD_DAYS) -> None:
    """The bounds of a change's date: a real date, not before admission or the last change, not
    more than ``ahead`` days after the site's today."""
    if not isinstance(day, dt.date):
        raise ValidationError({field: "Give the date of the change."})
    message = bounds.date_problem(day)
    if message is None:
        since = last_change_date(episode)
        latest = bounds.safe_add_days(site_today(episode.site), ahead)
        if day < since:
            message = f"The date cannot be before {since:%Y-%m-%d} (admission or the last change)."
        elif day > latest:
            message = "The date cannot be in the future." if ahead == 0 else f"At most {ahead} days ahead."
    if message:
        raise ValidationError({field: message})


def _check_common(
    episode: Episode, *, reason: str, decided_by: Any, evidence_assessment: Any, needs_evidence: bool, evidence: str
) -> None:
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Say why."
    elif len(reason) > 300:
        errors["reason"] = "At most 300 characters."
    if decided_by is None or not policy.can_decide_level_at(decided_by, episode.site_id):
        errors["decided_by"] = "Name the director or clinician of this site who decided."
    if evidence_assessment is not None and evidence_assessment.client_id != episode.client_id:
        errors["evidence_assessment"] = "Choose an assessment of this client."
    if len(evidence) > 500:
        errors["evidence_text"] = "At most 500 characters."
    elif needs_evidence and evidence_assessment is None and not evidence.strip():
        errors["evidence_text"] = "Give the placement evidence: link the assessment or describe it."
    if errors:
        raise ValidationError(errors)


def _hours_for(episode: Episode, level: str, hours: Decimal | None) -> Decimal:
    low, high = hours_range(level, episode.population)
    chosen = episode.prescribed_hours_per_week if hours is None else Decimal(hours)
    if not low <= chosen <= high:
        raise ValidationError(
            {"prescribed_hours": f"At level {level} the prescribed hours are {low}–{high} a week; give the new hours."}
        )
    return chosen


def record_transition(*, actor: Actor, episode: Episode, kind: str, **fields: Any) -> EpisodeTransition:
    transition = EpisodeTransition(episode=episode, kind=kind, recorded_by=actor, **fields)
    save_and_record(
        actor=actor,
        instance=transition,
        object_type="episode_transition",
        client_id=episode.client_id,
        site_id=episode.site_id,
        detail={"episode": episode.pk, "kind": kind},
    )
    return transition


def _save_episode(*, actor: Actor, episode: Episode, before: Any, changed: list[str], detail: dict[str, Any]) -> None:
    episode.full_clean()
    episode.save(update_fields=bump(episode, changed))
    record_change(actor=actor, instance=episode, before=before, detail=detail)


def episode_step(
    *,
    actor: Actor,
    episode: Episode,
    to_level: str,
    effective_date: dt.date,
    reason: str,
    decided_by: Any = None,
    evidence_assessment: Any = None,
    evidence_text: str = "",
    prescribed_hours: Decimal | None = None,
    expected_version: int | None = None,
) -> EpisodeTransition:
    """Step up or down between the program's levels (1, 2.1, 2.5), with the hours for the new
    level; a step to a level the program does not run (3.x, 4) is a referral out, which ends the
    episode (TEDS reason 4, transferred)."""
    require_manage(actor, episode)
    decided_by = decided_by or actor
    if to_level not in LevelOfCare.values:
        raise ValidationError({"to_level": "Choose a level of care."})
    if to_level == episode.level_of_care:
        raise ValidationError({"to_level": "The client is already at this level."})
    _check_common(
        episode,
        reason=reason,
        decided_by=decided_by,
        evidence_assessment=evidence_assessment,
        needs_evidence=True,
        evidence=evidence_text,
    )
    date_problems(episode, effective_date, ahead=0 if to_level not in PROGRAM_LEVELS else AHEAD_DAYS)
    refer_out = to_level not in PROGRAM_LEVELS
    hours = None if refer_out else _hours_for(episode, to_level, prescribed_hours)
    with transaction.atomic():
        lock_active(episode, expected_version)
        if episode.level_of_care == to_level:
            raise Conflict("Someone else changed this episode to that level meanwhile.")
        before = snapshot(episode)
        from_level, hours_before = episode.level_of_care, episode.prescribed_hours_per_week
        up = LEVEL_ORDER[to_level] > LEVEL_ORDER[from_level]
        kind = TransitionKind.REFER_OUT if refer_out else TransitionKind.STEP_UP if up else TransitionKind.STEP_DOWN
        transition = record_transition(
            actor=actor,
            episode=episode,
            kind=kind,
            effective_date=effective_date,
            from_level=from_level,
            to_level=to_level,
            hours_before=None if refer_out else hours_before,
            hours_after=hours,
            reason=reason.strip(),
            decided_by=decided_by,
            evidence_assessment=evidence_assessment,
            evidence_text=evidence_text.strip(),
        )
        if refer_out:
            from openiop.clients.services.discharge import close_episode

            close_episode(actor=actor, episode=episode, discharge_date=effective_date, reason=reason, teds_reason=4)
        else:
            assert hours is not None  # noqa: S101 - set for program levels above
            episode.level_of_care, episode.prescribed_hours_per_week = to_level, hours
            _save_episode(
                actor=actor,
                episode=episode,
                before=before,
                changed=["level_of_care", "prescribed_hours_per_week"],
                detail={"transition": transition.pk},
            )
    return transition


def episode_prescription_change(
    *,
    actor: Actor,
    episode: Episode,
    prescribed_hours: Decimal,
    effective_date: dt.date,
    reason: str,
    decided_by: Any = None,
    expected_version: int | None = None,
) -> EpisodeTransition:
    """New weekly hours at the same level, in force from the week of ``effective_date`` on
    (``selectors.prescribed_hours_for_week``)."""
    require_manage(actor, episode)
    decided_by = decided_by or actor
    _check_common(
        episode, reason=reason, decided_by=decided_by, evidence_assessment=None, needs_evidence=False, evidence=""
    )
    hours = _hours_for(episode, episode.level_of_care, prescribed_hours)
    if hours == episode.prescribed_hours_per_week:
        raise ValidationError({"prescribed_hours": "These are the hours already prescribed."})
    date_problems(episode, effective_date)
    with transaction.atomic():
        lock_active(episode, expected_version)
        before = snapshot(episode)
        transition = record_transition(
            actor=actor,
            episode=episode,
            kind=TransitionKind.PRESCRIPTION,
            effective_date=effective_date,
            from_level=episode.level_of_care,
            to_level=episode.level_of_care,
            hours_before=episode.prescribed_hours_per_week,
            hours_after=hours,
            reason=reason.strip(),
            decided_by=decided_by,
        )
        episode.prescribed_hours_per_week = hours
        _save_episode(
            actor=actor,
            episode=episode,
            before=before,
            changed=["prescribed_hours_per_week"],
            detail={"transition": transition.pk},
        )
    return transition


def episode_transfer(
    *,
    actor: Actor,
    episode: Episode,
    to_site: Any,
    effective_date: dt.date,
    reason: str,
    primary_clinician: Any,
    decided_by: Any = None,
    evidence_text: str = "",
    expected_version: int | None = None,
) -> EpisodeTransition:
    """Move the client and their active episode to another site of the organization: the stay
    goes on (one episode), the new site's clinician becomes primary; past rows stay where written."""
    require_manage(actor, episode)
    if to_site is None or not policy.can_transfer_episode(actor, episode, to_site):
        raise PermissionDenied("Only the site's director may transfer a client, to a site of the same organization.")
    decided_by = decided_by or actor
    _check_common(
        episode,
        reason=reason,
        decided_by=decided_by,
        evidence_assessment=None,
        needs_evidence=False,
        evidence=evidence_text,
    )
    if primary_clinician is None or not policy.can_decide_level_at(primary_clinician, to_site.pk):
        raise ValidationError({"primary_clinician": "Choose a clinician of the new site."})
    date_problems(episode, effective_date, ahead=0)
    with transaction.atomic():
        lock_active(episode, expected_version)
        client = Client.objects.select_for_update(no_key=True).get(pk=episode.client_id)
        before_episode, before_client = snapshot(episode), snapshot(client)
        transition = record_transition(
            actor=actor,
            episode=episode,
            kind=TransitionKind.TRANSFER,
            effective_date=effective_date,
            from_level=episode.level_of_care,
            to_level=episode.level_of_care,
            from_site_id=episode.site_id,
            to_site=to_site,
            reason=reason.strip(),
            decided_by=decided_by,
            evidence_text=evidence_text.strip(),
        )
        client.site = to_site
        client.full_clean()
        client.save(update_fields=bump(client, ["site"]))
        record_change(actor=actor, instance=client, before=before_client, detail={"transfer": transition.pk})
        episode.site, episode.client = to_site, client
        episode.primary_clinician = primary_clinician
        with constraint_conflicts("The client already has an active episode at that site."):
            _save_episode(
                actor=actor,
                episode=episode,
                before=before_episode,
                changed=["site", "primary_clinician"],
                detail={"transition": transition.pk},
            )
    return transition


def episode_readmit(
    *,
    actor: Actor,
    previous: Episode,
    admission_date: dt.date,
    reason: str,
    level_of_care: str = "2.1",
    prescribed_hours: Decimal | None = None,
    primary_clinician: Any = None,
    decided_by: Any = None,
    evidence_assessment: Any = None,
    evidence_text: str = "",
) -> Episode:
    """A new episode for a discharged client, linked to the one it follows (``readmitted_from``
    and a READMIT transition naming the old episode)."""
    require_manage(actor, previous)
    decided_by = decided_by or actor
    if previous.status != EpisodeStatus.DISCHARGED:
        raise ValidationError({"episode": "Only a discharged episode can be followed by a readmission."})
    if level_of_care not in PROGRAM_LEVELS:
        raise ValidationError({"level_of_care": "Readmit to a level the program runs (1, 2.1 or 2.5)."})
    _check_common(
        previous,
        reason=reason,
        decided_by=decided_by,
        evidence_assessment=evidence_assessment,
        needs_evidence=True,
        evidence=evidence_text,
    )
    clinician = primary_clinician or previous.primary_clinician
    if clinician is None or not policy.can_decide_level_at(clinician, previous.site_id):
        raise ValidationError({"primary_clinician": "Choose a clinician of this site."})
    if not isinstance(admission_date, dt.date) or bounds.date_problem(admission_date):
        raise ValidationError({"admission_date": "Give the date of the readmission."})
    assert previous.discharge_date is not None  # noqa: S101 - a discharged episode has its date
    if admission_date < previous.discharge_date:
        raise ValidationError({"admission_date": "A readmission starts on or after the discharge."})
    if admission_date > bounds.safe_add_days(site_today(previous.site), AHEAD_DAYS):
        raise ValidationError({"admission_date": f"At most {AHEAD_DAYS} days ahead."})
    population = "adolescent" if previous.client.age_on(admission_date) < 18 else "adult"
    low, high = hours_range(level_of_care, population)
    hours = Decimal(prescribed_hours) if prescribed_hours is not None else min(max(Decimal(12), low), high)
    episode = Episode(
        client_id=previous.client_id,
        site_id=previous.site_id,
        admission_date=admission_date,
        level_of_care=level_of_care,
        track=previous.track,
        population=population,
        prescribed_hours_per_week=hours,
        primary_clinician=clinician,
        readmitted_from=previous,
    )
    if not low <= hours <= high:
        raise ValidationError({"prescribed_hours": f"At level {level_of_care} the hours are {low}–{high} a week."})
    with transaction.atomic():
        with constraint_conflicts("This client already has an active episode at this site."):
            save_and_record(actor=actor, instance=episode, detail={"readmitted_from": previous.pk})
        record_transition(
            actor=actor,
            episode=episode,
            kind=TransitionKind.READMIT,
            effective_date=admission_date,
            from_level=previous.level_of_care,
            to_level=level_of_care,
            reason=reason.strip(),
            decided_by=decided_by,
            evidence_assessment=evidence_assessment,
            evidence_text=evidence_text.strip(),
            related_episode=previous,
        )
    return episode
