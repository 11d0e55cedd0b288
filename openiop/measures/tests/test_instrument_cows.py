import pytest

from openiop.measures.instruments import ScoringError, get, score
from openiop.measures.tests import answers_totalling

# ref: "COWS items and the only values each accepts: 1 resting pulse {0 ≤ 80,
# 1 81–100, 2 101–120, 4 > 120}; 2 sweating {0, 1, 2, 3, 4}; 3 restlessness
# {0, 1, 3, 5}; 4 pupil size {0, 1, 2, 5}; 5 bone or joint aches {0, 1, 2, 4};
# 6 runny nose or tearing {0, 1, 2, 4}; 7 GI upset {0, 1, 2, 3, 5}; 8 tremor
# {0, 1, 2, 4}; 9 yawning {0, 1, 2, 4}; 10 anxiety or irritability
# {0, 1, 2, 4}; 11 gooseflesh {0, 3, 5}."
ALLOWED = {
    1: {0, 1, 2, 4},
    2: {0, 1, 2, 3, 4},
    3: {0, 1, 3, 5},
    4: {0, 1, 2, 5},
    5: {0, 1, 2, 4},
    6: {0, 1, 2, 4},
    7: {0, 1, 2, 3, 5},
    8: {0, 1, 2, 4},
    9: {0, 1, 2, 4},
    10: {0, 1, 2, 4},
    11: {0, 3, 5},
}
CASES = [
    pytest.param(item, value, value in allowed, id=f"item-{item}-value-{value}")
    for item, allowed in ALLOWED.items()
    for value in range(-1, 7)
]


def test_it_rejects_a_pulse_score_of_three() -> None:
    # ref: "for pulse: ≤80 = 0, 81–100 = 1, 101–120 = 2, >120 = 4" [S24]
    with pytest.raises(ScoringError) as raised:
        score("cows", [3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    assert raised.value.item == "1"
    assert str(raised.value) == "item 1: 3 is not an allowed value (allowed: 0, 1, 2, 4)"


@pytest.mark.parametrize(("item", "value", "ok"), CASES)
def test_each_item_accepts_exactly_its_listed_values(item: int, value: int, ok: bool) -> None:
    answers = [0] * 11
    answers[item - 1] = value
    if ok:
        assert score("cows", answers).total == value
    else:
        with pytest.raises(ScoringError) as raised:
            score("cows", answers)
        assert raised.value.item == str(item)


# ref: "none 0–4, mild 5–12, moderate 13–24, moderately-severe 25–36,
# severe > 36" (defaults table); "total 0–48" [S22][S23]
@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "none"),
        (4, "none"),
        (5, "mild"),
        (12, "mild"),
        (13, "moderate"),
        (24, "moderate"),
        (25, "moderately-severe"),
        (36, "moderately-severe"),
        (37, "severe"),
        (48, "severe"),
    ],
)
def test_it_bands_the_total_at_every_boundary(total: int, band: str) -> None:
    result = score("cows", answers_totalling("cows", total))
    assert (result.total, result.band, result.positive) == (total, band, None)


def test_its_maximum_total_is_48() -> None:
    # ref: "total 0–48"
    assert score("cows", [max(v) for v in ALLOWED.values()]).total == 48


def test_every_item_has_an_anchor_for_each_allowed_value() -> None:
    for item in get("cows").items:
        assert set(item.anchor_map) == set(item.values) == ALLOWED[int(item.number)]
