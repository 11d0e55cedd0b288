"""Glue between an assessment and the pure placement rules: gather the inputs, apply the site's thresholds."""

from dataclasses import dataclass
from decimal import Decimal

from openiop.intake.models import DIMENSIONS, Assessment, InstrumentResult, IntakeSettings, Screening
from openiop.intake.placement import (
    DEFAULT_THRESHOLDS,
    PlacementInput,
    PlacementThresholds,
    Recommendation,
    recommend,
)


@dataclass(frozen=True)
class Inputs:
    """What the rules will see; ``missing`` names what must be filled in first."""

    population: str
    ratings: dict[int, int | None]
    ciwa_ar: int | None
    cows: int | None
    cssrs_risk: str | None
    cssrs_source: str  # "assessment", "screening" or ""
    hours: float | None

    @property
    def missing(self) -> list[int]:
        return [d for d in DIMENSIONS if self.ratings.get(d) is None]

    def placement_input(self) -> PlacementInput:
        return PlacementInput(
            population="adolescent" if self.population == "adolescent" else "adult",
            ciwa_ar=self.ciwa_ar,
            cows=self.cows,
            cssrs_risk=self.cssrs_risk,  # type: ignore[arg-type]
            dimensions={d: int(self.ratings[d] or 0) for d in DIMENSIONS},
            available_hours_per_week=self.hours,
        )


def thresholds_for_site(site_id: int) -> PlacementThresholds:
    settings = IntakeSettings.objects.filter(site_id=site_id).first()
    return settings.thresholds if settings else DEFAULT_THRESHOLDS


def latest_screening_risk(assessment: Assessment) -> str | None:
    risk = (
        Screening.objects.filter(inquiry_id=assessment.inquiry_id)
        .exclude(cssrs_risk="")
        .order_by("-screened_at", "-pk")
        .values_list("cssrs_risk", flat=True)
        .first()
    )
    return risk or None


def _total(result: InstrumentResult | None) -> int | None:
    return None if result is None or result.total is None else int(result.total)


def stored_inputs(assessment: Assessment, results: dict[str, InstrumentResult] | None = None) -> Inputs:
    """The inputs as saved: the assessment's own C-SSRS if it was asked again, else the screening's."""
    if results is None:
        results = {r.code: r for r in assessment.results.all()}
    return live_inputs(
        assessment,
        ratings=assessment.ratings(),
        ciwa_ar=_total(results.get("ciwa-ar")),
        cows=_total(results.get("cows")),
        cssrs_risk=results["cssrs-screen"].band if "cssrs-screen" in results else None,
        hours=assessment.available_hours_per_week,
    )


def live_inputs(
    assessment: Assessment,
    *,
    ratings: dict[int, int | None],
    ciwa_ar: int | None,
    cows: int | None,
    cssrs_risk: str | None,
    hours: Decimal | float | None,
) -> Inputs:
    source = "assessment" if cssrs_risk else ""
    if not cssrs_risk:
        cssrs_risk = latest_screening_risk(assessment)
        source = "screening" if cssrs_risk else ""
    return Inputs(
        population=assessment.population,
        ratings=ratings,
        ciwa_ar=ciwa_ar,
        cows=cows,
        cssrs_risk=cssrs_risk,
        cssrs_source=source,
        hours=None if hours is None else float(hours),
    )


def recommend_from(inputs: Inputs, site_id: int) -> Recommendation | None:
    """The recommendation, or None while a dimension is unrated."""
    if inputs.missing:
        return None
    return recommend(inputs.placement_input(), thresholds_for_site(site_id))
