"""An export of the dashboard, made in the background (django.tasks) with its progress."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.core.models import TimeStampedModel


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    PDF = "pdf", "PDF"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ReportRun(TimeStampedModel):
    """The file is kept on the row (a few hundred kilobytes at most: aggregates, no client rows)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="report_runs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=4, choices=ExportFormat.choices)
    # {"start": "YYYY-MM-DD", "end": …, "filters": {"track": …}}
    params = models.JSONField()
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    step = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="report_run_progress_max_100"),
            models.CheckConstraint(condition=models.Q(format__in=ExportFormat.values), name="report_run_format_valid"),
            models.CheckConstraint(condition=models.Q(status__in=RunStatus.values), name="report_run_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} report of {self.site} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def filename(self) -> str:
        return f"outcomes-site{self.site_id}-{self.params.get('start')}-{self.params.get('end')}.{self.format}"
