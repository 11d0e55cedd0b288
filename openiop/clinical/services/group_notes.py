"""The group note: one shared part, an entry per attending client, the clone guard and signing.

Signing files one locked ``Note`` per attending client (the shared part and their own entry).
Attendance lives in ``openiop.clinical.services.groups``.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change, record_create
from openiop.clients.models import Client
from openiop.clinical import group_picks
from openiop.clinical.models import (
    Attendance,
    CloneConfirmation,
    GroupNote,
    GroupNoteEntry,
    Note,
    NoteKind,
    NoteLocked,
    NoteStatus,
)
from openiop.clinical.selectors.group_notes import (
    SHARED_FIELDS,
    NoteCheck,
    digest,
    group_note_check,
    open_objectives,
)
from openiop.clinical.service_codes import GROUP
from openiop.clinical.services.common import reauthenticate
from openiop.clinical.services.groups import ATTENDED, require_session_runner
from openiop.clinical.services.notes import needs_cosign
from openiop.core.concurrency import StaleVersion, check_version
from openiop.core.time import local
from openiop.measures.models import AlertKind
from openiop.measures.services import alert_raise
from openiop.program.models import GroupSession

PICKS: dict[str, list[group_picks.Pick]] = {
    "participation_level": group_picks.PARTICIPATION,
    "engagement": group_picks.ENGAGEMENT,
    "mood": group_picks.MOOD,
    "progress_rating": group_picks.PROGRESS,
    "risk": group_picks.RISK,
}
ENTRY_FIELDS = (*PICKS, "comment")
COMMENT_MAX = 400
__all__ = [
    "SHARED_FIELDS",
    "NoteCheck",
    "group_note_check",
    "group_note_confirm_similar",
    "group_note_save",
    "group_note_sign",
    "open_objectives",
]
REQUIRED_TO_SIGN = {
    "participation_level": "Choose the participation",
    "engagement": "Choose the engagement",
    "mood": "Choose the mood and affect",
    "risk": "Choose the risk observed (None observed is a choice)",
    "comment": "Write the line about this client",
    "objective": "Choose the objective worked on",
    "progress_rating": "Choose the progress toward the objective",
}


def entry_key(client_id: int, name: str) -> str:
    """The error key of one field of one client's row (``mood-12``), as the page's formset maps it."""
    return f"{name}-{client_id}"


def _validate_entries(entries: dict[int, dict[str, Any]], attending: set[int]) -> dict[int, dict[str, Any]]:
    """Every value checked before anything is written; errors are per field of the client's row."""
    if set(entries) - attending:
        raise ValidationError({"entries": "Entries are written only for clients who attended."})
    objectives = open_objectives(set(entries))
    errors: dict[str, str] = {}
    clean: dict[int, dict[str, Any]] = {}
    for client_id, values in entries.items():
        row: dict[str, Any] = {}
        for name, table in PICKS.items():
            if name in values:
                value = (values[name] or "").strip()
                if value and value not in {key for key, _, _ in table}:
                    errors[entry_key(client_id, name)] = "Choose one of the listed answers."
                row[name] = value
        if "comment" in values:
            row["comment"] = " ".join((values["comment"] or "").split())
            if len(row["comment"]) > COMMENT_MAX:
                errors[entry_key(client_id, "comment")] = f"Keep the line to {COMMENT_MAX} characters."
        if "objective" in values:
            raw = str(values["objective"] or "")
            objective_id = int(raw) if raw.isdigit() and len(raw) < 10 else None
            if raw and objective_id not in objectives.get(client_id, {}):
                errors[entry_key(client_id, "objective")] = "Pick an objective from this client's active plan."
            row["objective_id"] = objective_id
        clean[client_id] = row
    if errors:
        raise ValidationError(errors)
    return clean


def _stale(current: GroupNote) -> StaleVersion:
    exc = StaleVersion("This group note was changed by someone else since you opened it.", current=current)
    if current.saved_by_id:
        saver = current.saved_by
        exc.changed_by = (getattr(saver, "full_name", "") or getattr(saver, "email", "")) or "someone"
        exc.changed_at = current.updated_at
    return exc


