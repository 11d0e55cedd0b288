"""Discharge: the TEDS fields, the signed discharge summary, the alumni follow-ups it schedules,
and a site's stay settings (administrative-discharge days, follow-up days)."""

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.services import reauthenticate
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change, save_and_record
from openiop.clients.models import (
    SUMMARY_SECTIONS,
    Client,
    DischargeReason,
    DischargeSummary,
    Episode,
    EpisodeStatus,
    StaySettings,
    SummaryLocked,
    TransitionKind,
    UseFrequency,
)
from openiop.clients.services.episodes import date_problems, lock_active, record_transition, require_manage
from openiop.core.concurrency import bump

SELF_HELP_MAX = 200  # meetings in 30 days: several a day at most


def self_help_count_hook(client: Client, until: dt.date) -> int | None:
    """Mutual-help meetings attended in the 30 days up to ``until``, from the aftercare
    participation log (the discharge form shows it and staff may correct it)."""
    from openiop.aftercare.selectors.participation import self_help_count

    return self_help_count(client, until)


def aftercare_plan_hook(episode: Episode) -> Any:
    """The client's latest aftercare plan (plans belong to the client, not to one episode), or None."""
    from openiop.aftercare.models import AftercarePlan

    return AftercarePlan.objects.filter(client_id=episode.client_id).order_by("-pk").first()


def stay_settings_for_site(site_id: int) -> StaySettings:
    """The site's stay settings, or the defaults (unsaved) when the site has none."""
    return StaySettings.objects.filter(site_id=site_id).first() or StaySettings(site_id=site_id)


def stay_settings_update(*, actor: Actor, site: Site, **fields: Any) -> StaySettings:
    if not policy.can_configure_site(actor, site.pk):
        raise PermissionDenied("Only the site's director may change its settings.")
    unknown = set(fields) - {"inactive_days", "followup_days"}
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be set."))
    with transaction.atomic():
        row = StaySettings.objects.select_for_update().filter(site=site).first() or StaySettings(site=site)
        before = snapshot(row)
        for name, value in fields.items():
            setattr(row, name, value)
        save_and_record(actor=actor, instance=row, before=before)
    return row


