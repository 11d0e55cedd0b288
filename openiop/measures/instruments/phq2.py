"""PHQ-2: PHQ-9 items 1–2, total 0–6; screening only [S2]."""

from .base import Instrument, Loinc, likert, score_sum
from .phq9 import LABELS, PHQ_ANCHORS, PHQ_LICENCE, PHQ_PROMPT, PHQ_VALUES, TEXTS

# ≥3 is the optimal cut-point; ≥2 is more sensitive [S2]. Marked * in the
# reference: override with config={"positive_cutoff": 2}.
POSITIVE_CUTOFF = 3

PHQ2 = Instrument(
    code="phq2",
    name="Patient Health Questionnaire-2 (PHQ-2)",
    items=likert(
        [("1", LABELS[0]), ("2", LABELS[1])],
        PHQ_VALUES,
        texts=TEXTS[:2],
        anchors=PHQ_ANCHORS,
    ),
    licence=PHQ_LICENCE,
    wording_allowed=True,
    prompt=PHQ_PROMPT,
    scorer=score_sum,
    sources="[S2][S17]",
    loinc_panel=Loinc("55757-9", verified=False),
    loinc_total=Loinc("55758-7", verified=True),  # [S17]
    positive_cutoff=POSITIVE_CUTOFF,
    configurable=frozenset({"positive_cutoff"}),
)
