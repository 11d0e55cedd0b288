import pytest

from openiop.measures.instruments import ScoringError, get, score
from openiop.measures.tests import answers_totalling


# ref: "Nine are scored 0–7 … Orientation/clouding of sensorium is scored 0–4"
@pytest.mark.parametrize(
    ("item", "value", "ok"),
    [
        pytest.param(1, 7, True, id="item-1-accepts-7"),
        pytest.param(9, 7, True, id="item-9-accepts-7"),
        pytest.param(1, 8, False, id="item-1-rejects-8"),
        pytest.param(10, 4, True, id="item-10-accepts-4"),
        pytest.param(10, 5, False, id="item-10-rejects-5"),
        pytest.param(10, 7, False, id="item-10-rejects-7"),
    ],
)
def test_it_accepts_0_to_7_except_orientation_0_to_4(item: int, value: int, ok: bool) -> None:
    answers = [0] * 10
    answers[item - 1] = value
    if ok:
        assert score("ciwa-ar", answers).total == value
    else:
        with pytest.raises(ScoringError) as raised:
            score("ciwa-ar", answers)
        assert raised.value.item == str(item)


# ref: "ASAM guideline: <10 mild; 10–18 moderate; ≥19 severe … Use these as the
# configurable default" [S21]
@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (18, "moderate"),
        (19, "severe"),
        (67, "severe"),
    ],
)
def test_it_bands_the_total_by_the_asam_default(total: int, band: str) -> None:
    result = score("ciwa-ar", answers_totalling("ciwa-ar", total))
    assert (result.total, result.band, result.positive) == (total, band, None)


def test_a_program_may_configure_the_bands() -> None:
    # ref: "Bands conflict … VA: … 8–15 moderate; ≥15 severe [S18]"
    config = {"bands": [("mild", 7), ("moderate", 14), ("severe", None)]}
    answers = answers_totalling("ciwa-ar", 8)
    assert score("ciwa-ar", answers, config=config).band == "moderate"
    assert score("ciwa-ar", answers).band == "mild"


@pytest.mark.parametrize(
    "bands",
    [
        pytest.param([("minimal", 7), ("moderate", 14), ("severe", None)], id="codes"),
        pytest.param([("mild", 14), ("moderate", 7), ("severe", None)], id="order"),
        pytest.param([("mild", 7), ("moderate", 14), ("severe", 20)], id="open-end"),
        pytest.param([("mild", "7"), ("moderate", 14), ("severe", None)], id="type"),
        pytest.param("mild", id="not-a-list"),
    ],
)
def test_it_rejects_bands_that_break_the_contract(bands: object) -> None:
    with pytest.raises(ScoringError) as raised:
        score("ciwa-ar", [0] * 10, config={"bands": bands})
    assert raised.value.item == "config"


def test_every_item_has_anchors_for_entry_forms() -> None:
    for item in get("ciwa-ar").items:
        assert item.anchors
        assert set(item.anchor_map) <= set(item.values)
        assert {min(item.values), max(item.values)} <= set(item.anchor_map)
