"""What a group-note draft still needs before it can be signed (the clone guard included), and the
objectives a group can work on. Reads only; the writes are in ``clinical.services.group_notes``."""

import hashlib
from dataclasses import dataclass, field

from openiop.clients.models import Client
from openiop.clinical.models import Attendance, GroupNote, GroupNoteEntry, Objective, ObjectiveStatus
from openiop.clinical.services.common import settings_for_site
from openiop.clinical.services.groups import ATTENDED
from openiop.clinical.similarity import SimilarPair, names_mentioned, similar_pairs

SHARED_FIELDS = ("module", "topic", "interventions", "group_process")
ROW_FIELDS = ("participation_level", "engagement", "mood", "risk", "comment")  # each needed to sign


def open_objectives(client_ids: list[int] | set[int]) -> dict[int, dict[int, Objective]]:
    """Each client's objectives that a group can work on: open, in an active plan (one query)."""
    found: dict[int, dict[int, Objective]] = {}
    for objective in Objective.objects.filter(
        problem__plan__client_id__in=client_ids, problem__plan__status="active", status=ObjectiveStatus.OPEN
    ).select_related("problem__plan"):
        found.setdefault(objective.problem.plan.client_id, {})[objective.pk] = objective
    return found


def _names(clients: list[Client]) -> dict[int, list[str]]:
    return {c.pk: [n for n in (c.legal_first_name, c.legal_last_name, c.preferred_name) if n] for c in clients}


def digest(*texts: str) -> str:
    return hashlib.sha256("\x1e".join(texts).encode()).hexdigest()


@dataclass(frozen=True)
class NoteCheck:
    similar: list[SimilarPair[int]]  # first/second are client ids
    unconfirmed: list[SimilarPair[int]]
    names_in_shared: list[int]  # roster clients named in the shared part
    names_in_entries: dict[int, list[int]]  # entry's client → other roster clients it names
    missing_entries: list[int]  # attending clients whose row is not complete
    unrecorded: list[int]  # roster clients without attendance
    incomplete: dict[int, list[str]] = field(default_factory=dict)  # client → fields still to fill

    @property
    def blocking(self) -> bool:
        return bool(
            self.unconfirmed or self.names_in_shared or self.names_in_entries or self.missing_entries or self.unrecorded
        )


def _missing(entry: GroupNoteEntry | None, has_objectives: bool) -> list[str]:
    if entry is None:
        return [*ROW_FIELDS, *(("objective",) if has_objectives else ())]
    missing = [f for f in ROW_FIELDS if not str(getattr(entry, f)).strip()]
    if entry.objective_id is None and has_objectives:
        missing.append("objective")
    if entry.objective_id is not None and not entry.progress_rating:
        missing.append("progress_rating")
    return missing


def group_note_check(*, note: GroupNote) -> NoteCheck:
    """What stands between the draft and its signature (the clone guard included; constant queries)."""
    roster = list(Client.objects.filter(session_enrollments__session_id=note.session_id))
    names = _names(roster)
    attendance = {a.client_id: a.status for a in Attendance.objects.filter(session_id=note.session_id)}
    attending = [c.pk for c in roster if attendance.get(c.pk) in ATTENDED]
    entries = {e.client_id: e for e in note.entries.all() if e.client_id in attending}
    threshold = float(settings_for_site(note.site_id).clone_threshold)
    narratives = {cid: entries[cid].narrative for cid in attending if cid in entries and entries[cid].narrative}
    similar = similar_pairs(narratives, names={k: names[k] for k in narratives}, threshold=threshold)
    confirmed = {(c.first_client_id, c.second_client_id, c.digest) for c in note.clone_confirmations.all()}
    unconfirmed = [
        p for p in similar if (p.first, p.second, digest(narratives[p.first], narratives[p.second])) not in confirmed
    ]
    shared_text = " ".join(getattr(note, f) for f in SHARED_FIELDS)
    in_entries: dict[int, list[int]] = {}
    for cid, entry in entries.items():
        others = {k: v for k, v in names.items() if k != cid}
        found = names_mentioned(entry.comment, others)
        if found:
            in_entries[cid] = found
    with_objectives = set(open_objectives(attending))
    incomplete = {cid: missing for cid in attending if (missing := _missing(entries.get(cid), cid in with_objectives))}
    return NoteCheck(
        similar=similar,
        unconfirmed=unconfirmed,
        names_in_shared=names_mentioned(shared_text, names),
        names_in_entries=in_entries,
        missing_entries=list(incomplete),
        unrecorded=[c.pk for c in roster if c.pk not in attendance],
        incomplete=incomplete,
    )
