import pytest

from openiop.measures.instruments import ScoringError, get, score

ORDER = [str(n) for n in range(1, 18)] + [f"7{x}" for x in "ABCDEFG"]


def bam(drug_types: list[int | None] | None = None, /, **items: int) -> list[int | None]:
    """Items 1–17 at 0 unless given as i<n>=value, then 7A–7G."""
    answers: list[int | None] = [0] * 17
    for name, value in items.items():
        answers[int(name[1:]) - 1] = value
    return answers + (drug_types if drug_types is not None else [0] * 7)


def test_it_takes_items_1_to_17_then_7a_to_7g() -> None:
    # ref: "`bam` | 24: items 1–17 in order, then 7A–7G"
    assert [item.number for item in get("bam").items] == ORDER


# ref: "Use = items 4+5+6. Risk = items 1, 2, 3, 8, 11, 15. Protective = items
# 9, 10, 12, 13, 14, 16" [S25]
@pytest.mark.parametrize(
    ("item", "subscale"),
    [
        *[(n, "use") for n in (4, 5, 6)],
        *[(n, "risk") for n in (1, 2, 3, 8, 11, 15)],
        *[(n, "protective") for n in (9, 10, 12, 13, 14, 16)],
        (7, None),
        (17, None),  # ref: "item 17 (overall progress) belongs to no subscale"
    ],
)
def test_each_item_counts_toward_its_own_subscale(item: int, subscale: str | None) -> None:
    result = score("bam", bam(**{f"i{item}": 3}))
    expected = {"use": 0, "risk": 0, "protective": 0}
    if subscale is not None:
        expected[subscale] = 3
    assert result.subscales == expected


def test_it_sums_the_subscales_and_has_no_total() -> None:
    # ref: "There is no validated total score; review at item level" [S25][S26]
    result = score("bam", [4] * 24)
    assert result.subscales == {"use": 12, "risk": 24, "protective": 24}
    assert (result.total, result.band, result.positive) == (None, None, None)


@pytest.mark.parametrize(
    "drug_types",
    [[None] * 7, [0] * 7, [None, 0, None, 0, None, 0, None]],
    ids=["all-none", "all-zero", "mixed"],
)
def test_drug_types_may_be_none_when_item_6_is_zero(
    drug_types: list[int | None],
) -> None:
    # ref: "7A–7G may be `None` when item 6 is 0"
    assert score("bam", bam(drug_types)).subscales["use"] == 0


def test_drug_types_are_required_when_item_6_is_not_zero() -> None:
    with pytest.raises(ScoringError) as raised:
        score("bam", bam([2, None, 0, 0, 0, 0, 0], i6=2))
    assert raised.value.item == "7B"
    assert "because item 6 is 2" in str(raised.value)


def test_drug_types_take_0_to_4() -> None:
    # ref: "0–4 each"
    with pytest.raises(ScoringError) as raised:
        score("bam", bam([5, 0, 0, 0, 0, 0, 0], i6=1))
    assert raised.value.item == "7A"
