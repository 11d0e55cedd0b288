"""COWS: 11 clinician-rated items, per-item value sets, total 0–48 [S22][S23][S24].

Score only withdrawal-attributable signs [S22]. Anchors are short paraphrases
for entry forms (licence UNVERIFIED).
"""

from .base import Band, Instrument, Item, score_sum

ITEMS = (
    Item(
        "1",
        "Resting pulse rate",
        (0, 1, 2, 4),
        anchors=((0, "80 or below"), (1, "81–100"), (2, "101–120"), (4, "Over 120")),
    ),
    Item(
        "2",
        "Sweating",
        (0, 1, 2, 3, 4),
        anchors=(
            (0, "No chills or flushing"),
            (1, "Subjective chills or flushing"),
            (2, "Flushed or observable moistness on face"),
            (3, "Beads of sweat on brow or face"),
            (4, "Sweat streaming off face"),
        ),
    ),
    Item(
        "3",
        "Restlessness",
        (0, 1, 3, 5),
        anchors=(
            (0, "Able to sit still"),
            (1, "Reports difficulty sitting still, but is able to"),
            (3, "Frequent shifting or extraneous movements"),
            (5, "Unable to sit still for more than a few seconds"),
        ),
    ),
    Item(
        "4",
        "Pupil size",
        (0, 1, 2, 5),
        anchors=(
            (0, "Pinned or normal for room light"),
            (1, "Possibly larger than normal"),
            (2, "Moderately dilated"),
            (5, "So dilated only the rim of the iris is visible"),
        ),
    ),
    Item(
        "5",
        "Bone or joint aches",
        (0, 1, 2, 4),
        anchors=(
            (0, "Not present"),
            (1, "Mild diffuse discomfort"),
            (2, "Severe diffuse aching of joints or muscles"),
            (4, "Rubbing joints or muscles, unable to sit still"),
        ),
    ),
    Item(
        "6",
        "Runny nose or tearing",
        (0, 1, 2, 4),
        anchors=(
            (0, "Not present"),
            (1, "Nasal stuffiness or unusually moist eyes"),
            (2, "Nose running or tearing"),
            (4, "Nose constantly running or tears streaming"),
        ),
    ),
    Item(
        "7",
        "GI upset",
        (0, 1, 2, 3, 5),
        anchors=(
            (0, "No GI symptoms"),
            (1, "Stomach cramps"),
            (2, "Nausea or loose stool"),
            (3, "Vomiting or diarrhoea"),
            (5, "Multiple episodes of vomiting or diarrhoea"),
        ),
    ),
    Item(
        "8",
        "Tremor",
        (0, 1, 2, 4),
        anchors=(
            (0, "No tremor"),
            (1, "Tremor can be felt, not observed"),
            (2, "Slight tremor observable"),
            (4, "Gross tremor or muscle twitching"),
        ),
    ),
    Item(
        "9",
        "Yawning",
        (0, 1, 2, 4),
        anchors=(
            (0, "No yawning"),
            (1, "Once or twice during assessment"),
            (2, "Three or more times during assessment"),
            (4, "Several times a minute"),
        ),
    ),
    Item(
        "10",
        "Anxiety or irritability",
        (0, 1, 2, 4),
        anchors=(
            (0, "None"),
            (1, "Reports increasing irritability or anxiousness"),
            (2, "Obviously irritable or anxious"),
            (4, "So irritable or anxious that participation is difficult"),
        ),
    ),
    Item(
        "11",
        "Gooseflesh skin",
        (0, 3, 5),
        anchors=(
            (0, "Skin is smooth"),
            (3, "Piloerection can be felt or hairs standing up"),
            (5, "Prominent piloerection"),
        ),
    ),
)

COWS = Instrument(
    code="cows",
    name="Clinical Opiate Withdrawal Scale (COWS)",
    items=ITEMS,
    licence="Licence UNVERIFIED. Neutral labels and paraphrased anchors only.",
    wording_allowed=False,
    scorer=score_sum,
    sources="[S22][S23][S24]",
    bands=(
        Band("none", 4),
        Band("mild", 12),
        Band("moderate", 24),
        Band("moderately-severe", 36),
        Band("severe", None),
    ),
)
