import pytest

from openiop.measures.instruments import score

# ref: "PC = 1, 5, 11, 13, 23, 26, 29; C = 2, 8, 12, 15, 19, 21, 24;
# A = 3, 7, 10, 14, 17, 25, 30; M = 6, 16, 18, 22, 27, 28, 32" [S29][S31]
PC = (1, 5, 11, 13, 23, 26, 29)
C = (2, 8, 12, 15, 19, 21, 24)
A = (3, 7, 10, 14, 17, 25, 30)
M = (6, 16, 18, 22, 27, 28, 32)
UNSCORED = (4, 9, 20, 31)


def urica(pc: int, c: int, a: int, m: int, *, unscored: int = 3, **items: int) -> list[int]:
    """Every item of a subscale at one value; unscored items at ``unscored``;
    single items overridden with i<n>=value."""
    answers = [unscored] * 32
    for numbers, value in ((PC, pc), (C, c), (A, a), (M, m)):
        for n in numbers:
            answers[n - 1] = value
    for name, value in items.items():
        answers[int(name[1:]) - 1] = value
    return answers


def test_it_reports_subscale_means_and_readiness() -> None:
    # ref: "Readiness = mean(C) + mean(A) + mean(M) − mean(PC)" [S30]
    result = score("urica", urica(2, 4, 3, 5, i2=5))
    assert result.subscales == {
        "precontemplation": 2.0,
        "contemplation": 29 / 7,
        "action": 3.0,
        "maintenance": 5.0,
    }
    assert result.total == pytest.approx(29 / 7 + 3 + 5 - 2)
    assert isinstance(result.total, float)
    assert result.positive is None


# ref: "range −2 to +14" [S30]
@pytest.mark.parametrize(
    ("answers", "readiness"),
    [(urica(5, 1, 1, 1), -2.0), (urica(1, 5, 5, 5), 14.0)],
    ids=["lowest", "highest"],
)
def test_readiness_ranges_from_minus_2_to_14(answers: list[int], readiness: float) -> None:
    assert score("urica", answers).total == readiness


# ref: "Items 4, 9, 20 and 31 are unscored" [S29]
@pytest.mark.parametrize("unscored", [1, 5])
def test_it_ignores_the_unscored_items(unscored: int) -> None:
    baseline = score("urica", urica(2, 4, 4, 4))
    assert score("urica", urica(2, 4, 4, 4, unscored=unscored)) == baseline


# ref: "band precontemplation ≤ 8, contemplation ≤ 11, preparation-action > 11*
# (a value on a boundary goes to the lower stage)" (defaults table)
@pytest.mark.parametrize(
    ("answers", "readiness", "band"),
    [
        pytest.param(urica(1, 3, 3, 2), 7.0, "precontemplation", id="7"),
        pytest.param(urica(1, 3, 3, 3), 8.0, "precontemplation", id="8-boundary"),
        pytest.param(urica(1, 3, 3, 3, i2=4), 8 + 1 / 7, "contemplation", id="8+1/7"),
        pytest.param(urica(1, 4, 4, 4), 11.0, "contemplation", id="11-boundary"),
        pytest.param(urica(1, 4, 4, 4, i2=5), 11 + 1 / 7, "preparation-action", id="11+1/7"),
        pytest.param(urica(1, 5, 5, 5), 14.0, "preparation-action", id="14"),
    ],
)
def test_a_value_on_a_boundary_goes_to_the_lower_stage(answers: list[int], readiness: float, band: str) -> None:
    result = score("urica", answers)
    assert result.total == pytest.approx(readiness)
    assert result.band == band


def test_a_boundary_reached_through_sevenths_is_still_exact() -> None:
    # C 3 + A 3 + M 22/7 − PC 8/7 = 8 exactly; float means could land a hair
    # above 8 and move the stage.
    result = score("urica", urica(1, 3, 3, 3, i6=4, i1=2))
    assert result.total == 8.0
    assert result.band == "precontemplation"


def test_a_program_may_configure_the_stage_cutoffs() -> None:
    # ref: "The cut-offs ≤8 PC, 8–11 C and 11–14 preparation/action are
    # **UNVERIFIED**"
    config = {
        "bands": [
            ("precontemplation", 7),
            ("contemplation", 10),
            ("preparation-action", None),
        ]
    }
    assert score("urica", urica(1, 3, 3, 3), config=config).band == "contemplation"
