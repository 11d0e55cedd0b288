import pytest

from openiop.measures.instruments import ScoringError, get, score

QUIET = [0] * 10


def answers(**points: int) -> list[int]:
    """All zero except the given items, e.g. answers(i4=2, i9=4)."""
    result = list(QUIET)
    for name, value in points.items():
        result[int(name[1:]) - 1] = value
    return result


# ref: "zone-1 0–7, zone-2 8–15, zone-3 16–19, zone-4 20–40" (defaults table)
@pytest.mark.parametrize(
    ("given", "total", "band"),
    [
        pytest.param(QUIET, 0, "zone-1", id="0-zone-1"),
        pytest.param([4, 3, 0, 0, 0, 0, 0, 0, 0, 0], 7, "zone-1", id="7-zone-1"),
        pytest.param([4, 4, 0, 0, 0, 0, 0, 0, 0, 0], 8, "zone-2", id="8-zone-2"),
        pytest.param([4, 4, 4, 0, 0, 0, 3, 0, 0, 0], 15, "zone-2", id="15-zone-2"),
        pytest.param([4, 4, 4, 0, 0, 0, 4, 0, 0, 0], 16, "zone-3", id="16-zone-3"),
        pytest.param([4, 4, 4, 0, 0, 0, 4, 3, 0, 0], 19, "zone-3", id="19-zone-3"),
        pytest.param([4, 4, 4, 0, 0, 0, 4, 4, 0, 0], 20, "zone-4", id="20-zone-4"),
        pytest.param([4] * 10, 40, "zone-4", id="40-zone-4"),
    ],
)
def test_it_bands_the_total_into_who_zones(given: list[int], total: int, band: str) -> None:
    result = score("audit", given)
    assert (result.total, result.band) == (total, band)


# ref: "`positive` ≥ 8" (defaults table)
@pytest.mark.parametrize(
    ("given", "positive"),
    [([4, 3] + [0] * 8, False), ([4, 4] + [0] * 8, True)],
    ids=["7-negative", "8-positive"],
)
def test_it_is_positive_from_a_total_of_eight(given: list[int], positive: bool) -> None:
    assert score("audit", given).positive is positive


# ref: "items 9–10: 0, 2, 4" (defaults table); "scored 0, 2, 4" [S9]
@pytest.mark.parametrize("item", [9, 10])
@pytest.mark.parametrize("value", [1, 3])
def test_it_rejects_odd_points_on_items_9_and_10(item: int, value: int) -> None:
    with pytest.raises(ScoringError) as raised:
        score("audit", answers(**{f"i{item}": value}))
    assert raised.value.item == str(item)
    assert "(allowed: 0, 2, 4)" in str(raised.value)


@pytest.mark.parametrize("item", [9, 10])
@pytest.mark.parametrize("value", [0, 2, 4])
def test_it_accepts_0_2_and_4_on_items_9_and_10(item: int, value: int) -> None:
    assert score("audit", answers(**{f"i{item}": value})).total == value


# ref: "escalate one level if item 4, 5 or 6 is ≥2, or item 9 or 10 = 4" [S7]
@pytest.mark.parametrize(
    "given",
    [
        pytest.param(answers(i4=2), id="item-4-is-2"),
        pytest.param(answers(i5=2), id="item-5-is-2"),
        pytest.param(answers(i6=3), id="item-6-is-3"),
        pytest.param(answers(i9=4), id="item-9-is-4"),
        pytest.param(answers(i10=4), id="item-10-is-4"),
    ],
)
def test_it_flags_escalate(given: list[int]) -> None:
    assert score("audit", given).flags == ["escalate"]


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(answers(i4=1, i5=1, i6=1), id="items-4-6-at-1"),
        pytest.param(answers(i9=2, i10=2), id="items-9-10-at-2"),
        pytest.param(answers(i1=4, i2=4, i3=4, i7=4, i8=4), id="other-items-high"),
    ],
)
def test_it_does_not_flag_escalate_below_the_rule(given: list[int]) -> None:
    assert "escalate" not in score("audit", given).flags


# ref: "Items 4–6 summing ≥4 suggests dependence [S116]"
@pytest.mark.parametrize(
    ("given", "flags"),
    [
        pytest.param(answers(i4=1, i5=1, i6=1), [], id="sum-3"),
        pytest.param(answers(i4=1, i5=1, i6=2), ["escalate", "dependence-likely"], id="sum-4"),
        pytest.param(answers(i4=4, i5=4, i6=4), ["escalate", "dependence-likely"], id="sum-12"),
    ],
)
def test_it_flags_dependence_likely_when_items_4_to_6_sum_to_four(given: list[int], flags: list[str]) -> None:
    assert score("audit", given).flags == flags


def test_it_ships_neutral_labels_only() -> None:
    # ref: "WHO copyright; CamCOPS notes non-commercial permission only [S10b]"
    audit = get("audit")
    assert not audit.wording_allowed
    assert all(item.text is None for item in audit.items)
    assert audit.loinc_total is not None and audit.loinc_total.code == "75624-7"
    assert audit.loinc_panel is not None and not audit.loinc_panel.verified
