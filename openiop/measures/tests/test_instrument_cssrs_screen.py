import pytest

from openiop.measures.instruments import ScoringError, score

# Answer order: Q1, Q2, Q3, Q4, Q5, Q6, Q6 within the past 3 months.
N = None


# ref: "Low: Yes to Q1 or Q2 only. Moderate: Yes to Q3, or Q6 lifetime but not
# within 3 months. High: Yes to Q4 or Q5 (past month), or Q6 within 3 months"
# [S35][S36]; "Use highest-item logic, not a sum" [S34]
@pytest.mark.parametrize(
    ("answers", "risk", "flags"),
    [
        pytest.param([0, 0, N, N, N, 0, N], "none", [], id="all-no-none"),
        pytest.param([1, 0, N, N, N, 0, N], "low", [], id="q1-low"),
        pytest.param([0, 1, 0, 0, 0, 0, N], "low", ["suicidal-ideation"], id="q2-low"),
        pytest.param(
            [1, 1, 1, 0, 0, 0, N],
            "moderate",
            ["suicidal-ideation", "suicide-risk"],
            id="q3-moderate",
        ),
        pytest.param(
            [0, 1, 0, 1, 0, 0, N],
            "high",
            ["suicidal-ideation", "suicide-risk"],
            id="q4-high",
        ),
        pytest.param(
            [0, 1, 0, 0, 1, 0, N],
            "high",
            ["suicidal-ideation", "suicide-risk"],
            id="q5-high",
        ),
        pytest.param([0, 0, N, N, N, 1, 0], "moderate", ["suicide-risk"], id="q6-lifetime"),
        pytest.param([0, 0, N, N, N, 1, 1], "high", ["suicide-risk"], id="q6-past-3-months"),
        pytest.param(
            [1, 1, 1, 1, 1, 1, 1],
            "high",
            ["suicidal-ideation", "suicide-risk"],
            id="all-yes-high",
        ),
    ],
)
def test_it_takes_the_risk_level_from_the_highest_item(answers: list[int | None], risk: str, flags: list[str]) -> None:
    result = score("cssrs-screen", answers)
    assert (result.band, result.flags) == (risk, flags)
    # ref: "`total` … `None` where the instrument has no total, e.g. BAM, C-SSRS"
    assert result.total is None
    assert result.positive is None


# ref: "If Q2 = No, jump to Q6"; "If Q2 = Yes, ask Q3 … Q4 … and Q5";
# "Q6 … then 'within past 3 months?'" (`None` when Q6 is "no")
@pytest.mark.parametrize(
    ("answers", "item"),
    [
        pytest.param([0, 0, 0, N, N, 0, N], "3", id="q3-answered-after-q2-no"),
        pytest.param([0, 0, N, N, 1, 0, N], "5", id="q5-answered-after-q2-no"),
        pytest.param([0, 1, N, 0, 0, 0, N], "3", id="q3-missing-after-q2-yes"),
        pytest.param([0, 1, 0, 0, N, 0, N], "5", id="q5-missing-after-q2-yes"),
        pytest.param([0, 0, N, N, N, 0, 0], "6-3m", id="recent-answered-q6-no"),
        pytest.param([0, 0, N, N, N, 1, N], "6-3m", id="recent-missing-q6-yes"),
        pytest.param([N, 0, N, N, N, 0, N], "1", id="q1-always-asked"),
        pytest.param([0, N, N, N, N, 0, N], "2", id="q2-always-asked"),
        pytest.param([0, 0, N, N, N, N, N], "6", id="q6-always-asked"),
    ],
)
def test_it_enforces_the_skip_logic(answers: list[int | None], item: str) -> None:
    with pytest.raises(ScoringError) as raised:
        score("cssrs-screen", answers)
    assert raised.value.item == item
    assert str(raised.value).startswith(f"item {item}: ")


def test_it_takes_seven_answers() -> None:
    # ref: "C-SSRS screener answers are 7 values"
    with pytest.raises(ScoringError) as raised:
        score("cssrs-screen", [0, 0, N, N, N, 0])
    assert raised.value.item == "answers"
