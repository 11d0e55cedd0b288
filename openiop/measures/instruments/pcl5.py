"""PCL-5: 20 items, 0–4, total 0–80; clusters B, C, D, E [S40][S41]. Public domain."""

from .base import Instrument, Responses, Subscale, likert, numbered, score_sum

TEXTS = (
    "Repeated, disturbing, and unwanted memories of the stressful experience?",
    "Repeated, disturbing dreams of the stressful experience?",
    "Suddenly feeling or acting as if the stressful experience were actually "
    "happening again (as if you were actually back there reliving it)?",
    "Feeling very upset when something reminded you of the stressful experience?",
    "Having strong physical reactions when something reminded you of the "
    "stressful experience (for example, heart pounding, trouble breathing, "
    "sweating)?",
    "Avoiding memories, thoughts, or feelings related to the stressful experience?",
    "Avoiding external reminders of the stressful experience (for example, "
    "people, places, conversations, activities, objects, or situations)?",
    "Trouble remembering important parts of the stressful experience?",
    "Having strong negative beliefs about yourself, other people, or the world "
    "(for example, having thoughts such as: I am bad, there is something "
    "seriously wrong with me, no one can be trusted, the world is completely "
    "dangerous)?",
    "Blaming yourself or someone else for the stressful experience or what happened after it?",
    "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
    "Loss of interest in activities that you used to enjoy?",
    "Feeling distant or cut off from other people?",
    "Trouble experiencing positive feelings (for example, being unable to feel "
    "happiness or have loving feelings for people close to you)?",
    "Irritable behavior, angry outbursts, or acting aggressively?",
    "Taking too many risks or doing things that could cause you harm?",
    'Being "superalert" or watchful or on guard?',
    "Feeling jumpy or easily startled?",
    "Having difficulty concentrating?",
    "Trouble falling or staying asleep?",
)
LABELS = (
    "Unwanted memories",
    "Disturbing dreams",
    "Flashbacks",
    "Upset by reminders",
    "Physical reactions to reminders",
    "Avoiding memories or feelings",
    "Avoiding external reminders",
    "Trouble remembering",
    "Strong negative beliefs",
    "Blame",
    "Strong negative feelings",
    "Loss of interest",
    "Feeling distant",
    "Trouble with positive feelings",
    "Irritability or aggression",
    "Risk-taking",
    "Hypervigilance",
    "Jumpy or startled",
    "Difficulty concentrating",
    "Sleep problems",
)
ANCHORS = (
    (0, "Not at all"),
    (1, "A little bit"),
    (2, "Moderately"),
    (3, "Quite a bit"),
    (4, "Extremely"),
)


def _numbers(first: int, last: int) -> tuple[str, ...]:
    return tuple(str(n) for n in range(first, last + 1))


CLUSTERS = (
    Subscale("B", _numbers(1, 5)),
    Subscale("C", _numbers(6, 7)),
    Subscale("D", _numbers(8, 14)),
    Subscale("E", _numbers(15, 20)),
)
# Provisional diagnosis: items ≥ 2 count as endorsed; need this many per cluster.
ENDORSED_AT = 2
ENDORSED_NEEDED = {"B": 1, "C": 1, "D": 2, "E": 2}

# Cut-point 31–33 [S40]; 33 is the default, marked *:
# override with config={"positive_cutoff": 31}.
POSITIVE_CUTOFF = 33


def flags(r: Responses) -> list[str]:
    for cluster in CLUSTERS:
        endorsed = sum(r.points[n] >= ENDORSED_AT for n in cluster.items)
        if endorsed < ENDORSED_NEEDED[cluster.name]:
            return []
    return ["provisional-ptsd"]


PCL5 = Instrument(
    code="pcl5",
    name="PTSD Checklist for DSM-5 (PCL-5)",
    items=likert(numbered(LABELS), (0, 1, 2, 3, 4), texts=TEXTS, anchors=ANCHORS),
    licence="Public domain (National Center for PTSD) [S41].",
    wording_allowed=True,
    prompt="In the past month, how much were you bothered by:",
    scorer=score_sum,
    sources="[S40][S41]",
    # LOINC UNVERIFIED in the reference: no code is sent.
    positive_cutoff=POSITIVE_CUTOFF,
    subscales=CLUSTERS,
    flagger=flags,
    configurable=frozenset({"positive_cutoff"}),
)
