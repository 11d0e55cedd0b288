"""The placement rules of issue 4, one table row per rule, boundary and precedence.

Each section quotes the rule it tests; docs/algorithms/placement.md says the same.
"""

from typing import Any

import pytest

from openiop.intake.placement import (
    LEVEL_NAMES,
    PlacementInput,
    PlacementThresholds,
    Population,
    recommend,
    recommendation_to_dict,
)


def assessment(
    *,
    population: Population = "adult",
    ciwa_ar: int | None = None,
    cows: int | None = None,
    cssrs_risk: Any = None,
    hours: float | None = 12,
    d1: int = 0,
    d2: int = 0,
    d3: int = 0,
    d4: int = 0,
    d5: int = 0,
    d6: int = 0,
) -> PlacementInput:
    """Someone with no risk at all, unless a keyword says otherwise."""
    return PlacementInput(
        population=population,
        ciwa_ar=ciwa_ar,
        cows=cows,
        cssrs_risk=cssrs_risk,
        dimensions={1: d1, 2: d2, 3: d3, 4: d4, 5: d5, 6: d6},
        available_hours_per_week=hours,
    )


# (assessment, level, next_level, withdrawal_management)
LEVEL_CASES = [
    # 1. "C-SSRS `high` → `crisis` (emergency evaluation now)."
    pytest.param(assessment(cssrs_risk="high"), "crisis", None, "none",
                 id="rule 1: C-SSRS high -> crisis"),
    pytest.param(assessment(cssrs_risk="moderate"), "1", None, "none",
                 id="rule 1: C-SSRS moderate is not a crisis"),
    pytest.param(assessment(cssrs_risk="high", d2=4, d6=4), "crisis", None, "none",
                 id="rule 1 comes before rule 3"),
    pytest.param(assessment(cssrs_risk="high", d3=2), "crisis", None, "none",
                 id="rule 1: a crisis gives no step-down level"),
    pytest.param(assessment(cssrs_risk="high", ciwa_ar=30), "crisis", None, "inpatient",
                 id="rule 1 comes before rule 2, which is still reported"),
    pytest.param(assessment(cssrs_risk="high", cows=13), "crisis", None, "ambulatory",
                 id="rule 1 comes before rule 2 (ambulatory)"),
    # 2. "Withdrawal: CIWA-Ar ≥ 19, COWS ≥ 25 or dimension 1 rated ≥ 3 → inpatient
    #    withdrawal management `3.7-WM`"
    pytest.param(assessment(ciwa_ar=19), "3.7-WM", "1", "inpatient",
                 id="rule 2: CIWA-Ar >= 19 -> 3.7-WM (19)"),
    pytest.param(assessment(ciwa_ar=67), "3.7-WM", "1", "inpatient",
                 id="rule 2: CIWA-Ar >= 19 -> 3.7-WM (67)"),
    pytest.param(assessment(cows=25), "3.7-WM", "1", "inpatient",
                 id="rule 2: COWS >= 25 -> 3.7-WM (25)"),
    pytest.param(assessment(cows=48), "3.7-WM", "1", "inpatient",
                 id="rule 2: COWS >= 25 -> 3.7-WM (48)"),
    pytest.param(assessment(d1=3), "3.7-WM", "1", "inpatient",
                 id="rule 2: dimension 1 rated >= 3 -> 3.7-WM (3)"),
    pytest.param(assessment(d1=4), "3.7-WM", "1", "inpatient",
                 id="rule 2: dimension 1 rated >= 3 -> 3.7-WM (4)"),
    #    "CIWA-Ar 10–18, COWS 13–24 or dimension 1 rated 2 → ambulatory withdrawal
    #    management `2-WM` first."
    pytest.param(assessment(ciwa_ar=18), "2-WM", "1", "ambulatory",
                 id="rule 2: CIWA-Ar 10-18 -> 2-WM (18)"),
    pytest.param(assessment(ciwa_ar=10), "2-WM", "1", "ambulatory",
                 id="rule 2: CIWA-Ar 10-18 -> 2-WM (10)"),
    pytest.param(assessment(ciwa_ar=9), "1", None, "none",
                 id="rule 2: CIWA-Ar 9 needs no withdrawal management"),
    pytest.param(assessment(ciwa_ar=0), "1", None, "none",
                 id="rule 2: CIWA-Ar 0 needs no withdrawal management"),
    pytest.param(assessment(cows=24), "2-WM", "1", "ambulatory",
                 id="rule 2: COWS 13-24 -> 2-WM (24)"),
    pytest.param(assessment(cows=13), "2-WM", "1", "ambulatory",
                 id="rule 2: COWS 13-24 -> 2-WM (13)"),
    pytest.param(assessment(cows=12), "1", None, "none",
                 id="rule 2: COWS 12 needs no withdrawal management"),
    pytest.param(assessment(d1=2), "2-WM", "1", "ambulatory",
                 id="rule 2: dimension 1 rated 2 -> 2-WM"),
    pytest.param(assessment(d1=1), "1", None, "none",
                 id="rule 2: dimension 1 rated 1 needs no withdrawal management"),
    pytest.param(assessment(ciwa_ar=12, cows=25), "3.7-WM", "1", "inpatient",
                 id="rule 2: an inpatient trigger beats an ambulatory one"),
    pytest.param(assessment(ciwa_ar=9, cows=12, d1=1), "1", None, "none",
                 id="rule 2: just below every threshold at once"),
    #    "In both, IOP is not appropriate yet; `next_level` is what rules 3–5 give"
    pytest.param(assessment(ciwa_ar=22, d3=2), "3.7-WM", "2.1", "inpatient",
                 id="rule 2: next_level from rule 5 (2.1)"),
    pytest.param(assessment(cows=15, d2=4), "2-WM", "4", "ambulatory",
                 id="rule 2: next_level from rule 3 (4)"),
    pytest.param(assessment(d1=3, d6=3), "3.7-WM", "3.5", "inpatient",
                 id="rule 2: next_level from rule 4 (3.5)"),
    pytest.param(assessment(d1=2, d5=3), "2-WM", "2.5", "ambulatory",
                 id="rule 2: next_level from rule 4 (2.5)"),
    pytest.param(assessment(ciwa_ar=19, d4=4), "3.7-WM", "2.1", "inpatient",
                 id="rule 2: next_level keeps the readiness exception"),
    # 3. "Dimension 2 or 3 rated 4 → `4`; dimension 5 or 6 rated 4 → `3.5`."
    pytest.param(assessment(d2=4), "4", None, "none",
                 id="rule 3: dimension 2 rated 4 -> 4"),
    pytest.param(assessment(d3=4), "4", None, "none",
                 id="rule 3: dimension 3 rated 4 -> 4"),
    pytest.param(assessment(d5=4), "3.5", None, "none",
                 id="rule 3: dimension 5 rated 4 -> 3.5"),
    pytest.param(assessment(d6=4), "3.5", None, "none",
                 id="rule 3: dimension 6 rated 4 -> 3.5"),
    pytest.param(assessment(d2=4, d6=4), "4", None, "none",
                 id="rule 3: dimension 2 or 3 comes before dimension 5 or 6"),
    pytest.param(assessment(d5=4, d2=3), "3.5", None, "none",
                 id="rule 3 comes before rule 4"),
    # 4. "Dimension 6 rated 3 → `3.5` (needs 24-hour structure); dimension 2, 3 or 5
    #    rated 3 → `2.5`."
    pytest.param(assessment(d6=3), "3.5", None, "none",
                 id="rule 4: dimension 6 rated 3 -> 3.5"),
    pytest.param(assessment(d2=3), "2.5", None, "none",
                 id="rule 4: dimension 2 rated 3 -> 2.5"),
    pytest.param(assessment(d3=3), "2.5", None, "none",
                 id="rule 4: dimension 3 rated 3 -> 2.5"),
    pytest.param(assessment(d5=3), "2.5", None, "none",
                 id="rule 4: dimension 5 rated 3 -> 2.5"),
    pytest.param(assessment(d6=3, d2=3), "3.5", None, "none",
                 id="rule 4: dimension 6 comes before dimensions 2, 3 and 5"),
    pytest.param(assessment(d6=2), "2.1", None, "none",
                 id="rule 4: dimension 6 rated 2 is not 3.5"),
    # 5. "Otherwise, the highest rating of dimensions 2–6 is 2 or more → `2.1` (IOP);
    #    all ≤ 1 → `1` (outpatient)."
    pytest.param(assessment(d2=2), "2.1", None, "none",
                 id="rule 5: dimension 2 rated 2 -> 2.1"),
    pytest.param(assessment(d3=2), "2.1", None, "none",
                 id="rule 5: dimension 3 rated 2 -> 2.1"),
    pytest.param(assessment(d4=2), "2.1", None, "none",
                 id="rule 5: dimension 4 rated 2 -> 2.1"),
    pytest.param(assessment(d5=2), "2.1", None, "none",
                 id="rule 5: dimension 5 rated 2 -> 2.1"),
    pytest.param(assessment(d2=1, d3=1, d4=1, d5=1, d6=1), "1", None, "none",
                 id="rule 5: all <= 1 -> 1"),
    pytest.param(assessment(), "1", None, "none",
                 id="rule 5: all 0 -> 1"),
    pytest.param(assessment(d1=1), "1", None, "none",
                 id="rule 5: dimension 1 is not among dimensions 2-6"),
    #    "Dimension 4 (readiness) alone never raises the level above `2.1`"
    pytest.param(assessment(d4=3), "2.1", None, "none",
                 id="rule 5: dimension 4 rated 3 stays 2.1"),
    pytest.param(assessment(d4=4), "2.1", None, "none",
                 id="rule 5: dimension 4 rated 4 stays 2.1"),
    pytest.param(assessment(d4=4, d3=4), "4", None, "none",
                 id="rule 5: other dimensions still raise the level"),
    # Acceptance 2: "CIWA-Ar 6, ratings with a highest of 2 → recommendation `2.1`"
    pytest.param(assessment(ciwa_ar=6, d1=1, d2=1, d3=2, d4=2, d5=2, d6=1),
                 "2.1", None, "none", id="acceptance 2: CIWA-Ar 6, highest 2 -> 2.1"),
]  # fmt: skip