def _discharge_errors(
    episode: Episode, *, teds_reason: Any, use_frequency: Any, self_help_30d: Any, reason: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if teds_reason not in DischargeReason.values:
        errors["teds_reason"] = "Choose the reason for discharge (TEDS)."
    if use_frequency is not None and use_frequency not in UseFrequency.values:
        errors["use_frequency"] = "Choose the frequency of use in the last 30 days."
    if self_help_30d is not None and (
        isinstance(self_help_30d, bool) or not isinstance(self_help_30d, int) or not 0 <= self_help_30d <= SELF_HELP_MAX
    ):
        errors["self_help_30d"] = f"Give a number of meetings between 0 and {SELF_HELP_MAX}."
    if len(reason) > 200:
        errors["reason"] = "At most 200 characters."
    if episode.status != EpisodeStatus.ACTIVE:
        errors["status"] = "Only an active episode can be discharged."
    return errors


def close_episode(
    *,
    actor: Actor,
    episode: Episode,
    discharge_date: dt.date,
    reason: str,
    teds_reason: int,
    use_frequency: int | None = None,
    self_help_30d: int | None = None,
) -> None:
    """Inside a transaction with the episode locked: mark it discharged and schedule the follow-ups."""
    before = snapshot(episode)
    episode.status = EpisodeStatus.DISCHARGED
    episode.discharge_date = discharge_date
    episode.discharge_reason = reason.strip()
    episode.discharge_teds_reason = teds_reason
    episode.discharge_use_frequency = use_frequency
    episode.discharge_self_help_30d = self_help_30d
    changed = [
        "status",
        "discharge_date",
        "discharge_reason",
        "discharge_teds_reason",
        "discharge_use_frequency",
        "discharge_self_help_30d",
    ]
    episode.full_clean()
    episode.save(update_fields=bump(episode, changed))
    record_change(actor=actor, instance=episode, before=before, detail={"discharged": True})
    if teds_reason != DischargeReason.DEATH:
        from openiop.aftercare.followups_services import followups_schedule

        followups_schedule(actor=actor, episode=episode)


def summary_content_sha256(summary: DischargeSummary) -> str:
    content = {key: getattr(summary, key) for key, _ in SUMMARY_SECTIONS}
    content["episode"] = summary.episode_id
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()


def _summary_sections(sections: dict[str, str]) -> dict[str, str]:
    keys = [key for key, _ in SUMMARY_SECTIONS]
    unknown = set(sections) - set(keys)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a section of the discharge summary."))
    cleaned = {key: str(sections.get(key) or "").strip() for key in keys}
    missing = [key for key in keys if not cleaned[key]]
    if missing:
        raise ValidationError(dict.fromkeys(missing, "Write this section before signing."))
    too_long = [key for key in keys if len(cleaned[key]) > 20000]
    if too_long:
        raise ValidationError(dict.fromkeys(too_long, "At most 20,000 characters."))
    return cleaned


def _sign_summary(*, actor: Actor, episode: Episode, sections: dict[str, str]) -> DischargeSummary:
    if DischargeSummary.objects.filter(episode=episode).exists():
        raise SummaryLocked("This episode's discharge summary is already signed.")
    summary = DischargeSummary(episode=episode, author=actor, signed_by=actor, signed_at=timezone.now(), **sections)
    summary.content_sha256 = summary_content_sha256(summary)
    save_and_record(
        actor=actor,
        instance=summary,
        action=Action.SIGN,
        object_type="discharge_summary",
        client_id=episode.client_id,
        site_id=episode.site_id,
        detail={"episode": episode.pk, "sha256": summary.content_sha256},
    )
    return summary


def episode_discharge(
    *,
    actor: Actor,
    episode: Episode,
    discharge_date: dt.date,
    reason: str,
    teds_reason: int | None = None,
    use_frequency: int | None = None,
    self_help_30d: int | None = None,
    summary: dict[str, str] | None = None,
    password: str | None = None,
    code: str = "",
    decided_by: Any = None,
    expected_version: int | None = None,
) -> Episode:
    """Discharge with the TEDS reason (required), use frequency and self-help attendance (from the
    participation log when it exists, else as given); with ``summary`` the discharge summary is
    signed at once (the signer re-authenticates first; a wrong password changes nothing)."""
    require_manage(actor, episode)
    decided_by = decided_by or actor
    if self_help_30d is None:
        self_help_30d = self_help_count_hook(episode.client, discharge_date)
    errors = _discharge_errors(
        episode, teds_reason=teds_reason, use_frequency=use_frequency, self_help_30d=self_help_30d, reason=reason
    )
    if not policy.can_decide_level_at(decided_by, episode.site_id):
        errors["decided_by"] = "Name the director or clinician of this site who decided."
    if errors:
        raise ValidationError(errors)
    date_problems(episode, discharge_date, field="discharge_date", ahead=0)
    sections = _summary_sections(summary) if summary is not None else None
    if sections is not None:
        reauthenticate(user=actor, password=password or "", code=code)
    assert teds_reason is not None  # noqa: S101 - checked above
    with transaction.atomic():
        lock_active(episode, expected_version)
        record_transition(
            actor=actor,
            episode=episode,
            kind=TransitionKind.DISCHARGE,
            effective_date=discharge_date,
            from_level=episode.level_of_care,
            reason=(reason.strip() or str(DischargeReason(teds_reason).label))[:300],
            decided_by=decided_by,
        )
        close_episode(
            actor=actor,
            episode=episode,
            discharge_date=discharge_date,
            reason=reason,
            teds_reason=teds_reason,
            use_frequency=use_frequency,
            self_help_30d=self_help_30d,
        )
        if sections is not None:
            _sign_summary(actor=actor, episode=episode, sections=sections)
    return episode


def discharge_summary_sign(
    *, actor: Actor, episode: Episode, password: str, code: str = "", **sections: str
) -> DischargeSummary:
    """Sign the summary of an episode discharged without one (once; it never changes after)."""
    require_manage(actor, episode)
    if episode.status != EpisodeStatus.DISCHARGED:
        raise ValidationError({"episode": "Write the summary with the discharge."})
    cleaned = _summary_sections(sections)
    reauthenticate(user=actor, password=password, code=code)
    with transaction.atomic():
        Episode.objects.select_for_update(no_key=True).get(pk=episode.pk)
        return _sign_summary(actor=actor, episode=episode, sections=cleaned)
