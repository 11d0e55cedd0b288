from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.clinical.forms import ATTENDANCE_PREFIX, AttendanceFormSet
from openiop.clinical.models import AbsenceReason, AttendanceStatus, GroupNote, NoteLocked
from openiop.clinical.selectors import groups as group_selectors
from openiop.clinical.services import groups as group_services
from openiop.clinical.views.common import WRITE_ROLES
from openiop.core.time import site_time
from openiop.program.models import GroupSession


def runnable_session(request: HttpRequest, pk: int) -> GroupSession:
    """The session (404 when not visible), if the user may run it (its facilitators, the director)."""
    session = group_selectors.session_get_for_user(user=request.user, pk=pk)
    if not policy.can_run_session(request.user, session, facilitator_ids={f.pk for f in session.facilitators.all()}):
        raise PermissionDenied("Only the session's facilitators or the site's director may do this.")
    return session


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return -1


def _posted_rows(formset: Any) -> dict[int, dict[str, Any]]:
    """What each posted row said, by client id (raw values, to show them again after an error)."""
    rows: dict[int, dict[str, Any]] = {}
    for form in formset.forms:
        cid = _int(form.data.get(form.add_prefix("client")))
        if cid is not None and cid > 0:
            rows[cid] = {f: form.data.get(form.add_prefix(f), "") for f in ("status", "minutes", "absence_reason")}
    return rows


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """One table, one row per client (a formset): status radios (present by default), minutes, absence reason."""
    session = runnable_session(request, pk)
    note = GroupNote.objects.filter(session=session).first()
    errors: dict[str, list[str]] = {}
    posted: dict[int, dict[str, Any]] = {}
    if request.method == "POST":
        rows = group_selectors.roster(user=request.user, session=session)
        formset = AttendanceFormSet(request.POST, prefix=ATTENDANCE_PREFIX)
        posted = _posted_rows(formset) if formset.is_bound and formset.management_form.is_valid() else {}
        if not formset.is_valid():
            for form in formset.forms:
                cid = _int(form.data.get(form.add_prefix("client")))
                if form.errors:
                    errors[f"client-{cid}"] = [str(m) for messages_ in form.errors.values() for m in messages_]
            errors["__all__"] = [str(m) for m in formset.non_form_errors()]
        elif sorted(form.cleaned_data["client"] for form in formset.forms) != sorted(r.client.pk for r in rows):
            errors["__all__"] = ["The roster changed while you were marking it; check the rows and save again."]
        else:
            marks = [
                group_services.Mark(
                    client_id=form.cleaned_data["client"],
                    status=form.cleaned_data["status"],
                    minutes=form.cleaned_data["minutes"],
                    absence_reason=form.cleaned_data["absence_reason"],
                )
                for form in formset.forms
            ]
            try:
                group_services.attendance_record(actor=acting_user(request), session=session, marks=marks)
            except ValidationError as exc:
                errors = exc.message_dict
            except NoteLocked as exc:
                messages.error(request, str(exc))
                return redirect("clinical:group_note", pk=session.pk)
            else:
                messages.success(request, f"Attendance saved for {len(marks)} clients.")
                return redirect("clinical:group_note", pk=session.pk)
    rows = group_selectors.roster(user=request.user, session=session, note=note)
    initial = []
    for row in rows:
        said = posted.get(row.client.pk, {})
        saved = row.attendance
        initial.append(
            {
                "client": row.client.pk,
                "status": said.get("status") or (saved.status if saved else "present"),
                "minutes": said.get("minutes") or (saved.minutes if saved and saved.minutes else session.minutes),
                "absence_reason": said.get("absence_reason") or (saved.absence_reason if saved else ""),
            }
        )
    formset = AttendanceFormSet(initial=initial, prefix=ATTENDANCE_PREFIX)
    table = [
        {"row": row, "form": form, "errors": errors.get(f"client-{row.client.pk}", [])}
        for row, form in zip(rows, formset.forms, strict=True)
    ]
    with site_time(session.site):
        return render(
            request,
            "clinical/attendance.html",
            {
                "session": session,
                "formset": formset,
                "table": table,
                "statuses": AttendanceStatus.choices,
                "reasons": AbsenceReason.choices,
                "locked": bool(note and note.is_signed),
                "errors": errors,
                "general_errors": errors.get("__all__", []),
                "candidates": group_selectors.dropin_candidates(user=request.user, session=session)[:200],
            },
            status=422 if errors else 200,
        )


@staff_required(WRITE_ROLES)
@require_POST
def session_dropin(request: HttpRequest, pk: int) -> HttpResponse:
    session = runnable_session(request, pk)
    client_id = _int(request.POST.get("client"))
    client = (
        group_selectors.dropin_candidates(user=request.user, session=session).filter(pk=client_id).first()
        if client_id
        else None
    )
    if client is None:
        messages.error(request, "Choose a client to add as a drop-in.")
    else:
        try:
            group_services.dropin_add(actor=acting_user(request), session=session, client=client)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{client.display_name} added as a drop-in.")
    return redirect("clinical:session_attendance", pk=session.pk)
