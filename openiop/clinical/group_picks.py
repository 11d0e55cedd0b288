"""The group note's pick lists and the sentences each choice writes into a client's chart.

One table per list: (stored value, what the grid offers, what the filed note says). The offered
labels of a list start with different letters, so a focused ``<select>`` takes one key (type-ahead).
The chart sentences are written for one person's record: they never name the group's other members.
Pure: no Django.
"""

from dataclasses import dataclass

Pick = tuple[str, str, str]

PARTICIPATION: list[Pick] = [
    ("active", "Active — contributed without prompting", "Participated actively, contributing without prompting."),
    ("prompted", "Prompted — contributed when invited", "Participated when invited by the facilitator."),
    ("minimal", "Minimal — brief answers only", "Participated minimally, with brief answers."),
    ("listened", "Listened — attentive, did not speak", "Attentive throughout but did not contribute verbally."),
    ("disruptive", "Disruptive — needed redirection", "Was disruptive and needed redirection."),
]
ENGAGEMENT: list[Pick] = [
    ("insightful", "Insightful — applied it to own life", "Engaged with insight, applying the skill to own situation."),
    ("receptive", "Receptive — accepted feedback, practised", "Receptive: accepted feedback and practised the skill."),
    (
        "ambivalent",
        "Ambivalent — engaged with some resistance",
        "Engaged with some ambivalence.",
    ),
    ("guarded", "Guarded — limited engagement", "Guarded, with limited engagement in the interventions."),
    ("dismissive", "Dismissive — rejected feedback", "Dismissive of the interventions and of feedback."),
]
MOOD: list[Pick] = [
    ("euthymic", "Euthymic — steady mood, congruent affect", "Mood euthymic; affect congruent, full range."),
    ("anxious", "Anxious", "Mood anxious; affect congruent."),
    ("dysphoric", "Dysphoric — low, sad", "Mood low (dysphoric); affect constricted."),
    ("irritable", "Irritable", "Mood irritable; affect congruent."),
    ("flat", "Flat or blunted affect", "Affect flat or blunted."),
    ("tearful", "Tearful", "Mood sad; tearful at times."),
    ("labile", "Labile", "Affect labile."),
    ("bright", "Bright or elevated", "Mood bright to elevated; affect expansive."),
]
PROGRESS: list[Pick] = [
    ("progressing", "Progressing", "progressing."),
    ("some", "Some progress — early steps", "some progress, early steps."),
    ("none", "No change", "no change this session."),
    ("worse", "Worse — moved away from it", "moved away from it this session."),
    ("met", "Met", "met."),
]
RISK: list[Pick] = [
    ("none", "None observed", "No risk indicators observed."),
    (
        "passive_si",
        "Passive suicidal thoughts, no plan",
        "Passive suicidal thoughts, without plan or intent.",
    ),
    ("suicidal", "Suicidal ideation with plan or intent", "Suicidal ideation with plan or intent expressed."),
    ("harm_self", "Harm to self — urges or acts", "Self-harm urges or acts disclosed."),
    ("threats", "Threats or thoughts of harming others", "Thoughts or threats of harming others expressed."),
    ("use", "Use or intoxication", "Recent substance use reported or intoxication suspected."),
    (
        "eating",
        "Eating-disorder behaviours",
        "Eating-disorder behaviours disclosed (restricting, bingeing, purging).",
    ),
    ("other", "Other — describe in the line", "Other risk observed (see participation)."),
]

# Risk that must reach a named clinician at once (an alert when the note is signed).
ALERTING_RISK = {"passive_si": "high", "suicidal": "urgent", "harm_self": "urgent"}


def choices(table: list[Pick]) -> list[tuple[str, str]]:
    return [(value, offered) for value, offered, _ in table]


def _sentence(table: list[Pick], value: str) -> str:
    return next((said for key, _, said in table if key == value), "")


def _as_sentence(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


@dataclass(frozen=True)
class EntryPicks:
    participation_level: str
    engagement: str
    mood: str
    progress_rating: str
    risk: str
    comment: str
    objective: str  # the objective's text, "" when none was chosen


def chart_sections(picks: EntryPicks) -> dict[str, str]:
    """The client's own sections of the filed group note (keys of the "group" note format)."""
    participation = " ".join(
        part for part in (_sentence(PARTICIPATION, picks.participation_level), _as_sentence(picks.comment)) if part
    )
    progress = ""
    if picks.objective:
        said = _sentence(PROGRESS, picks.progress_rating) or "not rated this session."
        progress = f"Toward “{picks.objective}”: {said}"
    return {
        "participation": participation,
        "response": _sentence(ENGAGEMENT, picks.engagement),
        "progress": progress,
        "mood_affect": _sentence(MOOD, picks.mood),
        "risk_observed": _sentence(RISK, picks.risk),
    }
