"""BAM (VA Brief Addiction Monitor): 24 answers, subscale sums, no total [S25][S26].

Answer order: items 1–17, then 7A–7G. 7A–7G elaborate item 6 and may be None
when item 6 is 0; item 17 belongs to no subscale. There is no validated total
score [S25][S26], so total, band and positive are None.
"""

from .base import Instrument, Item, Skip, Subscale, score_subscales_only

ZERO_TO_FOUR = (0, 1, 2, 3, 4)
_AFTER_ITEM_6 = Skip(when_item="6", equals=0, must=False)

LABELS = (
    "Physical health",
    "Sleep problems",
    "Anxious or depressed mood",
    "Days of any alcohol use",
    "Days of heavy drinking",
    "Days of any drug use",
    "Drug use by type (see 7A–7G)",
    "Cravings",
    "Confidence in staying abstinent",
    "Self-help meeting attendance",
    "Risky situations",
    "Support from religion or spirituality",
    "Time in work, school or volunteering",
    "Enough income for necessities",
    "Conflict with family or friends",
    "Contact with supportive family or friends",
    "Satisfaction with progress",
)
DRUG_TYPES = (
    ("7A", "Marijuana"),
    ("7B", "Sedatives or tranquilisers"),
    ("7C", "Cocaine or crack"),
    ("7D", "Other stimulants"),
    ("7E", "Opioids"),
    ("7F", "Inhalants"),
    ("7G", "Other drugs"),
)

BAM = Instrument(
    code="bam",
    name="Brief Addiction Monitor (BAM)",
    items=(
        *(Item(str(n), label, ZERO_TO_FOUR) for n, label in enumerate(LABELS, 1)),
        *(Item(n, label, ZERO_TO_FOUR, skip=_AFTER_ITEM_6) for n, label in DRUG_TYPES),
    ),
    licence="Federal (VA) work; public-domain status UNVERIFIED. Neutral labels.",
    wording_allowed=False,
    scorer=score_subscales_only,
    sources="[S25][S26][S27][S28]",
    subscales=(
        Subscale("use", ("4", "5", "6")),
        Subscale("risk", ("1", "2", "3", "8", "11", "15")),
        Subscale("protective", ("9", "10", "12", "13", "14", "16")),
    ),
)
