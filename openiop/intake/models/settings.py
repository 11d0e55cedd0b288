"""Per-site intake settings: the public e-mail on the get-help page and placement thresholds."""

import dataclasses
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from openiop.accounts.models import Site
from openiop.intake.placement import CSSRS_RISKS, DEFAULT_THRESHOLDS, PlacementThresholds

THRESHOLD_FIELDS = {f.name: f.type for f in dataclasses.fields(PlacementThresholds)}


def thresholds_from(overrides: dict[str, Any] | None) -> PlacementThresholds:
    """The program's thresholds: the defaults with the stored overrides applied."""
    if not overrides:
        return DEFAULT_THRESHOLDS
    return dataclasses.replace(DEFAULT_THRESHOLDS, **overrides)


def validate_threshold_overrides(value: object) -> None:
    if not isinstance(value, dict):
        raise ValidationError("Placement thresholds must be a JSON object.")
    for key, setting in value.items():
        if key not in THRESHOLD_FIELDS:
            raise ValidationError(f"{key!r} is not a placement threshold (see docs/algorithms/placement.md).")
        if key == "crisis_cssrs_risk":
            if setting not in CSSRS_RISKS:
                raise ValidationError(f"crisis_cssrs_risk must be one of {', '.join(CSSRS_RISKS)}.")
        elif isinstance(setting, bool) or not isinstance(setting, int | float) or setting < 0:
            raise ValidationError(f"{key} must be a number of 0 or more.")


class IntakeSettings(models.Model):
    AUDIT_TEXT_VALUES = True  # configuration: the audit trail records its values

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="intake_settings")
    public_email = models.EmailField(blank=True, help_text="Shown on the public get-help page.")
    placement_thresholds = models.JSONField(
        default=dict,
        blank=True,
        validators=[validate_threshold_overrides],
        help_text='Overrides of the placement defaults, e.g. {"iop_minimum_hours_adult": 12}.',
    )

    class Meta:
        verbose_name_plural = "intake settings"

    def __str__(self) -> str:
        return f"Intake settings of {self.site}"

    @property
    def thresholds(self) -> PlacementThresholds:
        return thresholds_from(self.placement_thresholds)
