import pytest

from openiop.measures.instruments import ScoringError, get, score


# ref: "Positive: men ≥4, women ≥3" [S11][S12]
@pytest.mark.parametrize(
    ("sex", "answers", "positive"),
    [
        pytest.param("male", [1, 1, 1], False, id="male-3-negative"),
        pytest.param("male", [2, 1, 1], True, id="male-4-positive"),
        pytest.param("female", [1, 1, 0], False, id="female-2-negative"),
        pytest.param("female", [1, 1, 1], True, id="female-3-positive"),
        pytest.param("male", [4, 4, 4], True, id="male-12-positive"),
    ],
)
def test_its_cutoff_depends_on_sex(sex: str, answers: list[int], positive: bool) -> None:
    result = score("auditc", answers, sex=sex)
    assert result.positive is positive
    assert result.band is None  # ref: AUDIT-C has no band in the contract


# ref: "If every point comes from item 1, treat as below limits and review
# intake" [S12]
@pytest.mark.parametrize(
    ("sex", "answers", "positive", "flags"),
    [
        pytest.param("male", [4, 0, 0], False, ["review-intake"], id="male-4-item-1"),
        pytest.param("female", [3, 0, 0], False, ["review-intake"], id="female-3-item-1"),
        pytest.param("female", [2, 0, 0], False, [], id="female-below-cutoff"),
        pytest.param("male", [3, 1, 0], True, [], id="male-item-2-counts"),
        pytest.param("male", [3, 0, 1], True, [], id="male-item-3-counts"),
    ],
)
def test_it_treats_points_only_from_item_1_as_below_limits(
    sex: str, answers: list[int], positive: bool, flags: list[str]
) -> None:
    result = score("auditc", answers, sex=sex)
    assert (result.positive, result.flags) == (positive, flags)


def test_it_requires_sex() -> None:
    # ref: "`sex` ("female" / "male") is required where cut-offs depend on it"
    with pytest.raises(ScoringError) as raised:
        score("auditc", [1, 1, 1])
    assert raised.value.item == "sex"


@pytest.mark.parametrize("sex", ["F", "Female", "other", "", 1, True])
def test_it_rejects_a_sex_it_cannot_apply(sex: object) -> None:
    with pytest.raises(ScoringError) as raised:
        score("auditc", [1, 1, 1], sex=sex)  # type: ignore[arg-type]
    assert raised.value.item == "sex"


def test_it_has_the_audit_c_loinc_codes() -> None:
    # ref: "LOINC: panel 72109-2 [S14], total 75626-2 [S13]"
    auditc = get("auditc")
    assert auditc.loinc_panel is not None and auditc.loinc_panel.code == "72109-2"
    assert auditc.loinc_total is not None and auditc.loinc_total.code == "75626-2"