def group_note_save(
    *,
    actor: Actor,
    session: GroupSession,
    shared: dict[str, str],
    entries: dict[int, dict[str, Any]],
    expected_version: int | None = None,
    editor: str = "",
) -> GroupNote:
    """Create or update the draft: the shared part once, and an entry per attending client.

    ``expected_version`` is the version the writer saw (0: there was no draft yet); a save from an
    older version raises ``StaleVersion`` and writes nothing. A save that changes nothing keeps the
    version (autosave sends the whole form often). ``editor`` names the page that sends it: a version
    written by that same page (its own autosave, answered after this was sent) is not stale."""
    require_session_runner(actor, session)
    attending = set(Attendance.objects.filter(session=session, status__in=ATTENDED).values_list("client_id", flat=True))
    clean = _validate_entries(entries, attending)
    shared = {f: (shared[f] or "").strip() for f in SHARED_FIELDS if f in shared}
    try:
        with transaction.atomic():
            note = GroupNote.objects.select_for_update().filter(session=session).first()
            if note is not None and note.is_signed:
                raise NoteLocked("This group note is signed and locked.")
            if (
                note is not None
                and expected_version is not None
                and expected_version != note.version
                and not (editor and note.saved_in == editor)
            ):
                raise _stale(note)
            before = snapshot(note) if note is not None else None
            creating = note is None
            if note is None:
                note = GroupNote(session=session, site_id=session.site_id, author=actor)
                note.module = session.module.name if session.module_id and session.module else ""
            changed = creating or any(getattr(note, f) != v for f, v in shared.items())
            for name, value in shared.items():
                setattr(note, name, value)
            current = {e.client_id: e for e in GroupNoteEntry.objects.filter(group_note=note)} if not creating else {}
            rows: list[GroupNoteEntry] = []
            for client_id, data in clean.items():
                row = current.get(client_id) or GroupNoteEntry(client_id=client_id)
                if row.pk is None or any(getattr(row, k) != v for k, v in data.items()):
                    for name, value in data.items():
                        setattr(row, name, value)
                    rows.append(row)
            if not changed and not rows:
                return note
            if not creating:
                note.version += 1
            note.saved_by, note.saved_in = actor, editor[:32]
            note.full_clean(validate_unique=False)  # one per session: the database says, below
            with transaction.atomic():  # two first saves at once: the second meets the one-per-session rule
                note.save()
            for row in rows:
                row.group_note = note
                row.full_clean(validate_unique=False)
                row.save()
            record_change(
                actor=actor,
                instance=note,
                before=before,
                object_type="group_note",
                detail={"session": session.pk, "entries_changed": sorted(r.client_id for r in rows)},
            )
    except IntegrityError as exc:
        existing = GroupNote.objects.filter(session=session).select_related("saved_by").first()
        if existing is None:
            raise
        raise _stale(existing) from exc
    return note


def group_note_confirm_similar(*, actor: Actor, note: GroupNote, pairs: list[tuple[int, int]]) -> int:
    """The clinician confirms flagged pairs as accurate; each confirmation is kept with the texts' digest."""
    require_session_runner(actor, note.session)
    if note.is_signed:
        raise NoteLocked("This group note is signed and locked.")
    check = group_note_check(note=note)
    flagged = {(p.first, p.second): p for p in check.unconfirmed}
    entries = {e.client_id: e for e in note.entries.all()}
    wanted = [flagged[pair] for pair in pairs if pair in flagged]
    with transaction.atomic():
        for pair in wanted:
            a, b = entries[pair.first], entries[pair.second]
            confirmation = CloneConfirmation.objects.create(
                group_note=note,
                first_client_id=pair.first,
                second_client_id=pair.second,
                score=round(pair.score, 3),
                digest=digest(a.narrative, b.narrative),
                confirmed_by=actor,
                confirmed_at=timezone.now(),
            )
            record_change(
                actor=actor,
                instance=confirmation,
                before=None,
                object_type="clone_confirmation",
                site_id=note.site_id,
                detail={"group_note": note.pk, "score": float(pair.score)},
            )
    return len(wanted)


def _alert_risk(actor: Actor, note: GroupNote, entry: GroupNoteEntry, client: Client) -> None:
    """Suicide risk is never silent: what the group saw reaches the client's clinician at once."""
    severity = group_picks.ALERTING_RISK.get(entry.risk)
    if severity is None:
        return
    day = local(note.session.site, note.session.starts_at)
    said = group_picks.chart_sections(_picks(entry))["risk_observed"]
    alert_raise(
        actor=actor,
        client=client,
        kind=AlertKind.SUICIDE_RISK if severity == "urgent" else AlertKind.SUICIDAL_IDEATION,
        severity=severity,
        summary=f"Observed in group on {day:%b %-d}: {said}",
    )


