import pytest

from openiop.measures.instruments import get, score

ALL_NO = [0] * 10


def yes_to(*items: int) -> list[int]:
    answers = list(ALL_NO)
    for item in items:
        answers[item - 1] = 1
    return answers


# ref: "Yes = 1, except **item 3 is reverse-scored** (No = 1)" [S15][S16]
@pytest.mark.parametrize(
    ("answers", "total"),
    [
        pytest.param(ALL_NO, 1, id="all-no-scores-1-for-item-3"),
        pytest.param(yes_to(3), 0, id="yes-to-item-3-scores-0"),
        pytest.param([1] * 10, 9, id="all-yes-scores-9"),
        pytest.param(yes_to(1, 2, 4, 5, 6, 7, 8, 9, 10), 10, id="max-10"),
    ],
)
def test_it_reverse_scores_item_3(answers: list[int], total: int) -> None:
    assert score("dast10", answers).total == total


# ref: "Bands: 0 none; 1–2 low; 3–5 moderate; 6–8 substantial; 9–10 severe"
@pytest.mark.parametrize(
    ("answers", "total", "band"),
    [
        pytest.param(yes_to(3), 0, "none", id="0-none"),
        pytest.param(ALL_NO, 1, "low", id="1-low"),
        pytest.param(yes_to(1), 2, "low", id="2-low"),
        pytest.param(yes_to(1, 2), 3, "moderate", id="3-moderate"),
        pytest.param(yes_to(1, 2, 4, 5), 5, "moderate", id="5-moderate"),
        pytest.param(yes_to(1, 2, 4, 5, 6), 6, "substantial", id="6-substantial"),
        pytest.param(yes_to(1, 2, 4, 5, 6, 7, 8), 8, "substantial", id="8-substantial"),
        pytest.param(yes_to(1, 2, 4, 5, 6, 7, 8, 9), 9, "severe", id="9-severe"),
        pytest.param(yes_to(1, 2, 4, 5, 6, 7, 8, 9, 10), 10, "severe", id="10-severe"),
    ],
)
def test_it_bands_the_total_at_every_boundary(answers: list[int], total: int, band: str) -> None:
    result = score("dast10", answers)
    assert (result.total, result.band) == (total, band)


# ref: "`positive` ≥ 3*" (defaults table)
@pytest.mark.parametrize(
    ("answers", "positive"),
    [(yes_to(1), False), (yes_to(1, 2), True)],
    ids=["2-negative", "3-positive"],
)
def test_it_is_positive_from_a_total_of_three(answers: list[int], positive: bool) -> None:
    assert score("dast10", answers).positive is positive


def test_a_program_may_configure_the_cutoff() -> None:
    # ref: "`positive` ≥ 3*" — * = configurable
    assert score("dast10", yes_to(1), config={"positive_cutoff": 2}).positive is True


def test_it_ships_neutral_labels_only() -> None:
    # ref: "© 1982 Skinner/CAMH; free for non-commercial clinical … use" [S10]
    dast = get("dast10")
    assert not dast.wording_allowed
    assert all(item.text is None for item in dast.items)
    assert dast.item("3").reverse