@pytest.mark.parametrize(("inp", "level", "next_level", "withdrawal_management"), LEVEL_CASES)
def test_the_rules_recommend_the_level_the_issue_specifies(
    inp: PlacementInput,
    level: str,
    next_level: str | None,
    withdrawal_management: str,
) -> None:
    recommendation = recommend(inp)

    assert recommendation.level == level
    assert recommendation.next_level == next_level
    assert recommendation.withdrawal_management == withdrawal_management
    assert recommendation.iop_appropriate == (level == "2.1")


FLAG_CASES = [
    # 5. "Dimension 4 (readiness) … a 3 or 4 there adds a flag (motivational work
    #    first) instead."
    pytest.param(assessment(d4=3), ["motivational-work-first"],
                 id="rule 5: readiness rated 3 flags motivational work"),
    pytest.param(assessment(d4=4), ["motivational-work-first"],
                 id="rule 5: readiness rated 4 flags motivational work"),
    pytest.param(assessment(d4=2), [],
                 id="rule 5: readiness rated 2 is not flagged"),
    pytest.param(assessment(d4=4, d6=4), ["motivational-work-first"],
                 id="rule 5: readiness is flagged at any level"),
    # 6. "A `2.1` whose available hours are below 9 (adults) / 6 (adolescents) adds
    #    a flag."
    pytest.param(assessment(d3=2, hours=8.5), ["hours-below-iop-minimum"],
                 id="rule 6: adult 2.1 below 9 hours is flagged"),
    pytest.param(assessment(d3=2, hours=0), ["hours-below-iop-minimum"],
                 id="rule 6: adult 2.1 with no hours is flagged"),
    pytest.param(assessment(d3=2, hours=9), [],
                 id="rule 6: adult 2.1 with 9 hours is not flagged"),
    pytest.param(assessment(d3=2, hours=8, population="adolescent"), [],
                 id="rule 6: adolescent 2.1 with 8 hours is not flagged"),
    pytest.param(assessment(d3=2, hours=6, population="adolescent"), [],
                 id="rule 6: adolescent 2.1 with 6 hours is not flagged"),
    pytest.param(assessment(d3=2, hours=5.5, population="adolescent"),
                 ["hours-below-iop-minimum"],
                 id="rule 6: adolescent 2.1 below 6 hours is flagged"),
    pytest.param(assessment(d3=2, hours=None), [],
                 id="rule 6: unknown hours are not flagged"),
    pytest.param(assessment(hours=2), [],
                 id="rule 6: only a 2.1 is flagged, not a 1"),
    pytest.param(assessment(d5=3, hours=2), [],
                 id="rule 6: only a 2.1 is flagged, not a 2.5"),
    pytest.param(assessment(ciwa_ar=12, d3=2, hours=4), ["hours-below-iop-minimum"],
                 id="rule 6: a 2.1 next_level after withdrawal is flagged"),
    pytest.param(assessment(d4=3, hours=4),
                 ["motivational-work-first", "hours-below-iop-minimum"],
                 id="rules 5 and 6 both flag, in rule order"),
    pytest.param(assessment(cssrs_risk="high", d4=4, hours=1), [],
                 id="rule 1: a crisis carries no flags"),
]  # fmt: skip


