"""Writes of the reports app: export runs (queued, made in the background, audited as exports)."""

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.models import Action
from openiop.audit.services import record_read, save_and_record
from openiop.reports import exports
from openiop.reports.figures import SUPPRESS_BELOW, Filters
from openiop.reports.models import ExportFormat, ReportRun, RunStatus

logger = logging.getLogger(__name__)
MAX_PERIOD_DAYS = 3 * 366


def period_problem(start: dt.date, end: dt.date) -> str | None:
    if end < start:
        return "The period ends before it starts."
    if (end - start).days > MAX_PERIOD_DAYS:
        return "The period is at most three years."
    return None


def report_run_start(
    *, actor: Actor, site: Site, format: str, start: dt.date, end: dt.date, filters: Filters
) -> ReportRun:
    """Queue an export of the dashboard; with the immediate backend it has finished on return."""
    if not policy.can_see_reports(actor, site.pk):
        raise PermissionDenied("Only the program director of this site sees its outcomes.")
    problem = period_problem(start, end)
    if problem:
        raise ValidationError({"end": problem})
    if format not in ExportFormat.values:
        raise ValidationError({"format": "Choose CSV or PDF."})
    run = ReportRun(
        site=site,
        requested_by=actor,
        format=format,
        params={"start": start.isoformat(), "end": end.isoformat(), "filters": filters.as_dict()},
        step="Waiting for a worker to start",
    )
    with transaction.atomic():
        save_and_record(actor=actor, instance=run, object_type="reportrun", site_id=site.pk, client_id=None)
    from openiop.reports.tasks import export_report

    export_report.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _progress(run: ReportRun, progress: int, step: str, **fields: Any) -> None:
    for name, value in {"progress": progress, "step": step, **fields}.items():
        setattr(run, name, value)
    run.save(update_fields=["progress", "step", *fields, "updated_at"])


def report_run_execute(*, run_id: int) -> str:
    """Make the file of a queued run (the task's body); returns the run's status."""
    from openiop.reports.selectors import dashboard_build

    run = ReportRun.objects.select_related("site", "requested_by").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return str(run.status)
    _progress(run, 5, "Reading the records", status=RunStatus.RUNNING)
    try:
        params = run.params
        filters = Filters(**{k: str(v) for k, v in params.get("filters", {}).items() if k in vars(Filters())})
        board = dashboard_build(
            site=run.site,
            start=dt.date.fromisoformat(params["start"]),
            end=dt.date.fromisoformat(params["end"]),
            filters=filters,
        )
        _progress(run, 60, "Writing the file")
        content = (
            exports.csv_bytes(board, run.site) if run.format == ExportFormat.CSV else exports.pdf_bytes(board, run.site)
        )
    except Exception as error:  # a failed run says so on its page instead of hanging at "running"
        logger.exception("report run %s failed", run.pk)
        _progress(
            run,
            100,
            "Failed",
            status=RunStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return str(RunStatus.FAILED)
    with transaction.atomic():
        _progress(run, 100, "Done", status=RunStatus.DONE, content=content, finished_at=timezone.now())
        record_read(
            user=run.requested_by,
            instance=run,
            object_type="outcomes",
            object_id=run.pk,
            client_id=None,
            site_id=run.site_id,
            action=Action.EXPORT,
            detail={**run.params, "format": run.format, "suppressed_below": SUPPRESS_BELOW},
        )
    return str(RunStatus.DONE)
