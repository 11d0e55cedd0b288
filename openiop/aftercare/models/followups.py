"""Alumni follow-ups: a task per scheduled day after discharge, its contact attempts and outcome."""

from typing import ClassVar

from django.conf import settings
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client, Episode
from openiop.core.models import TimeStampedModel, VersionedModel


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"


class AlumniStatus(models.TextChoices):
    IN_RECOVERY = "in_recovery", "In recovery"
    RETURNED_TO_USE = "returned_to_use", "Returned to use"
    READMITTED = "readmitted", "Readmitted"
    UNREACHABLE = "unreachable", "Unreachable"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "E-mail"
    IN_PERSON = "in_person", "In person"


class AttemptOutcome(models.TextChoices):
    REACHED = "reached", "Reached the client"
    NO_ANSWER = "no_answer", "No answer"
    LEFT_MESSAGE = "left_message", "Left a message"
    WRONG_NUMBER = "wrong_number", "Wrong or disconnected number"
    DECLINED = "declined", "Client declined to talk"


class FollowUp(VersionedModel, TimeStampedModel):
    """One alumni follow-up (e.g. 90 days after discharge) for the clinician assigned at discharge."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="followups")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="followups")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="followups")
    days_after_discharge = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    status = models.CharField(max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    alumni_status = models.CharField(max_length=16, choices=AlumniStatus.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bam = models.ForeignKey(
        "measures.Administration", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    phq9 = models.ForeignKey(
        "measures.Administration", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    readmission = models.ForeignKey(Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["due_date", "pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["assigned_to", "status", "due_date"], name="followup_worklist_idx"),
            models.Index(fields=["site", "status", "due_date"], name="followup_site_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["episode", "days_after_discharge"], name="followup_one_per_episode_day"),
            models.CheckConstraint(
                condition=models.Q(status="open", completed_at__isnull=True, alumni_status="")
                | (
                    models.Q(status="done", completed_at__isnull=False, completed_by__isnull=False)
                    & ~models.Q(alumni_status="")
                ),
                name="followup_done_has_outcome",
                violation_error_message="A finished follow-up records the client's status.",
            ),
            models.CheckConstraint(
                condition=~models.Q(alumni_status="readmitted") | models.Q(readmission__isnull=False),
                name="followup_readmitted_has_episode",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.days_after_discharge}-day follow-up of episode {self.episode_id} due {self.due_date}"

    @property
    def is_open(self) -> bool:
        return self.status == FollowUpStatus.OPEN


class FollowUpAttempt(models.Model):
    """One try to reach the alumnus; append-only."""

    followup = models.ForeignKey(FollowUp, on_delete=models.PROTECT, related_name="attempts")
    attempted_at = models.DateTimeField()
    method = models.CharField(max_length=12, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=16, choices=AttemptOutcome.choices)
    note = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["attempted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} on {self.attempted_at:%Y-%m-%d}: {self.get_outcome_display()}"
