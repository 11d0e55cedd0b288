import math

import pytest

from openiop.measures.instruments import ScoringError
from openiop.measures.instruments.mbc import (
    ChangeRules,
    change_from_baseline,
    compare,
    is_reliable_change,
    reliable_change_index,
)


def test_change_from_baseline_is_current_minus_baseline() -> None:
    assert change_from_baseline(18, 11) == -7
    assert compare("phq9", 18, 11).change == -7


# ref: "PHQ-9: response = **≥50% drop** from baseline" [S109]
@pytest.mark.parametrize(
    ("baseline", "current", "response"),
    [
        pytest.param(20, 10, True, id="exactly-half"),
        pytest.param(20, 11, False, id="just-under-half"),
        pytest.param(9, 4, True, id="odd-baseline-drop-5-of-4.5"),
        pytest.param(9, 5, False, id="odd-baseline-drop-4-of-4.5"),
        pytest.param(20, 25, False, id="worse"),
        pytest.param(0, 0, None, id="nothing-to-drop-from"),
    ],
)
def test_it_calls_a_phq9_response_at_a_50_percent_drop(baseline: int, current: int, response: bool | None) -> None:
    assert compare("phq9", baseline, current).response is response


# ref: "remission = **<5** (HEDIS)" [S109]; "GAD-7 remission <5 is **UNVERIFIED**"
@pytest.mark.parametrize(
    ("code", "current", "remission"),
    [("phq9", 4, True), ("phq9", 5, False), ("gad7", 4, True), ("gad7", 5, False)],
)
def test_it_calls_remission_below_five(code: str, current: int, remission: bool) -> None:
    assert compare(code, 15, current).remission is remission


# ref: "**Reliable improvement = PHQ-9 ↓≥6, GAD-7 ↓≥4.**" [S110]
@pytest.mark.parametrize(
    ("code", "baseline", "current", "improved", "deteriorated"),
    [
        pytest.param("phq9", 16, 10, True, False, id="phq9-drop-6"),
        pytest.param("phq9", 16, 11, False, False, id="phq9-drop-5"),
        pytest.param("phq9", 10, 16, False, True, id="phq9-rise-6"),
        pytest.param("phq9", 10, 15, False, False, id="phq9-rise-5"),
        pytest.param("gad7", 12, 8, True, False, id="gad7-drop-4"),
        pytest.param("gad7", 12, 9, False, False, id="gad7-drop-3"),
        pytest.param("gad7", 8, 12, False, True, id="gad7-rise-4"),
        pytest.param("gad7", 8, 11, False, False, id="gad7-rise-3"),
        # ref: "PCL-5: a change of 5–10 points is reliable" [S41]; openiop uses 10
        pytest.param("pcl5", 50, 40, True, False, id="pcl5-drop-10"),
        pytest.param("pcl5", 50, 41, False, False, id="pcl5-drop-9"),
        pytest.param("pcl5", 40, 50, False, True, id="pcl5-rise-10"),
    ],
)
def test_it_calls_reliable_improvement_and_deterioration(
    code: str, baseline: int, current: int, improved: bool, deteriorated: bool
) -> None:
    change = compare(code, baseline, current)
    assert change.reliable_improvement is improved
    assert change.reliable_deterioration is deteriorated


# ref: "IAPT: caseness = PHQ-9 ≥10, GAD-7 ≥8 … Recovery = case at intake →
# non-case at end" [S110]
@pytest.mark.parametrize(
    ("code", "baseline", "current", "recovery"),
    [
        pytest.param("phq9", 10, 9, True, id="phq9-case-to-non-case"),
        pytest.param("phq9", 10, 10, False, id="phq9-still-a-case"),
        pytest.param("phq9", 9, 3, None, id="phq9-never-a-case"),
        pytest.param("gad7", 8, 7, True, id="gad7-case-to-non-case"),
        pytest.param("gad7", 7, 2, None, id="gad7-never-a-case"),
    ],
)
def test_it_calls_recovery_only_for_a_case_at_baseline(
    code: str, baseline: int, current: int, recovery: bool | None
) -> None:
    assert compare(code, baseline, current).recovery is recovery


def test_rules_that_do_not_apply_are_none() -> None:
    change = compare("bam", 3, 1)
    assert change.change == -2
    assert (
        change.response,
        change.remission,
        change.recovery,
        change.reliable_improvement,
        change.reliable_deterioration,
    ) == (None, None, None, None, None)
    assert compare("gad7", 20, 5).response is None


def test_a_program_may_replace_the_rules() -> None:
    rules = ChangeRules(reliable_change=5)
    assert compare("pcl5", 50, 45, rules=rules).reliable_improvement is True


@pytest.mark.parametrize(
    ("code", "baseline", "current", "item"),
    [
        ("nope", 1, 2, "code"),
        ("phq9", True, 2, "baseline"),
        ("phq9", 3, "2", "current"),
        ("phq9", 3, math.nan, "current"),
    ],
)
def test_it_rejects_bad_input(code: str, baseline: object, current: object, item: str) -> None:
    with pytest.raises(ScoringError) as raised:
        compare(code, baseline, current)  # type: ignore[arg-type]
    assert raised.value.item == item


def test_the_reliable_change_index_follows_jacobson_truax() -> None:
    # ref: "RCI = (x₂ − x₁) / (SD·√2·√(1 − r)); |RCI| > 1.96" (UNVERIFIED)
    rci = reliable_change_index(20, 10, sd=5.0, reliability=0.5)
    assert rci == pytest.approx(-10 / (5 * math.sqrt(2) * math.sqrt(0.5)))
    assert is_reliable_change(rci)
    assert not is_reliable_change(1.96)


@pytest.mark.parametrize(("sd", "reliability"), [(0.0, 0.5), (5.0, 1.0), (5.0, -0.1)])
def test_the_reliable_change_index_rejects_impossible_parameters(sd: float, reliability: float) -> None:
    with pytest.raises(ValueError, match="sd must be"):
        reliable_change_index(1, 2, sd=sd, reliability=reliability)
