"""Progress notes: write a draft, sign it (re-authenticated, then locked), co-sign, add addenda."""

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change, save_and_record
from openiop.clients.models import Client
from openiop.clinical.models import SECTIONS, Addendum, Note, NoteKind, NoteLocked, NoteStatus, Objective, Supervision
from openiop.clinical.service_codes import CODES, suggest_code
from openiop.clinical.services.common import reauthenticate, require_note_writer, settings_for_site
from openiop.core.concurrency import bump, check_version

WRITABLE_KINDS = frozenset({NoteKind.INDIVIDUAL, NoteKind.FAMILY, NoteKind.CASE_MANAGEMENT})
EDITABLE_FIELDS = frozenset({"starts_at", "ends_at", "sections", "service_code", "objective"})


def needs_cosign(user: Actor, site_id: int) -> bool:
    return Supervision.objects.filter(user=user, site_id=site_id).exists()


def _check_objective(objective: Objective | None, client: Client) -> None:
    if objective is not None and objective.problem.plan.client_id != client.pk:
        raise ValidationError({"objective": "Pick an objective from this client's treatment plan."})


def _check_code(code: str) -> None:
    if code and code not in CODES:
        raise ValidationError({"service_code": f"Choose one of {', '.join(CODES)} or leave it empty."})


def note_create(
    *,
    actor: Actor,
    client: Client,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    sections: dict[str, str] | None = None,
    service_code: str | None = None,
    objective: Objective | None = None,
    individual_session: Any = None,
) -> Note:
    """A draft note in the site's format (DAP, BIRP or SOAP); the code defaults to the suggestion."""
    require_note_writer(actor, client)
    if kind not in WRITABLE_KINDS:
        raise ValidationError({"kind": "Write individual, family or case-management notes here."})
    if starts_at >= ends_at:
        raise ValidationError({"ends_at": "The session must end after it starts."})
    _check_objective(objective, client)
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    code = (suggest_code(kind, minutes) or "") if service_code is None else service_code
    _check_code(code)
    with transaction.atomic():
        note = Note(
            site_id=client.site_id,
            client=client,
            author=actor,
            kind=kind,
            format=settings_for_site(client.site_id).note_format,
            starts_at=starts_at,
            ends_at=ends_at,
            sections=sections or {},
            service_code=code,
            objective=objective,
            individual_session=individual_session,
            cosign_required=needs_cosign(actor, client.site_id),
        )
        save_and_record(actor=actor, instance=note, object_type="note")
    return note


def note_content_sha256(note: Note) -> str:
    """The hash of what a signer sees: times, code, objective and every section, in a fixed form."""
    content = {
        "starts_at": note.starts_at.isoformat(),
        "ends_at": note.ends_at.isoformat(),
        "service_code": note.service_code,
        "objective_id": note.objective_id,
        "sections": {key: str(note.sections.get(key, "")) for key, _ in SECTIONS.get(note.format, [])},
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode("utf-8")).hexdigest()


def _lock(note: Note) -> None:
    """Reload the note locked for this transaction; refuse if someone signed it meanwhile."""
    note.refresh_from_db(from_queryset=Note.objects.select_for_update(no_key=True))
    if note.is_signed:
        raise NoteLocked("This note was signed meanwhile and is locked; add an addendum instead.")


def note_update(*, actor: Actor, note: Note, expected_version: int | None = None, **fields: Any) -> Note:
    """Change the named fields of a draft (only those), from the version the author saw when given."""
    if note.is_signed:
        raise NoteLocked("This note is signed and locked; add an addendum instead.")
    if note.author_id != actor.pk:
        raise PermissionDenied("Only the author may edit a draft note.")
    require_note_writer(actor, note.client)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This field cannot be changed."))
    if "objective" in fields:
        _check_objective(fields["objective"], note.client)
    if "service_code" in fields:
        _check_code(fields["service_code"] or "")
        fields["service_code"] = fields["service_code"] or ""
    with transaction.atomic():
        _lock(note)
        check_version(note, expected_version)
        if "sections" in fields:
            fields["sections"] = {**note.sections, **(fields["sections"] or {})}
        changed = sorted(name for name, value in fields.items() if getattr(note, name) != value)
        if not changed:
            return note
        before = snapshot(note)
        for name in changed:
            setattr(note, name, fields[name])
        if note.starts_at >= note.ends_at:
            raise ValidationError({"ends_at": "The session must end after it starts."})
        note.full_clean()
        note.save(update_fields=bump(note, changed))
        record_change(actor=actor, instance=note, before=before, object_type="note")
    return note