@pytest.mark.parametrize(("inp", "flags"), FLAG_CASES)
def test_the_rules_add_the_flags_the_issue_specifies(inp: PlacementInput, flags: list[str]) -> None:
    assert recommend(inp).flags == flags


REASON_CASES = [
    pytest.param(assessment(cssrs_risk="high", ciwa_ar=22), [
        "Rule 1: C-SSRS risk is high (at or above high), so an emergency evaluation "
        "is needed now.",
        "Rule 2: CIWA-Ar is 22 (at or above 19), so inpatient withdrawal management "
        "(3.7-WM) comes first; IOP is not appropriate yet.",
    ], id="rule 1 with rule 2"),
    pytest.param(assessment(cows=14, d1=2, d3=2), [
        "Rule 2: COWS is 14 (at or above 13) and dimension 1 is rated 2 (at or above "
        "2), so ambulatory withdrawal management (2-WM) comes first; IOP is not "
        "appropriate yet.",
        "Rule 5: dimension 3 is rated 2 (at or above 2), which points to level 2.1 "
        "(Intensive outpatient).",
    ], id="rule 2 with the rule that gives next_level"),
    pytest.param(assessment(d2=4, d3=4), [
        "Rule 3: dimension 2 is rated 4 (at or above 4) and dimension 3 is rated 4 "
        "(at or above 4), which points to level 4 (Hospital inpatient treatment).",
    ], id="rule 3 names every dimension that triggered it"),
    pytest.param(assessment(d6=3), [
        "Rule 4: dimension 6 is rated 3 (at or above 3), which points to level 3.5 "
        "(Residential treatment with 24-hour structure).",
    ], id="rule 4"),
    pytest.param(assessment(d1=1, d2=1), [
        "Rule 5: every rating of dimensions 2 to 6 is below 2, which points to level "
        "1 (Outpatient).",
    ], id="rule 5, outpatient"),
    pytest.param(assessment(d4=3, hours=7.5), [
        "Rule 5: dimension 4 is rated 3 (at or above 2), which points to level 2.1 "
        "(Intensive outpatient).",
        "Rule 5: dimension 4 (readiness) is rated 3 (at or above 3); readiness alone "
        "never raises the level above 2.1, so motivational work comes first.",
        "Rule 6: 7.5 available hours a week is below the adult IOP minimum of 9.",
    ], id="rule 5 readiness exception and rule 6"),
]  # fmt: skip


