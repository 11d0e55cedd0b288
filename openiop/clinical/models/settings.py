from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.clinical.hours import DEFAULT_BILLABLE_DAY_MINUTES
from openiop.clinical.plan_review import DEFAULT_INTERVAL_DAYS
from openiop.core.models import TimeStampedModel


class NoteFormat(models.TextChoices):
    DAP = "dap", "DAP (data, assessment, plan)"
    BIRP = "birp", "BIRP (behavior, intervention, response, plan)"
    SOAP = "soap", "SOAP (subjective, objective, assessment, plan)"


class ClinicalSettings(TimeStampedModel):
    """A site's program settings for running groups; a site without a row uses the defaults."""

    AUDIT_TEXT_VALUES = True  # configuration: the audit trail records its values

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="clinical_settings")
    note_format = models.CharField(max_length=8, choices=NoteFormat.choices, default=NoteFormat.DAP)
    billable_day_minutes = models.PositiveSmallIntegerField(
        default=DEFAULT_BILLABLE_DAY_MINUTES,
        validators=[MinValueValidator(30), MaxValueValidator(600)],
        help_text="Attended minutes that make a billable day (H0015: at least 3 hours a day).",
    )
    plan_review_days = models.PositiveSmallIntegerField(
        default=DEFAULT_INTERVAL_DAYS, validators=[MinValueValidator(7), MaxValueValidator(180)]
    )
    late_note_hours = models.PositiveSmallIntegerField(default=72, validators=[MinValueValidator(1)])
    clone_threshold = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=0.5,
        validators=[MinValueValidator(0.1), MaxValueValidator(1)],
        help_text="Word-trigram similarity at which two group-note entries are flagged (0.1–1).",
    )

    class Meta:
        verbose_name_plural = "clinical settings"

    def __str__(self) -> str:
        return f"Clinical settings of {self.site}"


class Supervision(TimeStampedModel):
    """Marks a staff member as an intern at a site: their notes need the supervisor's co-signature."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisions")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisees")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="supervisions")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "site"], name="supervision_one_per_user_site"),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("supervisor")),
                name="supervision_not_self",
                violation_error_message="An intern cannot supervise themself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} supervised by {self.supervisor} at {self.site}"
