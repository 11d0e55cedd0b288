"""DAST-10: 10 yes/no items; item 3 reverse-scored; total 0–10 [S15][S16]."""

from .base import Band, Instrument, Item, Loinc, numbered, score_sum

YES_NO = ((1, "Yes"), (0, "No"))
LABELS = (
    "Used drugs other than for medical reasons",
    "Used more than one drug at a time",
    "Able to stop using when wanted",
    "Blackouts or flashbacks from drug use",
    "Felt bad or guilty about drug use",
    "Family or partner complained about drug use",
    "Neglected family because of drug use",
    "Illegal activities to obtain drugs",
    "Withdrawal symptoms when stopped",
    "Medical problems from drug use",
)

# Marked * in the reference: override with config={"positive_cutoff": n}.
POSITIVE_CUTOFF = 3

DAST10 = Instrument(
    code="dast10",
    name="Drug Abuse Screening Test (DAST-10)",
    items=tuple(
        # Answers are yes = 1 / no = 0 as answered; item 3 scores "no" [S15].
        Item(number, label, (0, 1), anchors=YES_NO, reverse=number == "3")
        for number, label in numbered(LABELS)
    ),
    licence=(
        "© 1982 Skinner/CAMH; free for non-commercial clinical, research and "
        "training use with credit [S10]. Neutral labels only."
    ),
    wording_allowed=False,
    scorer=score_sum,
    sources="[S10][S15][S16][S17]",
    loinc_panel=Loinc("82666-9", verified=False),
    loinc_total=Loinc("82667-7", verified=True),  # [S17]
    bands=(
        Band("none", 0),
        Band("low", 2),
        Band("moderate", 5),
        Band("substantial", 8),
        Band("severe", None),
    ),
    positive_cutoff=POSITIVE_CUTOFF,
    configurable=frozenset({"positive_cutoff"}),
)