@pytest.mark.parametrize(("inp", "reasons"), REASON_CASES)
def test_reasons_name_the_rule_and_the_values_that_triggered_it(inp: PlacementInput, reasons: list[str]) -> None:
    assert recommend(inp).reasons == reasons


# (thresholds, assessment, level, flags): every field of PlacementThresholds.
THRESHOLD_CASES = [
    pytest.param(PlacementThresholds(crisis_cssrs_risk="moderate"),
                 assessment(cssrs_risk="moderate"), "crisis", [],
                 id="rule 1 from moderate"),
    pytest.param(PlacementThresholds(inpatient_wm_ciwa_ar=15),
                 assessment(ciwa_ar=15), "3.7-WM", [], id="rule 2 inpatient CIWA-Ar"),
    pytest.param(PlacementThresholds(inpatient_wm_cows=20),
                 assessment(cows=20), "3.7-WM", [], id="rule 2 inpatient COWS"),
    pytest.param(PlacementThresholds(inpatient_wm_dimension_1=2),
                 assessment(d1=2), "3.7-WM", [], id="rule 2 inpatient dimension 1"),
    pytest.param(PlacementThresholds(ambulatory_wm_ciwa_ar=8),
                 assessment(ciwa_ar=8), "2-WM", [], id="rule 2 ambulatory CIWA-Ar"),
    pytest.param(PlacementThresholds(ambulatory_wm_cows=15),
                 assessment(cows=14), "1", [], id="rule 2 ambulatory COWS"),
    pytest.param(PlacementThresholds(ambulatory_wm_dimension_1=3),
                 assessment(d1=2), "1", [], id="rule 2 ambulatory dimension 1"),
    pytest.param(PlacementThresholds(hospital_dimensions_2_3=3),
                 assessment(d2=3), "4", [], id="rule 3 dimensions 2 and 3"),
    pytest.param(PlacementThresholds(residential_dimensions_5_6=3),
                 assessment(d5=3), "3.5", [], id="rule 3 dimensions 5 and 6"),
    pytest.param(PlacementThresholds(residential_dimension_6=5),
                 assessment(d6=3), "2.1", [], id="rule 4 dimension 6 switched off"),
    pytest.param(PlacementThresholds(partial_hospitalization_dimensions_2_3_5=2),
                 assessment(d5=2), "2.5", [], id="rule 4 dimensions 2, 3 and 5"),
    pytest.param(PlacementThresholds(iop_dimensions_2_to_6=3),
                 assessment(d3=2), "1", [], id="rule 5 IOP rating"),
    pytest.param(PlacementThresholds(motivational_work_dimension_4=4),
                 assessment(d4=3), "2.1", [], id="rule 5 readiness flag"),
    pytest.param(PlacementThresholds(iop_minimum_hours_adult=12),
                 assessment(d3=2, hours=11), "2.1", ["hours-below-iop-minimum"],
                 id="rule 6 adult minimum"),
    pytest.param(PlacementThresholds(iop_minimum_hours_adolescent=9),
                 assessment(d3=2, hours=8, population="adolescent"), "2.1",
                 ["hours-below-iop-minimum"], id="rule 6 adolescent minimum"),
]  # fmt: skip


