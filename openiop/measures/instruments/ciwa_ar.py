"""CIWA-Ar: 10 clinician-rated items, total 0–67 [S19]; bands per ASAM [S21].

Anchors are short paraphrases for entry forms, not the published wording
("not copyrighted" is claimed but UNVERIFIED).
"""

from .base import Band, Instrument, Item, score_sum

ZERO_TO_SEVEN = tuple(range(8))
ZERO_TO_FOUR = tuple(range(5))

_PERCEPTUAL = (
    (0, "None"),
    (1, "Very mild"),
    (2, "Mild"),
    (3, "Moderate"),
    (4, "Moderately severe hallucinations"),
    (5, "Severe hallucinations"),
    (6, "Extremely severe hallucinations"),
    (7, "Continuous hallucinations"),
)

ITEMS = (
    Item(
        "1",
        "Nausea and vomiting",
        ZERO_TO_SEVEN,
        anchors=(
            (0, "No nausea, no vomiting"),
            (1, "Mild nausea, no vomiting"),
            (4, "Intermittent nausea with dry heaves"),
            (7, "Constant nausea, frequent dry heaves and vomiting"),
        ),
    ),
    Item(
        "2",
        "Tremor",
        ZERO_TO_SEVEN,
        anchors=(
            (0, "No tremor"),
            (1, "Not visible, can be felt fingertip to fingertip"),
            (4, "Moderate, with arms extended"),
            (7, "Severe, even with arms not extended"),
        ),
    ),
    Item(
        "3",
        "Paroxysmal sweats",
        ZERO_TO_SEVEN,
        anchors=(
            (0, "No sweat visible"),
            (1, "Barely perceptible, palms moist"),
            (4, "Beads of sweat obvious on forehead"),
            (7, "Drenching sweats"),
        ),
    ),
    Item(
        "4",
        "Anxiety",
        ZERO_TO_SEVEN,
        anchors=(
            (0, "At ease"),
            (1, "Mildly anxious"),
            (4, "Moderately anxious or guarded"),
            (7, "Equivalent to acute panic"),
        ),
    ),
    Item(
        "5",
        "Agitation",
        ZERO_TO_SEVEN,
        anchors=(
            (0, "Normal activity"),
            (1, "Somewhat more than normal activity"),
            (4, "Moderately fidgety and restless"),
            (7, "Paces or constantly thrashes about"),
        ),
    ),
    Item("6", "Tactile disturbances", ZERO_TO_SEVEN, anchors=_PERCEPTUAL),
    Item("7", "Auditory disturbances", ZERO_TO_SEVEN, anchors=_PERCEPTUAL),
    Item("8", "Visual disturbances", ZERO_TO_SEVEN, anchors=_PERCEPTUAL),
    Item(
        "9",
        "Headache, fullness in head",
        ZERO_TO_SEVEN,
        anchors=(
            (0, "Not present"),
            (1, "Very mild"),
            (2, "Mild"),
            (3, "Moderate"),
            (4, "Moderately severe"),
            (5, "Severe"),
            (6, "Very severe"),
            (7, "Extremely severe"),
        ),
    ),
    Item(
        "10",
        "Orientation and clouding of sensorium",
        ZERO_TO_FOUR,
        anchors=(
            (0, "Oriented, can do serial additions"),
            (1, "Cannot do serial additions or uncertain about date"),
            (2, "Disoriented for date by no more than 2 days"),
            (3, "Disoriented for date by more than 2 days"),
            (4, "Disoriented for place and/or person"),
        ),
    ),
)

# Sources conflict (VA [S18], others [S20]); the ASAM guideline [S21] is the
# default, marked *: override with config={"bands": [("mild", 9), ...]}.
BANDS = (Band("mild", 9), Band("moderate", 18), Band("severe", None))

CIWA_AR = Instrument(
    code="ciwa-ar",
    name="Clinical Institute Withdrawal Assessment for Alcohol, revised (CIWA-Ar)",
    items=ITEMS,
    licence='"Not copyrighted" is widely claimed but UNVERIFIED. Neutral labels.',
    wording_allowed=False,
    scorer=score_sum,
    sources="[S18][S19][S20][S21]",
    bands=BANDS,
    configurable=frozenset({"bands"}),
)
