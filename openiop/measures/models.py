"""Administrations of instruments, the program's cadence, rescorings and alerts.

A stored score changes only through ``services.administration_rescore`` (the model's ``save``
refuses any other update); an alert closes only through ``services.alert_close``, which needs a
documented action (the database refuses a closed alert without one).
"""

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client, Episode, clinical_bound_problems
from openiop.core.models import TimeStampedModel
from openiop.measures.instruments import REGISTRY, Score, ScoringError, score

INSTRUMENT_CHOICES = [(code, instrument.name) for code, instrument in REGISTRY.items()]
# Totals are stored as floats; every instrument but these has an integer total.
FLOAT_TOTALS = frozenset({"urica"})


class AdministeredRole(models.TextChoices):
    CLINICIAN = "clinician", "Clinician"
    MEDICAL = "medical", "Medical staff"
    CLIENT = "client", "Client (self-report)"


class MeasureLanguage(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"


class Administration(TimeStampedModel):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="administrations")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="administrations")
    episode = models.ForeignKey(
        Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="administrations"
    )
    instrument = models.CharField(max_length=32, choices=INSTRUMENT_CHOICES)
    answers = models.JSONField()
    sex = models.CharField(max_length=8, blank=True)  # as used for scoring (AUDIT-C); "" when not given
    total = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=32, blank=True)
    positive = models.BooleanField(null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)
    subscales = models.JSONField(default=dict, blank=True)
    scoring_version = models.CharField(max_length=16)
    administered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    administered_role = models.CharField(max_length=16, choices=AdministeredRole.choices)
    administered_at = models.DateTimeField()
    language = models.CharField(max_length=2, choices=MeasureLanguage.choices, default=MeasureLanguage.ENGLISH)

    class Meta:
        ordering: ClassVar[list[str]] = ["administered_at", "pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["client", "instrument", "administered_at"], name="administration_client_idx")
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(instrument__in=list(REGISTRY)), name="administration_known_instrument"
            ),
            models.CheckConstraint(
                condition=models.Q(administered_role__in=AdministeredRole.values), name="administration_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=MeasureLanguage.values), name="administration_language_valid"
            ),
            models.CheckConstraint(condition=models.Q(sex__in=["", "female", "male"]), name="administration_sex_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} for client {self.client_id} at {self.administered_at:%Y-%m-%d}"

    def bound_problems(self) -> dict[str, str]:
        problems = super().bound_problems()
        return clinical_bound_problems(
            problems, self.client if self.client_id else None, administered_at=self.administered_at
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and not getattr(self, "_rescoring", False):
            raise PermissionError("A stored administration changes only through administration_rescore.")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.client_id and self.site_id and self.client.site_id != self.site_id:
            raise ValidationError({"site": "An administration belongs to the client's own site."})
        if self.episode is not None and self.client_id and self.episode.client_id != self.client_id:
            raise ValidationError({"episode": "The episode belongs to another client."})

    @property
    def score(self) -> Score:
        """The stored score, as the library's ``Score``."""
        total: int | float | None = self.total
        if total is not None and self.instrument not in FLOAT_TOTALS and float(total).is_integer():
            total = int(total)
        return Score(
            code=self.instrument,
            total=total,
            band=self.band or None,
            positive=self.positive,
            flags=list(self.flags),
            subscales=dict(self.subscales),
        )

    def set_score(self, score: Score) -> None:
        self.total = None if score.total is None else float(score.total)
        self.band = score.band or ""
        self.positive = score.positive
        self.flags = list(score.flags)
        self.subscales = dict(score.subscales)

    @property
    def instrument_name(self) -> str:
        return REGISTRY[self.instrument].name


class Rescoring(models.Model):
    """One run of the rescoring service over one administration: the score before and after."""

    administration = models.ForeignKey(Administration, on_delete=models.PROTECT, related_name="rescorings")
    old_version = models.CharField(max_length=16)
    new_version = models.CharField(max_length=16)
    old_score = models.JSONField()
    new_score = models.JSONField()
    reason = models.CharField(max_length=200)
    rescored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rescored_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["rescored_at", "pk"]

    def __str__(self) -> str:
        return f"administration {self.administration_id}: {self.old_version} → {self.new_version}"


class Cadence(TimeStampedModel):
    """When a program gives an instrument. A program is a site's IOP for now; ``track`` ("" for
    every track) narrows a row to one track and replaces the site-wide row for that instrument."""

    AUDIT_TEXT_VALUES = True  # configuration: the audit trail records its values

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="cadences")
    track = models.CharField(max_length=100, blank=True)
    instrument = models.CharField(max_length=32, choices=INSTRUMENT_CHOICES)
    at_intake = models.BooleanField(default=False)
    at_admission = models.BooleanField(default=False)
    every_n_days = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])

    class Meta:
        ordering: ClassVar[list[str]] = ["site", "track", "instrument"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["site", "track", "instrument"],
                name="cadence_one_per_instrument",
                violation_error_message="This program already has a cadence for that instrument and track.",
            ),
            models.CheckConstraint(
                condition=models.Q(at_intake=True)
                | models.Q(at_admission=True)
                | models.Q(every_n_days__isnull=False, every_n_days__gte=1),
                name="cadence_says_when",
                violation_error_message="Say when the instrument is given: at intake, at admission or every n days.",
            ),
            models.CheckConstraint(
                condition=models.Q(every_n_days__isnull=True) | models.Q(every_n_days__gte=1),
                name="cadence_interval_at_least_a_day",
            ),
            models.CheckConstraint(condition=models.Q(instrument__in=list(REGISTRY)), name="cadence_known_instrument"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} at {self.site}{' / ' + self.track if self.track else ''}"


