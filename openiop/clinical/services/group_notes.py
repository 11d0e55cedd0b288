"""The group note: one shared part, an entry per attending client, the clone guard and signing.

Signing files one locked ``Note`` per attending client (the shared part and their own entry).
Attendance lives in ``openiop.clinical.services.groups``.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change, record_create
from openiop.clients.models import Client
from openiop.clinical.models import (
    Attendance,
    CloneConfirmation,
    GroupNote,
    GroupNoteEntry,
    Note,
    NoteKind,
    NoteLocked,
    NoteStatus,
    Objective,
)
from openiop.clinical.service_codes import GROUP
from openiop.clinical.services.common import reauthenticate, settings_for_site
from openiop.clinical.services.groups import ATTENDED, require_session_runner
from openiop.clinical.services.notes import needs_cosign
from openiop.clinical.similarity import SimilarPair, names_mentioned, similar_pairs
from openiop.program.models import GroupSession

SHARED_FIELDS = ("module", "topic", "interventions", "group_process")
ENTRY_FIELDS = ("participation", "response", "progress", "mood_affect", "risk_observed")


def group_note_save(
    *,
    actor: Actor,
    session: GroupSession,
    shared: dict[str, str],
    entries: dict[int, dict[str, Any]],
) -> GroupNote:
    """Create or update the draft: the shared part once, and an entry per attending client."""
    require_session_runner(actor, session)
    note = GroupNote.objects.filter(session=session).first()
    if note is not None and note.is_signed:
        raise NoteLocked("This group note is signed and locked.")
    attending = set(Attendance.objects.filter(session=session, status__in=ATTENDED).values_list("client_id", flat=True))
    unknown = set(entries) - attending
    if unknown:
        raise ValidationError({"entries": "Entries are written only for clients who attended."})
    objective_ids = {int(e["objective"]) for e in entries.values() if e.get("objective")}
    objectives = {o.pk: o for o in Objective.objects.filter(pk__in=objective_ids).select_related("problem__plan")}
    for client_id, values in entries.items():
        objective_id = values.get("objective")
        if objective_id and (
            int(objective_id) not in objectives or objectives[int(objective_id)].problem.plan.client_id != client_id
        ):
            raise ValidationError({f"objective-{client_id}": "Pick an objective from this client's plan."})
    with transaction.atomic():
        before = snapshot(note) if note is not None else None
        if note is None:
            note = GroupNote(session=session, site_id=session.site_id, author=actor)
            if session.module_id:
                note.module = session.module.name if session.module else ""
        for field in SHARED_FIELDS:
            if field in shared:
                setattr(note, field, (shared[field] or "").strip())
        note.full_clean()
        note.save()
        current = {e.client_id: e for e in GroupNoteEntry.objects.filter(group_note=note)}
        for client_id, data in entries.items():
            row = current.get(client_id) or GroupNoteEntry(group_note=note, client_id=client_id)
            for field in ENTRY_FIELDS:
                if field in data:
                    setattr(row, field, (data[field] or "").strip())
            if "objective" in data:
                row.objective_id = int(data["objective"]) if data["objective"] else None
            row.full_clean(validate_unique=False)
            row.save()
        record_change(
            actor=actor, instance=note, before=before, object_type="group_note", detail={"session": session.pk}
        )
    return note


def _names(clients: list[Client]) -> dict[int, list[str]]:
    return {c.pk: [n for n in (c.legal_first_name, c.legal_last_name, c.preferred_name) if n] for c in clients}


def _digest(*texts: str) -> str:
    return hashlib.sha256("\x1e".join(texts).encode()).hexdigest()


@dataclass(frozen=True)
class NoteCheck:
    similar: list[SimilarPair[int]]  # first/second are client ids
    unconfirmed: list[SimilarPair[int]]
    names_in_shared: list[int]  # roster clients named in the shared part
    names_in_entries: dict[int, list[int]]  # entry's client → other roster clients it names
    missing_entries: list[int]  # attending clients without a participation entry
    unrecorded: list[int]  # roster clients without attendance

    @property
    def blocking(self) -> bool:
        return bool(
            self.unconfirmed or self.names_in_shared or self.names_in_entries or self.missing_entries or self.unrecorded
        )


def group_note_check(*, note: GroupNote) -> NoteCheck:
    """What stands between the draft and its signature (the clone guard included)."""
    roster = list(Client.objects.filter(session_enrollments__session_id=note.session_id))
    names = _names(roster)
    attendance = {a.client_id: a.status for a in Attendance.objects.filter(session_id=note.session_id)}
    attending = [c.pk for c in roster if attendance.get(c.pk) in ATTENDED]
    entries = {e.client_id: e for e in note.entries.all() if e.client_id in attending}
    threshold = float(settings_for_site(note.site_id).clone_threshold)
    narratives = {cid: entries[cid].narrative for cid in attending if cid in entries}
    similar = similar_pairs(narratives, names={k: names[k] for k in narratives}, threshold=threshold)
    confirmed = {(c.first_client_id, c.second_client_id, c.digest) for c in note.clone_confirmations.all()}
    unconfirmed = [
        p for p in similar if (p.first, p.second, _digest(narratives[p.first], narratives[p.second])) not in confirmed
    ]
    shared_text = " ".join(getattr(note, f) for f in SHARED_FIELDS)
    in_entries: dict[int, list[int]] = {}
    for cid, entry in entries.items():
        others = {k: v for k, v in names.items() if k != cid}
        text = " ".join(str(getattr(entry, f)) for f in ENTRY_FIELDS)
        found = names_mentioned(text, others)
        if found:
            in_entries[cid] = found
    return NoteCheck(
        similar=similar,
        unconfirmed=unconfirmed,
        names_in_shared=names_mentioned(shared_text, names),
        names_in_entries=in_entries,
        missing_entries=[cid for cid in attending if cid not in entries or not entries[cid].participation.strip()],
        unrecorded=[c.pk for c in roster if c.pk not in attendance],
    )


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
                digest=_digest(a.narrative, b.narrative),
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


def group_note_sign(*, actor: Actor, note: GroupNote, password: str, code: str = "") -> list[Note]:
    """Sign the group note and file one locked note per attending client: the shared part and their entry only."""
    require_session_runner(actor, note.session)
    if note.is_signed:
        raise NoteLocked("This group note is already signed.")
    missing_shared = [f for f in ("topic", "interventions", "group_process") if not getattr(note, f).strip()]
    if missing_shared:
        raise ValidationError(dict.fromkeys(missing_shared, "Write this part of the group note before signing."))
    check = group_note_check(note=note)
    errors: dict[str, str] = {}
    if check.unrecorded:
        errors["attendance"] = "Take attendance for every client on the roster first."
    if check.missing_entries:
        errors["entries"] = "Write the participation of every client who attended."
    if check.names_in_shared:
        errors["shared"] = (
            "The shared part names a client of this group; every client's chart gets it. Remove the name."
        )
    if check.names_in_entries:
        errors["entries_names"] = "An entry names another client of this group; each entry goes to one chart only."
    if check.unconfirmed:
        errors["similar"] = "Some entries are nearly identical: edit them, or confirm they are accurate."
    if errors:
        raise ValidationError(errors)
    reauthenticate(user=actor, password=password, code=code)
    session = note.session
    attendance = {
        a.client_id: a for a in Attendance.objects.filter(session=session, status__in=ATTENDED).select_related("client")
    }
    entries = {e.client_id: e for e in note.entries.all()}
    now = timezone.now()
    cosign = needs_cosign(actor, note.site_id)
    filed: list[Note] = []
    before = snapshot(note)
    with transaction.atomic():
        updated = GroupNote.objects.filter(pk=note.pk, status=NoteStatus.DRAFT).update(
            status=NoteStatus.SIGNED, signed_at=now, signed_by=actor
        )
        if not updated:
            raise NoteLocked("This group note is already signed.")
        for client_id, row in attendance.items():
            entry = entries[client_id]
            sections = {f: getattr(note, f) for f in SHARED_FIELDS} | {f: getattr(entry, f) for f in ENTRY_FIELDS}
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
        record_change(
            actor=actor,
            instance=note,
            before=before,
            after={**before, "status": NoteStatus.SIGNED, "signed_at": now, "signed_by": actor.pk},
            action=Action.SIGN,
            object_type="group_note",
            detail={"filed": len(filed)},
        )
    note.status, note.signed_at, note.signed_by = NoteStatus.SIGNED, now, actor
    return filed
