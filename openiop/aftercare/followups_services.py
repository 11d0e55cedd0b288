"""Writes of alumni follow-ups: scheduled at discharge, contact attempts, the short check (BAM and
PHQ-9 through the measures services), the outcome, and readmission in one step."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.aftercare.models import AlumniStatus, AttemptOutcome, ContactMethod, FollowUp, FollowUpAttempt
from openiop.aftercare.models.followups import FollowUpStatus
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change, save_and_record
from openiop.clients.models import Episode, EpisodeStatus
from openiop.core import bounds
from openiop.core.concurrency import Conflict, bump, check_version


def followup_schedule_days(site_id: int) -> list[int]:
    from openiop.clients.services import stay_settings_for_site

    return stay_settings_for_site(site_id).followup_day_list


def followups_schedule(*, actor: Actor, episode: Episode) -> list[FollowUp]:
    """One follow-up per scheduled day after discharge (settings), for the episode's primary
    clinician (or whoever discharged). Called by the discharge, inside its transaction."""
    if episode.status != EpisodeStatus.DISCHARGED or episode.discharge_date is None:
        raise ValidationError({"episode": "Follow-ups start at discharge."})
    assignee = episode.primary_clinician or actor
    rows = []
    for days in followup_schedule_days(episode.site_id):
        row = FollowUp(
            episode=episode,
            client_id=episode.client_id,
            site_id=episode.site_id,
            assigned_to=assignee,
            days_after_discharge=days,
            due_date=bounds.safe_add_days(episode.discharge_date, days),
        )
        save_and_record(actor=actor, instance=row, detail={"episode": episode.pk, "days": days})
        rows.append(row)
    return rows


def _require(actor: Any, followup: FollowUp) -> None:
    if not policy.can_follow_up(actor, followup):
        raise PermissionDenied("This follow-up is assigned to someone else.")


def _lock_open(followup: FollowUp, expected_version: int | None) -> None:
    followup.refresh_from_db(from_queryset=FollowUp.objects.select_for_update(no_key=True))
    check_version(followup, expected_version)
    if not followup.is_open:
        raise Conflict("This follow-up was finished meanwhile.")


def followup_attempt_record(
    *,
    actor: Actor,
    followup: FollowUp,
    method: str,
    outcome: str,
    note: str = "",
    attempted_at: dt.datetime | None = None,
) -> FollowUpAttempt:
    _require(actor, followup)
    errors: dict[str, str] = {}
    if method not in ContactMethod.values:
        errors["method"] = "Choose how you tried to reach them."
    if outcome not in AttemptOutcome.values:
        errors["outcome"] = "Choose what happened."
    if len(note) > 300:
        errors["note"] = "At most 300 characters."
    moment = attempted_at or timezone.now()
    if timezone.is_naive(moment) or moment > timezone.now() + dt.timedelta(minutes=5):
        errors["attempted_at"] = "Give a time, with its zone, that is not in the future."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_open(followup, None)
        attempt = FollowUpAttempt(
            followup=followup, attempted_at=moment, method=method, outcome=outcome, note=note.strip(), by=actor
        )
        save_and_record(
            actor=actor,
            instance=attempt,
            object_type="followup_attempt",
            client_id=followup.client_id,
            site_id=followup.site_id,
            detail={"followup": followup.pk, "outcome": outcome},
        )
    return attempt


def followup_check_record(
    *,
    actor: Actor,
    followup: FollowUp,
    bam_answers: Sequence[int | None] | None = None,
    phq9_answers: Sequence[int | None] | None = None,
    language: str = "en",
) -> FollowUp:
    """The short check by phone: BAM and/or PHQ-9, scored and stored by the measures services
    (their alerts included: a positive PHQ-9 item 9 raises the suicide alert at once)."""
    from openiop.measures.services import administration_record

    _require(actor, followup)
    if bam_answers is None and phq9_answers is None:
        raise ValidationError({"bam_answers": "Record the BAM, the PHQ-9 or both."})
    with transaction.atomic():
        _lock_open(followup, None)
        before = snapshot(followup)
        changed = []
        now = timezone.now()
        for field, code, answers in (("bam", "bam", bam_answers), ("phq9", "phq9", phq9_answers)):
            if answers is None:
                continue
            administration = administration_record(
                actor=actor,
                client=followup.client,
                code=code,
                answers=list(answers),
                administered_at=now,
                language=language,
            )
            setattr(followup, field, administration)
            changed.append(field)
        followup.full_clean()
        followup.save(update_fields=bump(followup, changed))
        record_change(actor=actor, instance=followup, before=before)
    return followup


def followup_close(
    *, actor: Actor, followup: FollowUp, alumni_status: str, note: str = "", expected_version: int | None = None
) -> FollowUp:
    """Finish the follow-up with the client's status (readmission goes through ``followup_readmit``)."""
    _require(actor, followup)
    allowed = [AlumniStatus.IN_RECOVERY, AlumniStatus.RETURNED_TO_USE, AlumniStatus.UNREACHABLE]
    if alumni_status not in allowed:
        raise ValidationError({"alumni_status": "Choose in recovery, returned to use or unreachable."})
    if len(note) > 500:
        raise ValidationError({"note": "At most 500 characters."})
    if alumni_status == AlumniStatus.UNREACHABLE and not followup.attempts.exists():
        raise ValidationError({"alumni_status": "Record the attempts to reach them first."})
    with transaction.atomic():
        _lock_open(followup, expected_version)
        return _finish(actor=actor, followup=followup, alumni_status=alumni_status, note=note)


def _finish(*, actor: Actor, followup: FollowUp, alumni_status: str, note: str, readmission: Any = None) -> FollowUp:
    before = snapshot(followup)
    followup.status = FollowUpStatus.DONE
    followup.alumni_status = alumni_status
    followup.note = note.strip()
    followup.completed_at = timezone.now()
    followup.completed_by = actor
    followup.readmission = readmission
    followup.full_clean()
    fields = ["status", "alumni_status", "note", "completed_at", "completed_by", "readmission"]
    followup.save(update_fields=bump(followup, fields))
    record_change(actor=actor, instance=followup, before=before)
    return followup


def followup_readmit(
    *,
    actor: Actor,
    followup: FollowUp,
    admission_date: dt.date,
    reason: str,
    level_of_care: str = "2.1",
    prescribed_hours: Decimal | None = None,
    evidence_text: str = "",
    evidence_assessment: Any = None,
    expected_version: int | None = None,
) -> Episode:
    """Readmission in one step: a new episode linked to the old one; this follow-up and the later
    open ones of the old episode are finished as "readmitted"."""
    from openiop.clients.services import episode_readmit

    _require(actor, followup)
    with transaction.atomic():
        _lock_open(followup, expected_version)
        episode = episode_readmit(
            actor=actor,
            previous=followup.episode,
            admission_date=admission_date,
            reason=reason,
            level_of_care=level_of_care,
            prescribed_hours=prescribed_hours,
            evidence_text=evidence_text,
            evidence_assessment=evidence_assessment,
        )
        _finish(actor=actor, followup=followup, alumni_status=AlumniStatus.READMITTED, note=reason, readmission=episode)
        later = FollowUp.objects.select_for_update(no_key=True).filter(
            episode_id=followup.episode_id, status=FollowUpStatus.OPEN
        )
        for other in later.exclude(pk=followup.pk):
            _finish(actor=actor, followup=other, alumni_status=AlumniStatus.READMITTED, note="", readmission=episode)
    return episode