def _picks(entry: GroupNoteEntry) -> group_picks.EntryPicks:
    return group_picks.EntryPicks(
        participation_level=entry.participation_level,
        engagement=entry.engagement,
        mood=entry.mood,
        progress_rating=entry.progress_rating,
        risk=entry.risk,
        comment=entry.comment,
        objective=entry.objective.text if entry.objective_id and entry.objective else "",
    )


def _sign_errors(note: GroupNote, check: NoteCheck) -> dict[str, str]:
    errors: dict[str, str] = {
        f: "Write this part of the group note before signing."
        for f in ("topic", "interventions", "group_process")
        if not getattr(note, f).strip()
    }
    if check.unrecorded:
        errors["attendance"] = "Take attendance for every client on the roster first."
    for cid, missing in check.incomplete.items():
        for name in missing:
            errors[entry_key(cid, name)] = REQUIRED_TO_SIGN[name] + "."
    if check.incomplete:
        errors["entries"] = "Complete the row of every client who attended."
    if check.names_in_shared:
        errors["shared"] = (
            "The shared part names a client of this group; every client's chart gets it. Remove the name."
        )
    if check.names_in_entries:
        errors["entries_names"] = "An entry names another client of this group; each entry goes to one chart only."
    if check.unconfirmed:
        errors["similar"] = "Some entries are nearly identical: edit them, or confirm they are accurate."
    return errors


def group_note_sign(
    *, actor: Actor, note: GroupNote, password: str, code: str = "", expected_version: int | None = None
) -> list[Note]:
    """Sign the group note (once) and file one locked note per attending client: the shared part and
    their own row, the picks written out as sentences. ``expected_version``: the draft the signer saw."""
    require_session_runner(actor, note.session)
    if note.is_signed:
        raise NoteLocked("This group note is already signed.")
    check_version(note, expected_version)
    errors = _sign_errors(note, group_note_check(note=note))
    if errors:
        raise ValidationError(errors)
    reauthenticate(user=actor, password=password, code=code)
    session = note.session
    attendance = {
        a.client_id: a for a in Attendance.objects.filter(session=session, status__in=ATTENDED).select_related("client")
    }
    entries = {e.client_id: e for e in note.entries.select_related("objective")}
    now = timezone.now()
    cosign = needs_cosign(actor, note.site_id)
    filed: list[Note] = []
    before = snapshot(note)
    with transaction.atomic():
        updated = (
            GroupNote.objects.filter(pk=note.pk, status=NoteStatus.DRAFT)
            .filter(**({"version": expected_version} if expected_version is not None else {}))
            .update(status=NoteStatus.SIGNED, signed_at=now, signed_by=actor, version=note.version + 1)
        )
        if not updated:
            current = GroupNote.objects.select_related("saved_by").get(pk=note.pk)
            if current.is_signed:
                raise NoteLocked("This group note is already signed.")
            raise _stale(current)
        for client_id, row in attendance.items():
            entry = entries[client_id]
            sections = {f: getattr(note, f) for f in SHARED_FIELDS} | group_picks.chart_sections(_picks(entry))
            filed_note = Note(
                site_id=note.site_id,
                client=row.client,
                author=actor,
                kind=NoteKind.GROUP,
                format="group",
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                service_code=GROUP,
                objective_id=entry.objective_id,
                sections=sections,
                group_note=note,
                participants=len(attendance),
                minutes_attended=row.minutes,
                status=NoteStatus.SIGNED,
                signed_at=now,
                signed_by=actor,
                cosign_required=cosign,
            )
            filed_note.full_clean(validate_unique=False)
            filed_note.save()
            filed.append(filed_note)
            record_create(
                actor=actor,
                instance=filed_note,
                action=Action.SIGN,
                object_type="note",
                detail={"group_note": note.pk},
            )
            _alert_risk(actor, note, entry, row.client)
        record_change(
            actor=actor,
            instance=note,
            before=before,
            after={
                **before,
                "status": NoteStatus.SIGNED,
                "signed_at": now,
                "signed_by": actor.pk,
                "version": note.version + 1,
            },
            action=Action.SIGN,
            object_type="group_note",
            detail={"filed": len(filed)},
        )
    note.status, note.signed_at, note.signed_by, note.version = NoteStatus.SIGNED, now, actor, note.version + 1
    return filed
