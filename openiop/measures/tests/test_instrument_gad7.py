import pytest

from openiop.measures.instruments import get, score
from openiop.measures.tests import answers_totalling


# ref: "Bands: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe" [S3][S4]
@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_it_bands_the_total_at_every_boundary(total: int, band: str) -> None:
    result = score("gad7", answers_totalling("gad7", total))
    assert (result.total, result.band) == (total, band)


# ref: "≥10 → further evaluation" [S3][S4]
@pytest.mark.parametrize(("total", "positive"), [(9, False), (10, True)])
def test_it_is_positive_from_a_total_of_ten(total: int, positive: bool) -> None:
    assert score("gad7", answers_totalling("gad7", total)).positive is positive


def test_it_raises_no_flags() -> None:
    assert score("gad7", [3] * 7).flags == []


def test_it_carries_the_free_wording_and_loinc_codes() -> None:
    # ref: "LOINC: panel 69737-5 [S6], total 70274-6 [S5]"
    gad7 = get("gad7")
    assert gad7.wording_allowed and all(item.text for item in gad7.items)
    assert gad7.loinc_panel is not None and gad7.loinc_panel.code == "69737-5"
    assert gad7.loinc_total is not None and gad7.loinc_total.code == "70274-6"
