import pytest

from openiop.measures.instruments import get, score


# ref: "1 point each; **≥2 = likely anorexia or bulimia**" [S38]
@pytest.mark.parametrize(
    ("answers", "total", "positive"),
    [
        pytest.param([0, 0, 0, 0, 0], 0, False, id="0-negative"),
        pytest.param([1, 0, 0, 0, 0], 1, False, id="1-negative"),
        pytest.param([1, 0, 0, 0, 1], 2, True, id="2-positive"),
        pytest.param([1, 1, 1, 1, 1], 5, True, id="5-positive"),
    ],
)
def test_it_is_positive_from_two_yes_answers(answers: list[int], total: int, positive: bool) -> None:
    result = score("scoff", answers)
    assert (result.total, result.positive, result.band) == (total, positive, None)


def test_it_ships_neutral_labels_only() -> None:
    # ref: "Licence **UNVERIFIED**"
    assert all(item.text is None for item in get("scoff").items)
