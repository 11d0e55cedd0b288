import pytest

from openiop.measures.instruments import get, score


def test_it_totals_items_1_and_2_with_no_band() -> None:
    # ref: "PHQ-9 items 1–2, total 0–6"; "no band" (defaults table)
    result = score("phq2", [3, 3])
    assert (result.total, result.band, result.flags) == (6, None, [])


# ref: "Positive ≥3 (optimal cut-point)" [S2]
@pytest.mark.parametrize(
    ("answers", "positive"),
    [
        pytest.param([1, 1], False, id="2-negative"),
        pytest.param([2, 1], True, id="3-positive"),
    ],
)
def test_it_is_positive_from_a_total_of_three(answers: list[int], positive: bool) -> None:
    assert score("phq2", answers).positive is positive


def test_a_program_may_use_the_more_sensitive_cutoff_of_two() -> None:
    # ref: "`positive` total ≥ 3*"; "≥2 is more sensitive" [S2]
    result = score("phq2", [1, 1], config={"positive_cutoff": 2})
    assert result.positive is True


def test_its_panel_loinc_is_marked_unverified() -> None:
    # ref: "LOINC: total 55758-7 [S17]; panel 55757-9 **UNVERIFIED**"
    phq2 = get("phq2")
    assert phq2.loinc_total is not None and phq2.loinc_total.code == "55758-7"
    assert phq2.loinc_panel is not None and not phq2.loinc_panel.verified