def _require_every_section(note: Note) -> None:
    missing = [label for key, label in SECTIONS[note.format] if not str(note.sections.get(key, "")).strip()]
    if missing:
        raise ValidationError({"sections": f"Write every section before signing: {', '.join(missing)}."})


def note_sign(*, actor: Actor, note: Note, password: str, code: str = "", expected_version: int | None = None) -> Note:
    """Sign a draft: the author re-authenticates; every section must be written; then it is locked.

    One conditional step: the row is re-read locked, so of two signatures at once one signs and
    the other gets ``NoteLocked``; with ``expected_version`` the content signed is the one shown."""
    if note.is_signed:
        raise NoteLocked("This note is already signed.")
    if note.author_id != actor.pk:
        raise PermissionDenied("Only the author may sign a note.")
    require_note_writer(actor, note.client)
    _require_every_section(note)
    if note.kind == NoteKind.FAMILY:  # every attendee still named by a valid consent (clients/services/support.py)
        from openiop.clients.services import family_attendance_check

        family_attendance_check(note)
    reauthenticate(user=actor, password=password, code=code)
    with transaction.atomic():
        _lock(note)
        check_version(note, expected_version)
        _require_every_section(note)
        before = snapshot(note)
        note.status = NoteStatus.SIGNED
        note.signed_at = timezone.now()
        note.signed_by = actor
        note.content_sha256 = note_content_sha256(note)
        note.full_clean()
        note.save(update_fields=bump(note, ["status", "signed_at", "signed_by", "content_sha256"]))
        record_change(
            actor=actor,
            instance=note,
            before=before,
            action=Action.SIGN,
            object_type="note",
            detail={"sha256": note.content_sha256},
        )
    return note


def note_cosign(*, actor: Actor, note: Note, password: str, code: str = "") -> Note:
    """The intern's supervisor co-signs a signed note (the only change a signed note accepts)."""
    if not note.awaiting_cosign:
        raise ValidationError({"note": "This note does not await a co-signature."})
    if not policy.can_cosign_note(actor, note):
        raise PermissionDenied("Only the author's supervisor may co-sign.")
    reauthenticate(user=actor, password=password, code=code)
    with transaction.atomic():
        before = snapshot(note)
        note.cosigned_by = actor
        note.cosigned_at = timezone.now()
        note.save(update_fields=["cosigned_by", "cosigned_at"])
        record_change(
            actor=actor, instance=note, before=before, action=Action.SIGN, object_type="note", detail={"cosign": True}
        )
    return note


def note_addendum_add(*, actor: Actor, note: Note, text: str, password: str, code: str = "") -> Addendum:
    """A correction or addition to a signed note, signed as it is written."""
    if not note.is_signed:
        raise ValidationError({"note": "Edit the draft itself; addenda are for signed notes."})
    require_note_writer(actor, note.client)
    if not text.strip():
        raise ValidationError({"text": "Write the addendum."})
    reauthenticate(user=actor, password=password, code=code)
    with transaction.atomic():
        addendum = Addendum(note=note, author=actor, text=text.strip(), signed_at=timezone.now())
        save_and_record(
            actor=actor,
            instance=addendum,
            action=Action.SIGN,
            object_type="addendum",
            client_id=note.client_id,
            site_id=note.site_id,
            detail={"note": note.pk},
        )
    return addendum
