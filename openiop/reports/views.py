"""The director's outcomes dashboard and its background exports."""

import datetime as dt
import hashlib
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.models import Site
from openiop.accounts.types import acting_user
from openiop.core.time import site_today
from openiop.program.rendering import render_local
from openiop.reports import charts, selectors, services
from openiop.reports.figures import Table
from openiop.reports.figures.table import as_text_rows, by_key
from openiop.reports.forms import DEFAULT_DAYS, DashboardForm
from openiop.reports.models import RunStatus


def _chart_uris(tables: list[Table]) -> dict[str, str]:
    """The charts as data: URIs, cached by their numbers (drawing five charts takes a while)."""
    key = "reports:charts:" + hashlib.sha256(repr([(t.key, t.rows) for t in tables]).encode()).hexdigest()
    uris: dict[str, str] | None = cache.get(key)
    if uris is None:
        uris = {k: charts.uri(svg) for k, svg in charts.charts_for(dict(by_key(tables))).items()}
        cache.set(key, uris, timeout=3600)
    return uris


def _form(request: HttpRequest, data: Any) -> tuple[DashboardForm, Site]:
    """The bound form: the site, period and filters asked for, the first site and the last 90 days
    when none are given."""
    sites = list(selectors.report_sites(user=request.user))
    chosen = str(data.get("site", ""))
    site = next((s for s in sites if str(s.pk) == chosen), sites[0] if sites else None)
    if site is None:
        raise PermissionDenied("Only a program director sees outcomes.")
    today = site_today(site)
    values = {name: data.get(name) for name in DashboardForm.base_fields if data.get(name)}
    values.setdefault("site", str(site.pk))
    values.setdefault("start", (today - dt.timedelta(days=DEFAULT_DAYS)).isoformat())
    values.setdefault("end", today.isoformat())
    form = DashboardForm(
        values, sites=Site.objects.filter(pk__in=[s.pk for s in sites]), tracks=selectors.track_names(site), today=today
    )
    return form, site


@staff_required(policy.REPORT_ROLES)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, site = _form(request, request.GET)
    context: dict[str, Any] = {"form": form, "site": site, "board": None}
    if form.is_valid():
        data = form.cleaned_data
        site = data["site"]
        board = selectors.dashboard_for(
            user=request.user, site=site, start=data["start"], end=data["end"], filters=form.filters()
        )
        uris = _chart_uris(list(board.tables))
        context.update(
            site=site,
            board=board,
            filters=board.filters.as_dict(),
            sections=[{"table": t, "rows": as_text_rows(t), "chart": uris.get(t.key)} for t in board.tables],
        )
    return render_local(request, site, "reports/dashboard.html", context)


@staff_required(policy.REPORT_ROLES)
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    form, _ = _form(request, request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a site and a valid period before exporting.")
        return redirect("reports:dashboard")
    data = form.cleaned_data
    try:
        run = services.report_run_start(
            actor=acting_user(request),
            site=data["site"],
            format=request.POST.get("format", ""),
            start=data["start"],
            end=data["end"],
            filters=form.filters(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:dashboard")
    return redirect("reports:run", pk=run.pk)


@staff_required(policy.REPORT_ROLES)
@require_GET
def run(request: HttpRequest, pk: int) -> HttpResponse:
    report_run = selectors.run_get_for_user(user=request.user, pk=pk)
    if request.htmx:  # type: ignore[attr-defined]
        if report_run.finished:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render_local(request, report_run.site, "reports/run.html#progress", {"run": report_run})
    size = len(report_run.content or b"")
    return render_local(request, report_run.site, "reports/run.html", {"run": report_run, "size": size})


@staff_required(policy.REPORT_ROLES)
@require_GET
def run_download(request: HttpRequest, pk: int) -> HttpResponse:
    report_run = selectors.run_get_for_user(user=request.user, pk=pk)
    if report_run.status != RunStatus.DONE or report_run.content is None:
        return redirect("reports:run", pk=report_run.pk)
    kind = "text/csv; charset=utf-8" if report_run.format == "csv" else "application/pdf"
    response = HttpResponse(bytes(report_run.content), content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{report_run.filename}"'
    response["Cache-Control"] = "no-store"
    return response
