"""C-SSRS Screener: 7 answers, highest-item risk logic, no total [S34][S35][S36].

Answers: Q1, Q2, Q3, Q4, Q5, Q6 and "Q6 within the past 3 months" (item
"6-3m"). Q3–Q5 are asked only when Q2 is yes; "6-3m" only when Q6 is yes.
There is no screening cut-off in the reference, so ``positive`` is None; the
risk level is the band and "moderate"/"high" raise the ``suicide-risk`` flag.
"""

from .base import Instrument, Item, Responses, Score, Skip

YES_NO = ((1, "Yes"), (0, "No"))
_AFTER_Q2 = Skip(when_item="2", equals=0, must=True)

ITEMS = (
    Item("1", "Wish to be dead (past month)", (0, 1), anchors=YES_NO),
    Item("2", "Suicidal thoughts (past month)", (0, 1), anchors=YES_NO),
    Item("3", "Thoughts with a method", (0, 1), anchors=YES_NO, skip=_AFTER_Q2),
    Item("4", "Intent, without a plan", (0, 1), anchors=YES_NO, skip=_AFTER_Q2),
    Item("5", "Plan and intent", (0, 1), anchors=YES_NO, skip=_AFTER_Q2),
    Item("6", "Suicidal behaviour (lifetime)", (0, 1), anchors=YES_NO),
    Item(
        "6-3m",
        "Suicidal behaviour within the past 3 months",
        (0, 1),
        anchors=YES_NO,
        skip=Skip(when_item="6", equals=0, must=True),
    ),
)


def risk_level(r: Responses) -> str:
    """Highest-item logic, not a sum [S34]."""
    yes = {number for number, value in r.answers.items() if value == 1}
    if yes & {"4", "5", "6-3m"}:
        return "high"
    if "3" in yes or ("6" in yes and r.answers["6-3m"] == 0):
        return "moderate"
    if yes & {"1", "2"}:
        return "low"
    return "none"


def score(r: Responses) -> Score:
    risk = risk_level(r)
    flags = []
    if r.answers["2"] == 1:
        flags.append("suicidal-ideation")
    if risk in ("moderate", "high"):
        flags.append("suicide-risk")
    return Score(code="cssrs-screen", total=None, band=risk, positive=None, flags=flags)


CSSRS_SCREEN = Instrument(
    code="cssrs-screen",
    name="Columbia Suicide Severity Rating Scale, screener (C-SSRS)",
    items=ITEMS,
    licence=(
        "Free for clinical and community use [S37]; commercial/EHR terms "
        "UNVERIFIED (ask the Columbia Lighthouse Project). Neutral labels only."
    ),
    wording_allowed=False,
    scorer=score,
    sources="[S34][S35][S36][S37]",
)
