"""Bulk Data exports (HL7 Bulk Data Access IG v2), their NDJSON files, and the recipients outside
the program that a bearer token may stand for (42 CFR Part 2: their exports need consent)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

from openiop.accounts.models import ApiToken
from openiop.consents.models import Provider, Purpose, RecipientClass
from openiop.core.models import TimeStampedModel


class ExportRecipient(TimeStampedModel):
    """A bearer token that stands for a recipient outside the program (a provider of the site's
    directory): its Bulk Data exports contain only clients whose Part 2 consent covers this
    recipient and purpose, and each client exported is entered in the accounting of disclosures."""

    token = models.OneToOneField(ApiToken, on_delete=models.CASCADE, related_name="fhir_recipient")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    recipient_class = models.CharField(max_length=20, choices=RecipientClass.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(purpose__in=Purpose.values), name="fhir_recipient_purpose_valid")
        ]

    def __str__(self) -> str:
        return f"{self.provider} ({self.purpose})"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


ACTIVE_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class BulkExport(TimeStampedModel):
    """One $export request; its id is the opaque part of the status URL."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recipient = models.ForeignKey(ExportRecipient, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    group_id = models.PositiveIntegerField(null=True, blank=True)  # a program track (docs/formats/fhir.md)
    types = models.JSONField(default=list)
    since = models.DateTimeField(null=True, blank=True)
    request_url = models.CharField(max_length=2000)
    status = models.CharField(max_length=12, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True)
    transaction_time = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    clients = models.JSONField(default=list, blank=True)  # the client ids exported
    excluded = models.PositiveIntegerField(default=0)  # clients left out for want of consent

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["queued", "running"]),
                name="fhir_one_running_export_per_user",
                violation_error_message="An export is already running for this user.",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="fhir_export_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"Bulk export {self.pk} ({self.status})"


class BulkExportFile(models.Model):
    """One NDJSON file of an export: every resource of one type."""

    export = models.ForeignKey(BulkExport, on_delete=models.CASCADE, related_name="files")
    resource_type = models.CharField(max_length=40)
    count = models.PositiveIntegerField()
    content = models.TextField()

    class Meta:
        ordering: ClassVar[list[str]] = ["export", "resource_type"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["export", "resource_type"], name="fhir_one_file_per_type")
        ]

    def __str__(self) -> str:
        return f"{self.resource_type}.ndjson of {self.export_id}"
