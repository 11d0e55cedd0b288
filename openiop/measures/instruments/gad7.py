"""GAD-7: 7 items on the PHQ response scale, total 0–21 [S3][S4]."""

from .base import Band, Instrument, Loinc, likert, numbered, score_sum
from .phq9 import PHQ_ANCHORS, PHQ_LICENCE, PHQ_PROMPT, PHQ_VALUES

LABELS = (
    "Nervous, anxious or on edge",
    "Cannot stop or control worrying",
    "Worrying too much",
    "Trouble relaxing",
    "Restless, hard to sit still",
    "Easily annoyed or irritable",
    "Afraid something awful might happen",
)
TEXTS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
)

GAD7 = Instrument(
    code="gad7",
    name="Generalized Anxiety Disorder-7 (GAD-7)",
    items=likert(numbered(LABELS), PHQ_VALUES, texts=TEXTS, anchors=PHQ_ANCHORS),
    licence=PHQ_LICENCE,
    wording_allowed=True,
    prompt=PHQ_PROMPT,
    scorer=score_sum,
    sources="[S3][S4][S5][S6]",
    loinc_panel=Loinc("69737-5", verified=True),  # [S6]
    loinc_total=Loinc("70274-6", verified=True),  # [S5]
    bands=(
        Band("minimal", 4),
        Band("mild", 9),
        Band("moderate", 14),
        Band("severe", None),
    ),
    positive_cutoff=10,  # ≥10 → further evaluation [S3][S4]
)
