"""The group note page: a keyboard-first grid (a formset, one row per attending client, the shared
part once), saved as you type (HTMX autosave), checked by the clone guard, signed once."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.clients.models import Client
from openiop.clinical import group_picks
from openiop.clinical.forms import (
    GROUP_ENTRY_PREFIX,
    GroupEntryFormSet,
    GroupNoteSharedForm,
    SignForm,
)
from openiop.clinical.models import GroupNote, NoteLocked
from openiop.clinical.selectors import groups as group_selectors
from openiop.clinical.services import group_notes as services
from openiop.clinical.views.common import WRITE_ROLES
from openiop.clinical.views.groups import runnable_session
from openiop.core.concurrency import Conflict, StaleVersion, new_form_token, stale_message
from openiop.core.time import aware, local, site_time
from openiop.program.models import GroupSession

PICK_LISTS = {
    "participation_level": ("Participation", group_picks.PARTICIPATION),
    "engagement": ("Engagement", group_picks.ENGAGEMENT),
    "mood": ("Mood and affect", group_picks.MOOD),
    "progress_rating": ("Progress", group_picks.PROGRESS),
    "risk": ("Risk observed", group_picks.RISK),
}
LABELS = {
    **{name: label for name, (label, _) in PICK_LISTS.items()},
    "objective": "Objective",
    "comment": "Line",
    "module": "Module",
    "topic": "Topic",
    "interventions": "Interventions used",
    "group_process": "Summary",
}


@dataclass
class Grid:
    """The page's forms: the shared part, one row per attending client, the sign form."""

    session: GroupSession
    note: GroupNote | None
    rows: list[group_selectors.RosterRow]
    shared: GroupNoteSharedForm
    entries: Any  # GroupEntryFormSet
    sign: SignForm
    general: list[str] = field(default_factory=list)

    @property
    def attending(self) -> list[group_selectors.RosterRow]:
        return [r for r in self.rows if r.attended]


def _initial(session: GroupSession, note: GroupNote | None, rows: list[group_selectors.RosterRow]) -> Any:
    shared = {f: getattr(note, f) for f in services.SHARED_FIELDS} if note else {}
    if note is None:
        shared["module"] = session.module.name if session.module else ""
    shared["version"] = note.version if note else 0
    shared["editor"] = new_form_token()[:32]
    entries = []
    for row in rows:
        if not row.attended:
            continue
        entry = row.entry
        values: dict[str, Any] = {f: getattr(entry, f) for f in services.ENTRY_FIELDS} if entry else {}
        # The client's own plan decides when there is only one objective to work on.
        only = row.objectives[0].pk if len(row.objectives) == 1 else None
        values["objective"] = (entry.objective_id if entry else None) or only
        entries.append({"client": row.client.pk, **values})
    return shared, entries


def _grid(
    request: HttpRequest, session: GroupSession, note: GroupNote | None, *, bound: bool, roster: bool = True
) -> Grid:
    """The page's forms. ``roster=False`` (autosave) skips the roster, an audited read whose names the
    answer does not show; the objectives a row may choose are then read on their own."""
    if roster:
        rows = group_selectors.roster(user=request.user, session=session, note=note)
        objectives = {r.client.pk: {o.pk for o in r.objectives} for r in rows}
    else:
        rows = []
        enrolled = list(session.enrollments.values_list("client_id", flat=True))
        objectives = {cid: set(found) for cid, found in services.open_objectives(enrolled).items()}
    data = request.POST if bound else None
    shared_initial, entries_initial = _initial(session, note, rows)
    return Grid(
        session=session,
        note=note,
        rows=rows,
        shared=GroupNoteSharedForm(data, initial=shared_initial),
        entries=GroupEntryFormSet(
            data,
            initial=None if bound else entries_initial,
            prefix=GROUP_ENTRY_PREFIX,
            form_kwargs={"objectives": objectives},
        ),
        sign=SignForm(data),
    )


def _valid(grid: Grid) -> bool:
    shared_ok = grid.shared.is_valid()
    entries_ok = grid.entries.is_valid()
    grid.sign.is_valid()
    if not entries_ok:
        grid.general += [str(m) for m in grid.entries.non_form_errors()]
    return shared_ok and entries_ok


def _save(request: HttpRequest, grid: Grid) -> GroupNote:
    entries = {
        form.cleaned_data["client"]: {f: form.cleaned_data.get(f) for f in (*services.ENTRY_FIELDS, "objective")}
        for form in grid.entries.forms
    }
    return services.group_note_save(
        actor=acting_user(request),
        session=grid.session,
        shared={f: grid.shared.cleaned_data[f] for f in services.SHARED_FIELDS},
        entries=entries,
        expected_version=grid.shared.cleaned_data["version"],
        editor=grid.shared.cleaned_data["editor"],
    )