# Instruments whose cut-offs or bands the reference marks UNVERIFIED (or where sources disagree):
# a program may set its own (ScoringConfig).
CONFIGURABLE_CHOICES = [(code, instrument.name) for code, instrument in REGISTRY.items() if instrument.configurable]


class ScoringConfig(TimeStampedModel):
    """A program's own cut-offs for one instrument, overriding openiop's defaults where the
    reference marks them UNVERIFIED or sources disagree. ``config`` is the library's ``config``:
    ``{"positive_cutoff": n}`` (PHQ-2, DAST-10, PCL-5) or ``{"bands": [[code, upper], ...]}``
    (CIWA-Ar, URICA; the default codes in order, the last upper null)."""

    AUDIT_TEXT_VALUES = True  # configuration: the audit trail records its values

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="scoring_configs")
    instrument = models.CharField(max_length=32, choices=CONFIGURABLE_CHOICES)
    config = models.JSONField()

    class Meta:
        ordering: ClassVar[list[str]] = ["site", "instrument"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["site", "instrument"],
                name="scoring_config_one_per_instrument",
                violation_error_message="This program already has a scoring configuration for that instrument.",
            ),
            models.CheckConstraint(
                condition=models.Q(instrument__in=[code for code, _ in CONFIGURABLE_CHOICES]),
                name="scoring_config_configurable_instrument",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} cut-offs at {self.site}"

    def clean(self) -> None:
        instrument = REGISTRY.get(self.instrument)
        if instrument is None or not instrument.configurable:
            return  # the field's choices report it
        if not isinstance(self.config, dict) or not self.config:
            can = ", ".join(sorted(instrument.configurable))
            raise ValidationError({"config": f"Give an object setting at least one of: {can}."})
        # Score a valid sample (every item at its lowest value) with this config: the library
        # validates the config exactly as it will be used.
        sample = [item.values[0] for item in instrument.items]
        sex = "female" if instrument.requires_sex else None
        try:
            score(instrument.code, sample, sex=sex, config=self.config)
        except ScoringError as error:
            raise ValidationError({"config": error.message}) from None


class AlertKind(models.TextChoices):
    # Raised by measures (services.administration_record).
    SUICIDAL_IDEATION = "suicidal-ideation", "Suicidal ideation"
    SUICIDE_RISK = "suicide-risk", "Suicide risk"
    RELIABLE_DETERIORATION = "reliable-deterioration", "Reliable deterioration"
    # Raised by other apps through services.alert_raise (clinical: attendance and drug screens).
    RETENTION = "retention", "Retention risk"
    DRUG_SCREEN_UNEXPECTED = "drug-screen-unexpected", "Unexpected drug screen result"


class AlertSeverity(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    MODERATE = "moderate", "Moderate"


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ClosingAction(models.TextChoices):
    CSSRS_COMPLETED = "cssrs-completed", "C-SSRS completed"
    SAFETY_PLAN_REVIEWED = "safety-plan-reviewed", "Safety plan reviewed"
    CRISIS_EVALUATION = "crisis-evaluation-arranged", "Crisis evaluation arranged"
    NO_CURRENT_RISK = "client-contacted-no-current-risk", "Client contacted — no current risk"
    OTHER = "other", "Other (describe)"


class Alert(models.Model):
    """Something a named person must act on. Generic: measures raise the first kinds; later apps
    (retention, drug screens) add theirs."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="alerts")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField(max_length=40, choices=AlertKind.choices)
    severity = models.CharField(max_length=16, choices=AlertSeverity.choices)
    summary = models.CharField(max_length=300)
    source = models.ForeignKey(Administration, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_alerts"
    )
    status = models.CharField(max_length=8, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_action = models.CharField(max_length=40, choices=ClosingAction.choices, blank=True)
    closing_note = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-opened_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["client", "status"], name="alert_client_status_idx"),
            models.Index(fields=["assigned_to", "status"], name="alert_assignee_status_idx"),
            models.Index(fields=["site", "status"], name="alert_site_status_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        status="open",
                        closed_at__isnull=True,
                        closed_by__isnull=True,
                        closing_action="",
                        closing_note="",
                    )
                    | (
                        models.Q(status="closed", closed_at__isnull=False, closed_by__isnull=False)
                        & ~models.Q(closing_action="")
                    )
                ),
                name="alert_closed_with_a_documented_action",
                violation_error_message="An alert is closed only with who closed it, when, and the action taken.",
            ),
            models.CheckConstraint(
                condition=~models.Q(closing_action="other") | ~models.Q(closing_note=""),
                name="alert_other_action_is_described",
                violation_error_message="Describe the action taken.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} alert for client {self.client_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == AlertStatus.OPEN