@pytest.mark.parametrize(("thresholds", "inp", "level", "flags"), THRESHOLD_CASES)
def test_a_program_can_configure_every_threshold(
    thresholds: PlacementThresholds,
    inp: PlacementInput,
    level: str,
    flags: list[str],
) -> None:
    recommendation = recommend(inp, thresholds)

    assert (recommendation.level, recommendation.flags) == (level, flags)


def test_the_defaults_are_the_issues_thresholds() -> None:
    assert PlacementThresholds() == PlacementThresholds(
        crisis_cssrs_risk="high",
        inpatient_wm_ciwa_ar=19,
        inpatient_wm_cows=25,
        inpatient_wm_dimension_1=3,
        ambulatory_wm_ciwa_ar=10,
        ambulatory_wm_cows=13,
        ambulatory_wm_dimension_1=2,
        hospital_dimensions_2_3=4,
        residential_dimensions_5_6=4,
        residential_dimension_6=3,
        partial_hospitalization_dimensions_2_3_5=3,
        iop_dimensions_2_to_6=2,
        motivational_work_dimension_4=3,
        iop_minimum_hours_adult=9,
        iop_minimum_hours_adolescent=6,
    )


def test_the_dict_has_exactly_the_json_contract_keys() -> None:
    recommendation = recommend(assessment(ciwa_ar=22, d3=2))

    assert recommendation_to_dict(recommendation) == {
        "level": "3.7-WM",
        "name": "Inpatient withdrawal management",
        "next_level": "2.1",
        "iop_appropriate": False,
        "withdrawal_management": "inpatient",
        "reasons": recommendation.reasons,
        "flags": [],
    }


@pytest.mark.parametrize(
    ("level", "name"),
    [
        ("crisis", "Emergency evaluation now"),
        ("3.7-WM", "Inpatient withdrawal management"),
        ("2-WM", "Ambulatory withdrawal management"),
        ("2.1", "Intensive outpatient"),
        ("1", "Outpatient"),
    ],
)
def test_each_level_has_a_plain_name(level: str, name: str) -> None:
    assert LEVEL_NAMES[level] == name  # type: ignore[index]


def test_a_recommendation_is_labelled_decision_support() -> None:
    assert recommend(assessment()).decision_support is True