def _client_of(form: Any) -> int | None:
    raw = str(form["client"].value() or "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _put_errors(grid: Grid, exc: ValidationError) -> None:
    """A service's errors on the field they are about: ``mood-12`` on client 12's row."""
    forms_by_client = {_client_of(form): form for form in grid.entries.forms}
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for key, messages_ in errors.items():
        name, _, client = key.rpartition("-")
        form = forms_by_client.get(int(client)) if client.isdigit() else None
        if form is not None and name in form.fields:
            form.add_error(name, messages_)
        elif key in grid.shared.fields:
            grid.shared.add_error(key, messages_)
        elif key in ("password", "code"):
            grid.sign.add_error(key, messages_)
        else:
            grid.general += messages_


def _error_list(grid: Grid) -> list[tuple[str, str]]:
    """(field id, message) for every error of the page, for the summary that links to the fields."""
    names = {r.client.pk: r.client.display_name for r in grid.rows}
    found = [(f"id_{name}", f"{LABELS.get(name, name)}: {m}") for name, ms in grid.shared.errors.items() for m in ms]
    for form in grid.entries.forms:
        client = _client_of(form)
        who = names.get(client, "?") if client is not None else "?"
        for name, ms in form.errors.items():
            found += [(f"{name}-{client}", f"{LABELS.get(name, name)} for {who}: {m}") for m in ms]
    found += [(f"id_{name}", str(m)) for name, ms in grid.sign.errors.items() for m in ms]
    return found + [("", m) for m in grid.general]


def _mine(grid: Grid, current: GroupNote) -> list[tuple[str, str]]:
    """What this writer typed that the stored version does not say (shown beside their version)."""
    theirs = {e.client_id: e for e in current.entries.all()}
    names = {r.client.pk: r.client.display_name for r in grid.rows}
    mine = [
        (LABELS[f], str(grid.shared.cleaned_data[f]))
        for f in services.SHARED_FIELDS
        if grid.shared.cleaned_data[f] != getattr(current, f)
    ]
    for form in grid.entries.forms:
        client = form.cleaned_data["client"]
        typed = form.cleaned_data.get("comment") or ""
        if typed and typed != getattr(theirs.get(client), "comment", ""):
            mine.append((f"Line for {names.get(client, '?')}", typed))
    return mine


def _cells(row: group_selectors.RosterRow, form: Any) -> list[dict[str, Any]]:
    """The row's pick lists in tab order; objective and progress only for clients with plan objectives."""
    cells = []
    for name in ("participation_level", "engagement", "mood", "objective", "progress_rating", "risk"):
        if name in ("objective", "progress_rating") and not row.objectives:
            continue
        if name == "objective":
            options = [(str(o.pk), o.text) for o in row.objectives]
        else:
            options = [(value, offered) for value, offered, _ in PICK_LISTS[name][1]]
        bound = form[name]
        value = bound.value()
        cells.append(
            {
                "name": name,
                "label": LABELS[name],
                "html_name": bound.html_name,
                "value": "" if value is None else str(value),
                "options": options,
                "errors": bound.errors,
            }
        )
    return cells


def _render(request: HttpRequest, grid: Grid, *, status: int = 200, template: str = "", **extra: Any) -> HttpResponse:
    note = grid.note
    check = services.group_note_check(note=note) if note is not None and not note.is_signed else None
    names = {r.client.pk: r.client.display_name for r in grid.rows}
    flagged: dict[int, list[str]] = {}
    for pair in check.similar if check else []:
        flagged.setdefault(pair.first, []).append(names.get(pair.second, ""))
        flagged.setdefault(pair.second, []).append(names.get(pair.first, ""))
    forms = {_client_of(form): form for form in grid.entries.forms}
    if set(forms) != {r.client.pk for r in grid.attending} and not grid.general:
        grid.general.append("The attendance changed while you were writing: reload the page.")
    table = [
        {"row": row, "form": form, "cells": _cells(row, form), "similar_to": flagged.get(row.client.pk, [])}
        for row in grid.attending
        if (form := forms.get(row.client.pk)) is not None
    ]
    with site_time(grid.session.site):
        return render(
            request,
            template or "clinical/group_note.html",
            {
                "session": grid.session,
                "note": note,
                "grid": grid,
                "table": table,
                "picks": PICK_LISTS,
                "check": check,
                "names": names,
                "errors": _error_list(grid),
                "unmarked": [r for r in grid.rows if r.attendance is None],
                "makeups": _makeups(grid.session, grid.rows) if not template else [],
                **extra,
            },
            status=status,
        )


def _refused_as_stale(request: HttpRequest, grid: Grid, exc: StaleVersion, template: str = "") -> HttpResponse:
    """Their version in the fields, this writer's words beside it: nothing is overwritten or lost."""
    current = GroupNote.objects.filter(session=grid.session).select_related("signed_by").first()
    mine = _mine(grid, current) if current is not None else []
    with site_time(grid.session.site):
        stale = stale_message(exc)
    fresh = _grid(request, grid.session, current, bound=False)
    return _render(request, fresh, status=412, template=template, stale=stale, mine=mine)


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def group_note(request: HttpRequest, pk: int) -> HttpResponse:
    """GET the grid; POST saves the whole draft ("save"), confirms flagged pairs ("confirm") or signs ("sign")."""
    session = runnable_session(request, pk)
    note = GroupNote.objects.filter(session=session).select_related("signed_by").first()
    if request.method == "GET":
        return _render(request, _grid(request, session, note, bound=False))
    if note is not None and note.is_signed:
        messages.info(request, "This group note is signed and locked.")
        return redirect("clinical:group_note", pk=session.pk)
    grid = _grid(request, session, note, bound=True)
    if not _valid(grid):
        return _render(request, grid, status=422)
    action = request.POST.get("action", "save")
    try:
        grid.note = _save(request, grid)
        if action == "confirm":
            count = services.group_note_confirm_similar(
                actor=acting_user(request), note=grid.note, pairs=_pairs(request.POST.getlist("confirm"))
            )
            messages.success(request, f"{count} similar pair{'s' if count != 1 else ''} confirmed as accurate.")
        elif action == "sign":
            filed = services.group_note_sign(
                actor=acting_user(request),
                note=grid.note,
                password=grid.sign.cleaned_data.get("password", ""),
                code=grid.sign.cleaned_data.get("code", ""),
                expected_version=grid.note.version,
            )
            messages.success(
                request, f"Group note signed: {len(filed)} progress notes filed, one per attending client."
            )
        else:
            messages.success(request, "Draft saved.")
    except ValidationError as exc:
        _put_errors(grid, exc)
        return _render(request, grid, status=422)
    except StaleVersion as exc:
        return _refused_as_stale(request, grid, exc)
    except (NoteLocked, Conflict) as exc:
        messages.error(request, str(exc))
    return redirect("clinical:group_note", pk=session.pk)


@staff_required(WRITE_ROLES)
@require_POST
def group_note_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft as it is typed (HTMX): 200 with the new version, 422 with the field errors, 412
    with the other person's version when the draft changed since this page was drawn."""
    session = runnable_session(request, pk)
    note = GroupNote.objects.filter(session=session).first()
    if note is not None and note.is_signed:
        return HttpResponse("This group note is signed and locked.", status=409, content_type="text/plain")
    grid = _grid(request, session, note, bound=True, roster=False)
    template = "clinical/group_note.html#autosave"
    if not _valid(grid):
        grid.rows = group_selectors.roster(user=request.user, session=session, note=note)  # names for the errors
        return _render(request, grid, status=422, template=template)
    try:
        grid.note = _save(request, grid)
    except ValidationError as exc:
        _put_errors(grid, exc)
        grid.rows = group_selectors.roster(user=request.user, session=session, note=note)
        return _render(request, grid, status=422, template=template)
    except StaleVersion as exc:
        response = _refused_as_stale(request, grid, exc, template="clinical/group_note.html#grid")
        response["HX-Retarget"], response["HX-Reswap"] = "#grid", "outerHTML"
        return response
    except Conflict as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain")
    with site_time(session.site):
        return render(request, template, {"note": grid.note, "saved_at": timezone.now(), "errors": []})


def _pairs(values: list[str]) -> list[tuple[int, int]]:
    pairs = []
    for value in values:
        first, _, second = value.partition("-")
        if first.isdigit() and second.isdigit() and len(value) < 24:
            pairs.append((int(first), int(second)))
    return pairs


def _makeups(
    session: GroupSession, rows: list[group_selectors.RosterRow]
) -> list[tuple[Client, list[group_selectors.MakeUp]]]:
    """For clients who missed this session: later sessions of the week that fit their availability."""
    absent = [r.client for r in rows if r.attendance is not None and r.attendance.status in ("absent", "excused")]
    if not absent:
        return []
    day = local(session.site, session.starts_at).date()
    until = aware(session.site, day + dt.timedelta(days=7 - day.weekday()), dt.time())
    found = group_selectors.makeup_suggestions(clients=absent, session=session, until=until)
    return [(client, found.get(client.pk, [])) for client in absent]
