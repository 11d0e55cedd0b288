"""Writes: record an administration (and raise its alerts), rescore, close an alert, set cadences.

Each checks the policy, validates, saves and audits in one transaction. An alert is raised inside
the transaction that records the administration, so a dangerous answer is never stored without
its alert.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_change, save_and_record
from openiop.clients.models import Client, Episode, EpisodeStatus
from openiop.measures import selectors
from openiop.measures.configuration import DEFAULT_CADENCE, cadence_seed_defaults, cadence_set
from openiop.measures.instruments import REGISTRY, SCORING_VERSION, Score, ScoringError, get, score
from openiop.measures.instruments.mbc import compare
from openiop.measures.models import (
    Administration,
    Alert,
    AlertKind,
    AlertSeverity,
    AlertStatus,
    ClosingAction,
    MeasureLanguage,
    Rescoring,
)

__all__ = ["DEFAULT_CADENCE", "cadence_seed_defaults", "cadence_set"]  # kept here for callers

# Reliable deterioration against the episode's baseline raises an alert for these [ref §9].
DETERIORATION_ALERTS = ("phq9", "gad7")
# A clock a little ahead of the server's is not an administration "in the future".
CLOCK_SKEW = dt.timedelta(minutes=5)


def scoring_field(error: ScoringError) -> str:
    """The field a ScoringError belongs to: ``item_<number>`` for an item, else answers/sex/…"""
    if error.item in ("answers", "sex", "config"):
        return error.item
    if error.item == "code":
        return "instrument"
    return f"item_{error.item}"


def _active_episode(client: Client) -> Episode | None:
    return (
        Episode.objects.filter(client=client, site_id=client.site_id, status=EpisodeStatus.ACTIVE)
        .select_related("primary_clinician")
        .first()
    )


# ---------------------------------------------------------------- alerts raised by a result


def _suicide_summary(administration: Administration, score_: Score) -> str:
    if administration.instrument == "phq9":
        value = administration.answers[8]
        anchor = get("phq9").item("9").anchor_map.get(value, "")
        return f"PHQ-9 item 9 (thoughts of death or self-harm) answered {value} — {anchor}."
    if administration.instrument == "cssrs-screen":
        if "suicide-risk" in score_.flags:
            return f"C-SSRS screener: {score_.band} risk."
        return "C-SSRS screener: suicidal thoughts in the past month (Q2 yes)."
    return f"{administration.instrument_name}: {', '.join(score_.flags)}."


def _baseline(administration: Administration, episode: Episode | None) -> Administration | None:
    qs = Administration.objects.filter(
        client_id=administration.client_id, instrument=administration.instrument, total__isnull=False
    )
    if episode is not None:
        qs = qs.filter(administered_at__gte=selectors.episode_start(episode, administration.site))
    return qs.order_by("administered_at", "pk").first()


def _alerts_for(
    administration: Administration, episode: Episode | None, *, new_flags: set[str], check_change: bool
) -> list[tuple[str, str, str]]:
    """(kind, severity, summary) of each alert this result raises."""
    found: list[tuple[str, str, str]] = []
    result = administration.score
    if "suicide-risk" in new_flags:
        severity = AlertSeverity.URGENT if result.band == "high" else AlertSeverity.HIGH
        found.append((AlertKind.SUICIDE_RISK, severity, _suicide_summary(administration, result)))
    elif "suicidal-ideation" in new_flags:
        found.append((AlertKind.SUICIDAL_IDEATION, AlertSeverity.HIGH, _suicide_summary(administration, result)))
    if check_change and administration.instrument in DETERIORATION_ALERTS and result.total is not None:
        baseline = _baseline(administration, episode)
        if baseline is not None and baseline.pk != administration.pk and baseline.total is not None:
            change = compare(administration.instrument, baseline.score.total or 0, result.total)
            already = Alert.objects.filter(
                client_id=administration.client_id,
                kind=AlertKind.RELIABLE_DETERIORATION,
                status=AlertStatus.OPEN,
                source__instrument=administration.instrument,
            ).exists()
            if change.reliable_deterioration and not already:
                since = selectors.local_date(baseline.administered_at, administration.site)
                found.append(
                    (
                        AlertKind.RELIABLE_DETERIORATION,
                        AlertSeverity.MODERATE,
                        f"{selectors.short_name(administration.instrument)} rose from {baseline.score.total} "
                        f"(baseline, {since:%b %-d}) to {result.total}: a reliable deterioration (+{change.change}).",
                    )
                )
    return found


def alert_raise(
    *,
    actor: Actor,
    client: Client,
    kind: str,
    severity: str,
    summary: str,
    assigned_to: Any = None,
    source: Administration | None = None,
) -> Alert:
    """Open an alert for a named person: ``assigned_to``, else the primary clinician of the
    client's active episode (with nobody assigned, the site's directors see it). Validated and
    audited. The one way any app raises an alert (measures' results, clinical's attendance and
    drug screens).

    No access check of its own: it is called from inside other services' writes (recording an
    administration, an attendance or a drug screen), which have checked theirs.
    """
    if kind not in AlertKind.values:
        raise ValidationError({"kind": f"Unknown alert kind {kind!r}."})
    with transaction.atomic():
        if assigned_to is None:
            episode = _active_episode(client)
            assigned_to = episode.primary_clinician if episode is not None else None
        alert = Alert(
            client=client,
            site_id=client.site_id,
            kind=kind,
            severity=severity,
            summary=summary[:300],
            source=source,
            assigned_to=assigned_to,
            opened_at=timezone.now(),
        )
        save_and_record(
            actor=actor,
            instance=alert,
            object_type="alert",
            detail={
                "kind": kind,
                "severity": severity,
                "administration": source.pk if source is not None else None,
                "assigned_to": alert.assigned_to_id,
            },
        )
    return alert


def _raise_alerts(
    *,
    actor: Actor,
    administration: Administration,
    episode: Episode | None,
    previous_flags: Sequence[str] = (),
    check_change: bool = True,
) -> list[Alert]:
    new_flags = set(administration.flags) - set(previous_flags)
    return [
        alert_raise(
            actor=actor,
            client=administration.client,
            kind=kind,
            severity=severity,
            summary=summary,
            assigned_to=episode.primary_clinician if episode is not None else None,
            source=administration,
        )
        for kind, severity, summary in _alerts_for(
            administration, episode, new_flags=new_flags, check_change=check_change
        )
    ]


# ---------------------------------------------------------------- administrations


def administration_record(
    *,
    actor: Actor,
    client: Client,
    code: str,
    answers: Sequence[int | None],
    sex: str | None = None,
    administered_at: dt.datetime,
    language: str,
) -> Administration:
    """Score and store one administration, raising its alerts at once. The client's site's
    ScoringConfig for the instrument, if any, replaces openiop's default cut-offs.

    Bad answers raise ValidationError on the item's field (``item_<number>``), or on
    ``answers``/``sex``/``instrument``; nothing is stored.
    """
    role = policy.recording_role(actor, client)
    if role is None:
        raise PermissionDenied("You may not record measures for this client.")
    if code not in REGISTRY:
        raise ValidationError({"instrument": f"Unknown instrument {code!r}."})
    config = selectors.scoring_config(site_id=client.site_id, code=code)  # the program's own cut-offs
    try:
        result = score(code, answers, sex=sex, config=config)
    except ScoringError as error:
        raise ValidationError({scoring_field(error): error.message}) from None
    if timezone.is_naive(administered_at):
        raise ValidationError({"administered_at": "Give the time with its time zone."})
    if administered_at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"administered_at": "An administration cannot be in the future."})
    if language not in MeasureLanguage.values:
        raise ValidationError({"language": f"Choose one of: {', '.join(MeasureLanguage.values)}."})

    with transaction.atomic():
        episode = _active_episode(client)
        administration = Administration(
            client=client,
            site_id=client.site_id,
            episode=episode,
            instrument=code,
            answers=list(answers),
            sex=sex or "",
            scoring_version=SCORING_VERSION,
            administered_by=actor,
            administered_role=role,
            administered_at=administered_at,
            language=language,
        )
        administration.set_score(result)
        save_and_record(
            actor=actor,
            instance=administration,
            object_type="administration",
            client_id=client.pk,
            site_id=client.site_id,
            detail={"instrument": code, "scoring_version": SCORING_VERSION},
        )
        _raise_alerts(actor=actor, administration=administration, episode=episode)
    return administration


def administration_rescore(*, actor: Actor, administration: Administration, reason: str) -> Rescoring | None:
    """Score a stored administration again with the current library (``SCORING_VERSION``) and
    the site's current ScoringConfig for the instrument (so a program's new cut-offs apply).

    The only path that changes a stored score. Records a Rescoring row (old and new version and
    score) and an audit event; raises the alerts for flags the new score adds. Returns None when
    nothing would change.
    """
    client = administration.client
    if not policy.can_rescore(actor, client):
        raise PermissionDenied("Only a director of the site may rescore administrations.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the administration is rescored."})
    config = selectors.scoring_config(site_id=administration.site_id, code=administration.instrument)
    try:
        new = score(administration.instrument, administration.answers, sex=administration.sex or None, config=config)
    except ScoringError as error:
        raise ValidationError(
            {"answers": f"The stored answers no longer score under version {SCORING_VERSION}: {error.message}"}
        ) from None
    old = administration.score
    old_version = administration.scoring_version
    if new == old and old_version == SCORING_VERSION:
        return None
    changed = sorted(
        name for name in ("total", "band", "positive", "flags", "subscales") if getattr(new, name) != getattr(old, name)
    )
    with transaction.atomic():
        rescoring = Rescoring(
            administration=administration,
            old_version=old_version,
            new_version=SCORING_VERSION,
            old_score=old.to_dict(),
            new_score=new.to_dict(),
            reason=reason.strip()[:200],
            rescored_by=actor,
            rescored_at=timezone.now(),
        )
        rescoring.full_clean()
        rescoring.save()
        before = snapshot(administration)
        administration.set_score(new)
        administration.scoring_version = SCORING_VERSION
        administration._rescoring = True  # type: ignore[attr-defined]
        try:
            administration.full_clean()
            administration.save()
        finally:
            administration._rescoring = False  # type: ignore[attr-defined]
        record_change(
            actor=actor,
            instance=administration,
            before=before,
            object_type="administration",
            detail={"rescored": True, "old_version": old_version, "new_version": SCORING_VERSION, "changed": changed},
        )
        _raise_alerts(
            actor=actor,
            administration=administration,
            episode=administration.episode,
            previous_flags=old.flags,
            check_change=new.total != old.total,
        )
    return rescoring


# ---------------------------------------------------------------- alerts


def alert_close(*, actor: Actor, alert: Alert, action: str, note: str = "") -> Alert:
    """Close an open alert with the documented action taken (and a note, required for "Other")."""
    if not policy.can_act_on_alerts(actor, alert.client):
        raise PermissionDenied("You may not act on this client's alerts.")
    note = (note or "").strip()
    if not action:
        raise ValidationError({"action": "Choose the action taken before closing the alert."})
    if action not in ClosingAction.values:
        raise ValidationError({"action": "Choose one of the documented actions."})
    if action == ClosingAction.OTHER and not note:
        raise ValidationError({"note": "Describe the action taken."})
    with transaction.atomic():
        current = Alert.objects.select_for_update().get(pk=alert.pk)
        if current.status != AlertStatus.OPEN:
            raise ValidationError("This alert is already closed.")
        before = snapshot(current)
        current.status = AlertStatus.CLOSED
        current.closed_at = timezone.now()
        current.closed_by = actor
        current.closing_action = action
        current.closing_note = note
        save_and_record(
            actor=actor,
            instance=current,
            before=before,
            object_type="alert",
            detail={"closed": True, "kind": current.kind, "closing_action": action},
        )
    for name in ("status", "closed_at", "closed_by", "closing_action", "closing_note"):
        setattr(alert, name, getattr(current, name))
    return alert
