"""Planning pages: the week, starting a run, the run's board, moves and accepting."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.core.time import parse_week
from openiop.program import selectors as program_selectors
from openiop.program.rendering import render_local
from openiop.program.selectors import READ_ROLES, WRITE_ROLES
from openiop.scheduling import selectors, services
from openiop.scheduling.forms import (
    MoveForm,
    PlanWeekForm,
)
from openiop.scheduling.models import PlanRun, PlanStatus


def _site(request: HttpRequest) -> Any:
    return program_selectors.site_for_user(user=request.user, pk=request.GET.get("site") or request.POST.get("site"))


@staff_required(READ_ROLES)
def week(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    monday = parse_week(request.GET.get("week"), site)
    director = policy.directs_site(request.user, site.pk)
    form = PlanWeekForm(initial={"week": monday, "time_limit_s": 10}) if director else None
    return render_local(
        request,
        site,
        "scheduling/week.html",
        {
            "site": site,
            "sites": program_selectors.program_sites(request.user),
            "monday": monday,
            "runs": selectors.plan_runs_for_week(site=site, week_start=monday),
            "accepted": selectors.accepted_run(site=site, week_start=monday),
            "form": form,
            "director": director,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
        },
    )


@staff_required(WRITE_ROLES)
@require_POST
def plan(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    if not policy.directs_site(request.user, site.pk):
        raise PermissionDenied("Only the program director of this site may plan its weeks.")
    form = PlanWeekForm(request.POST)
    if form.is_valid():
        try:
            run = services.plan_run_start(
                actor=acting_user(request),
                site=site,
                week_start=form.cleaned_data["week"],
                time_limit_s=float(form.cleaned_data["time_limit_s"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("scheduling:run", pk=run.pk)
    return render(
        request,
        "scheduling/week.html",
        {
            "site": site,
            "sites": program_selectors.program_sites(request.user),
            "monday": parse_week(request.POST.get("week"), site),
            "runs": [],
            "accepted": None,
            "form": form,
            "director": True,
        },
        status=422,
    )


def _progress(run: PlanRun) -> int:
    """The stored progress, advanced by the clock while the solver works (it reports no progress)."""
    if run.status != PlanStatus.RUNNING or run.progress != 20 or run.updated_at is None:
        return run.progress
    elapsed = (timezone.now() - run.updated_at).total_seconds()
    return min(89, 20 + int(70 * elapsed / max(run.time_limit_s, 1)))


def _session_choices(board: Any) -> list[tuple[int, str]]:
    return [
        (
            item.session.pk,
            f"{item.start:%a %H:%M}–{item.end:%H:%M} {item.session.track.name} "
            f"({item.placed} of {item.session.capacity})",
        )
        for item in board.sessions
        if not item.session.is_cancelled
    ]


def _board_page(
    request: HttpRequest,
    run: PlanRun,
    *,
    move_form: MoveForm | None = None,
    refused: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    board = selectors.plan_board(user=request.user, run=run, by=request.GET.get("by", "track"))
    adjustable = (
        policy.directs_site(request.user, run.site_id)
        and run.accepted_at is None
        and run.status == PlanStatus.DONE
        and run.solver_status != "infeasible"
    )
    if adjustable and move_form is None:
        move_form = MoveForm(clients=[(c.client.pk, c.name) for c in board.clients], sessions=_session_choices(board))
    return render_local(
        request,
        run.site,
        "scheduling/run.html",
        {
            "run": run,
            "board": board,
            "move_form": move_form if adjustable else None,
            "refused": refused or [],
            "adjustable": adjustable,
            # The notes name clients; only the director sees every client of the site.
            "is_director": policy.directs_site(request.user, run.site_id),
        },
        status=status,
    )


@staff_required(READ_ROLES)
def run(request: HttpRequest, pk: int) -> HttpResponse:
    plan_run = selectors.run_get_for_user(user=request.user, pk=pk)
    if services.plan_run_recover(run=plan_run):  # its worker died: the page shows the outcome
        plan_run.refresh_from_db()
    if request.htmx:  # type: ignore[attr-defined]
        if plan_run.finished:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render_local(
            request, plan_run.site, "scheduling/run.html#progress", {"run": plan_run, "progress": _progress(plan_run)}
        )
    if not plan_run.finished or plan_run.status == PlanStatus.FAILED:
        return render_local(
            request, plan_run.site, "scheduling/run.html", {"run": plan_run, "progress": _progress(plan_run)}
        )
    return _board_page(request, plan_run)


def _run_for_director(request: HttpRequest, pk: int) -> PlanRun:
    plan_run = selectors.run_get_for_user(user=request.user, pk=pk)
    if not policy.directs_site(request.user, plan_run.site_id):
        raise PermissionDenied("Only the program director of this site may change its plans.")
    return plan_run


@staff_required(WRITE_ROLES)
@require_POST
def run_move(request: HttpRequest, pk: int) -> HttpResponse:
    plan_run = _run_for_director(request, pk)
    if plan_run.status != PlanStatus.DONE:
        raise Http404("This plan has not finished")
    board = selectors.plan_board(user=request.user, run=plan_run)
    form = MoveForm(
        request.POST, clients=[(c.client.pk, c.name) for c in board.clients], sessions=_session_choices(board)
    )
    checking = bool(request.POST.get("check"))
    if not form.is_valid():
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "scheduling/run.html#move_check", {"checked": False, "incomplete": True})
        return _board_page(request, plan_run, move_form=form, status=422)
    line = next(c for c in board.clients if c.client.pk == form.cleaned_data["client"])
    by_pk = {item.session.pk: item.session for item in board.sessions}
    remove, add = by_pk.get(form.cleaned_data["remove"] or 0), by_pk.get(form.cleaned_data["add"] or 0)
    if checking:
        reasons = services.plan_move_check(run=plan_run, client=line.client, remove=remove, add=add)
        return render(
            request, "scheduling/run.html#move_check", {"checked": True, "reasons": reasons, "name": line.name}
        )
    try:
        services.plan_move(actor=acting_user(request), run=plan_run, client=line.client, remove=remove, add=add)
    except ValidationError as exc:
        return _board_page(request, plan_run, move_form=form, refused=exc.messages, status=422)
    messages.success(request, f"Moved {line.name} by hand; every hard rule still holds.")
    return redirect(f"{reverse('scheduling:run', args=[plan_run.pk])}#clients")


@staff_required(WRITE_ROLES)
@require_POST
def run_accept(request: HttpRequest, pk: int) -> HttpResponse:
    plan_run = _run_for_director(request, pk)
    try:
        counts = services.plan_accept(actor=acting_user(request), run=plan_run)
    except ValidationError as exc:
        messages.error(request, "Not accepted: " + " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Plan accepted: {counts['added']} placements added to rosters, {counts['removed']} removed, "
            f"{counts['individual']} individual sessions booked.",
        )
    return redirect("scheduling:run", pk=plan_run.pk)
