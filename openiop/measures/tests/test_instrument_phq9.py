import pytest

from openiop.measures.instruments import get, score
from openiop.measures.tests import answers_totalling


def test_it_scores_nine_ones_as_mild_with_suicidal_ideation() -> None:
    # ref: "flag `suicidal-ideation` if item 9 > 0" (defaults table); brief example
    result = score("phq9", [1] * 9)
    assert result.total == 9
    assert result.band == "mild"
    assert result.flags == ["suicidal-ideation"]
    assert result.positive is False
    assert result.subscales == {}


# ref: "Bands: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe,
# 20–27 severe [S1]"
@pytest.mark.parametrize(
    ("total", "band"),
    [
        pytest.param(0, "minimal", id="0-minimal"),
        pytest.param(4, "minimal", id="4-minimal"),
        pytest.param(5, "mild", id="5-mild"),
        pytest.param(9, "mild", id="9-mild"),
        pytest.param(10, "moderate", id="10-moderate"),
        pytest.param(14, "moderate", id="14-moderate"),
        pytest.param(15, "moderately-severe", id="15-moderately-severe"),
        pytest.param(19, "moderately-severe", id="19-moderately-severe"),
        pytest.param(20, "severe", id="20-severe"),
        pytest.param(27, "severe", id="27-severe"),
    ],
)
def test_it_bands_the_total_at_every_boundary(total: int, band: str) -> None:
    result = score("phq9", answers_totalling("phq9", total))
    assert (result.total, result.band) == (total, band)


# ref: "`positive` total ≥ 10" (defaults table)
@pytest.mark.parametrize(("total", "positive"), [(9, False), (10, True)])
def test_it_is_positive_from_a_total_of_ten(total: int, positive: bool) -> None:
    assert score("phq9", answers_totalling("phq9", total)).positive is positive


# ref: "item 9 (self-harm / better off dead) >0 is significant whatever the
# total" [S1]
@pytest.mark.parametrize("item_9", [1, 2, 3])
def test_it_flags_suicidal_ideation_when_item_9_is_positive(item_9: int) -> None:
    result = score("phq9", [0] * 8 + [item_9])
    assert result.flags == ["suicidal-ideation"]
    assert result.band == "minimal"


def test_it_raises_no_flag_when_item_9_is_zero_even_with_a_high_total() -> None:
    # ref: "flag `suicidal-ideation` if item 9 > 0"
    result = score("phq9", [3] * 8 + [0])
    assert (result.total, result.band, result.flags) == (24, "severe", [])


def test_it_carries_the_free_wording_and_loinc_codes() -> None:
    # ref: "No permission required to reproduce" [S2][S6]; "LOINC: total 44261-6
    # [S5]; panel 44249-1 [S17] (verify at loinc.org)"
    phq9 = get("phq9")
    assert phq9.wording_allowed
    assert all(item.text for item in phq9.items)
    assert phq9.loinc_total is not None and phq9.loinc_total.code == "44261-6"
    assert phq9.loinc_panel is not None and phq9.loinc_panel.code == "44249-1"
    assert not phq9.loinc_panel.verified
