"""PHQ-9: 9 items, 0–3, total 0–27 [S1]. Wording free to reproduce [S2][S6]."""

from .base import Band, Instrument, Loinc, Responses, likert, numbered, score_sum

PHQ_PROMPT = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
PHQ_VALUES = (0, 1, 2, 3)
PHQ_ANCHORS = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
PHQ_LICENCE = 'Pfizer copyright; "No permission required to reproduce, translate, display or distribute" [S2][S6].'

LABELS = (
    "Little interest or pleasure",
    "Feeling down or hopeless",
    "Sleep problems",
    "Tired or little energy",
    "Appetite problems",
    "Feeling bad about yourself",
    "Trouble concentrating",
    "Moving or speaking slowly, or restless",
    "Thoughts of death or self-harm",
)
TEXTS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the "
    "opposite — being so fidgety or restless that you have been moving around "
    "a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)


def flags(r: Responses) -> list[str]:
    # Item 9 > 0 matters whatever the total [S1].
    return ["suicidal-ideation"] if r.points["9"] > 0 else []


PHQ9 = Instrument(
    code="phq9",
    name="Patient Health Questionnaire-9 (PHQ-9)",
    items=likert(numbered(LABELS), PHQ_VALUES, texts=TEXTS, anchors=PHQ_ANCHORS),
    licence=PHQ_LICENCE,
    wording_allowed=True,
    prompt=PHQ_PROMPT,
    scorer=score_sum,
    sources="[S1][S2][S5][S6][S17]",
    loinc_panel=Loinc("44249-1", verified=False),  # "verify at loinc.org" [S17]
    loinc_total=Loinc("44261-6", verified=True),  # [S5]
    bands=(
        Band("minimal", 4),
        Band("mild", 9),
        Band("moderate", 14),
        Band("moderately-severe", 19),
        Band("severe", None),
    ),
    positive_cutoff=10,
    flagger=flags,
)
