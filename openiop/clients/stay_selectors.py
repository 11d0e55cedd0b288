"""Reads of episodes' history, the prescription in force, proposals for administrative
discharge and the support network; through the access policy, audited where they show PHI."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from openiop.accounts import policy
from openiop.audit.models import Action
from openiop.audit.services import record_list, record_read
from openiop.clients.models import (
    DEFAULT_INACTIVE_DAYS,
    DischargeSummary,
    Episode,
    EpisodeStatus,
    EpisodeTransition,
    StaySettings,
    SupportContact,
)
from openiop.clients.selectors import client_get_for_user
from openiop.core import bounds
from openiop.core.time import site_today, site_zone


def episode_get_for_user(*, user: Any, pk: int, action: str | None = Action.VIEW) -> Episode:
    """The episode if the user may see its client (else 404); opening it is recorded."""
    episode = Episode.objects.select_related("site", "primary_clinician").filter(pk=pk).first()
    if episode is None:
        raise Http404("No such episode")
    episode.client = client_get_for_user(user=user, pk=episode.client_id, action=None)
    if action:
        record_read(user=user, instance=episode, action=action, object_type="episode")
    return episode


def transitions_for_episode(*, episode: Episode) -> QuerySet[EpisodeTransition]:
    return episode.transitions.select_related(
        "decided_by", "recorded_by", "from_site", "to_site", "evidence_assessment", "related_episode"
    ).order_by("effective_date", "pk")


# ------------------------------------------------------------------ the prescription in force


def _in_force(changes: list[tuple[dt.date, int, Decimal, Decimal]], current: Decimal, week_start: dt.date) -> Decimal:
    """changes: (effective_date, pk, hours_before, hours_after) in order. The hours in force on
    the week's first day: the last change effective on or before it; before the first change,
    the hours it replaced; with no change, the episode's hours."""
    if not changes:
        return current
    in_force = changes[0][2]
    for effective, _pk, _before, after in changes:
        if effective <= week_start:
            in_force = after
    return in_force


def prescriptions_for_week(episodes: Iterable[Episode], week_start: dt.date) -> dict[int, Decimal]:
    """The prescription in force in the week starting ``week_start`` for each episode (one query)."""
    chosen = list(episodes)
    rows: dict[int, list[tuple[dt.date, int, Decimal, Decimal]]] = {e.pk: [] for e in chosen}
    # Every change of hours bumps the episode's version: an episode still at version 1 has none.
    changed = [e.pk for e in chosen if e.version > 1]
    found = (
        EpisodeTransition.objects.filter(episode_id__in=changed, hours_after__isnull=False)
        .order_by("effective_date", "pk")
        .values_list("episode_id", "effective_date", "pk", "hours_before", "hours_after")
    )
    for episode_id, effective, pk, before, after in found if changed else []:
        if before is not None and after is not None:  # the database requires both (hours_after set)
            rows[episode_id].append((effective, pk, before, after))
    return {e.pk: _in_force(rows[e.pk], e.prescribed_hours_per_week, week_start) for e in chosen}


def prescribed_hours_for_week(episode: Episode, week_start: dt.date) -> Decimal:
    """The weekly hours prescribed in the week starting ``week_start`` (docs/algorithms/episodes.md)."""
    return prescriptions_for_week([episode], week_start)[episode.pk]


# ------------------------------------------------------------------ administrative discharge


@dataclass(frozen=True)
class Proposal:
    episode: Episode
    last_attended: dt.date | None
    days_without: int
    threshold: int


def _attended_subqueries() -> dict[str, Subquery]:
    from openiop.clinical.models import Attendance, Note

    group = (
        Attendance.objects.filter(client_id=OuterRef("client_id"), status__in=["present", "late", "left_early"])
        .values("client_id")
        .annotate(last=Max("session__starts_at"))
        .values("last")
    )
    seen = (
        Note.objects.filter(client_id=OuterRef("client_id"), kind__in=["individual", "family"])
        .values("client_id")
        .annotate(last=Max("starts_at"))
        .values("last")
    )
    return {"last_group": Subquery(group), "last_session": Subquery(seen)}


def discharge_proposals(*, user: Any, today: dt.date | None = None) -> list[Proposal]:
    """Active episodes whose client attended nothing for the site's ``inactive_days`` (a group,
    an individual or family session), for their primary clinician and the site's directors.
    Nothing is discharged: the clinician decides (docs/algorithms/episodes.md)."""
    sites = policy.stay_sites(user)
    whole = [s for s in sites if policy.sees_whole_site_stays(user, s)]
    own = [s for s in sites if s not in whole]
    if not sites:
        return []
    qs = (
        Episode.objects.filter(status=EpisodeStatus.ACTIVE)
        .filter(Q(site_id__in=whole) | Q(site_id__in=own, primary_clinician=user))
        .select_related("client", "site", "primary_clinician")
        .annotate(**_attended_subqueries())
        .order_by("admission_date", "pk")
    )
    limits = dict(StaySettings.objects.filter(site_id__in=sites).values_list("site_id", "inactive_days"))
    proposals = []
    for episode in qs:
        day = today or site_today(episode.site)
        moments = [m for m in (episode.last_group, episode.last_session) if m is not None]  # type: ignore[attr-defined]
        # safe_localtime: a legacy row at the calendar's edge must not break the page.
        last = bounds.safe_localtime(max(moments), site_zone(episode.site)).date() if moments else None
        since = max(last, episode.admission_date) if last else episode.admission_date
        threshold = limits.get(episode.site_id, DEFAULT_INACTIVE_DAYS)
        days = (day - since).days
        if days >= threshold:
            proposals.append(Proposal(episode, last, days, threshold))
    if proposals:
        record_list(user=user, object_type="discharge_proposal", shown=[p.episode.client_id for p in proposals])
    return proposals


# ------------------------------------------------------------------ support network


def support_contacts_for_client(*, client: Any, include_retired: bool = False) -> QuerySet[SupportContact]:
    """Contacts of a client already opened through ``client_get_for_user``."""
    qs = SupportContact.objects.filter(client=client)
    return qs if include_retired else qs.filter(retired_at__isnull=True)


def support_contact_get_for_user(*, user: Any, client_pk: int, pk: int, showing_form: bool = False) -> SupportContact:
    client = client_get_for_user(user=user, pk=client_pk, action=None)
    contact = SupportContact.objects.filter(client=client, pk=pk).first()
    if contact is None:
        raise Http404("No such contact")
    contact.client = client
    if showing_form:
        record_read(user=user, instance=contact, object_type="support_contact")
    return contact


def episode_get_for_change(*, user: Any, pk: int, showing_form: bool) -> Episode:
    """The episode if the user may change it (404 if they may not see it, 403 if only see it);
    showing its form is a read of the record and is recorded."""
    episode = episode_get_for_user(user=user, pk=pk, action=None)
    if not policy.can_manage_episode(user, episode):
        raise PermissionDenied("You may not change this client's episode of care.")
    if showing_form:
        record_read(user=user, instance=episode, object_type="episode_form")
    return episode


def discharge_summary_for(*, user: Any, episode: Episode) -> DischargeSummary | None:
    """The signed summary of an episode already opened, for those who read narratives."""
    if not policy.can_view_narratives(user, episode.client):
        return None
    return DischargeSummary.objects.filter(episode=episode).select_related("signed_by").first()


def discharge_summary_get_for_pdf(*, user: Any, pk: int) -> DischargeSummary:
    """The signed summary of episode ``pk`` for its PDF (an export, recorded)."""
    episode = episode_get_for_user(user=user, pk=pk, action=None)
    if not policy.can_view_narratives(user, episode.client):
        raise PermissionDenied("Your role may not read clinical narratives.")
    summary = discharge_summary_for(user=user, episode=episode)
    if summary is None or not summary.is_signed:
        raise Http404("This episode has no signed discharge summary.")
    summary.episode = episode
    record_read(user=user, instance=summary, action=Action.EXPORT, detail={"pdf": True}, client_id=episode.client_id)
    return summary


def family_note_get_for_user(*, user: Any, pk: int, showing_form: bool = False) -> Any:
    """A family note whose attendees the user may record (404 unless they see the client, 403
    unless they write notes for them)."""
    from openiop.clinical.models import Note, NoteKind

    note = Note.objects.select_related("site").filter(pk=pk, kind=NoteKind.FAMILY).first()
    if note is None:
        raise Http404("No such family session")
    note.client = client_get_for_user(user=user, pk=note.client_id, action=None)
    if not policy.can_write_notes(user, note.client):
        raise PermissionDenied("You may not write clinical records for this client.")
    if showing_form:
        record_read(user=user, instance=note, object_type="family_attendees")
    return note
