"""URICA: 32 items, 1–5, four 7-item subscales; Readiness [S29][S30][S31].

Readiness = mean(C) + mean(A) + mean(M) − mean(PC), range −2 to +14 [S30].
It is computed exactly (all means share the denominator 7) so a value on a
band boundary is never nudged across it by floating-point error.
"""

from fractions import Fraction

from .base import (
    Band,
    Instrument,
    Item,
    Responses,
    Score,
    Subscale,
    band_for,
    subscale_values,
)

SUBSCALES = (
    Subscale("precontemplation", ("1", "5", "11", "13", "23", "26", "29"), "mean"),
    Subscale("contemplation", ("2", "8", "12", "15", "19", "21", "24"), "mean"),
    Subscale("action", ("3", "7", "10", "14", "17", "25", "30"), "mean"),
    Subscale("maintenance", ("6", "16", "18", "22", "27", "28", "32"), "mean"),
)
UNSCORED = ("4", "9", "20", "31")  # derived from the grid in [S29]
ANCHORS = (
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Undecided"),
    (4, "Agree"),
    (5, "Strongly agree"),
)

# Cut-offs ≤8 PC, ≤11 C, >11 preparation/action are UNVERIFIED (marked *);
# a value on a boundary goes to the lower stage. Override with
# config={"bands": [("precontemplation", 8), ("contemplation", 11),
#                   ("preparation-action", None)]}.
BANDS = (
    Band("precontemplation", 8),
    Band("contemplation", 11),
    Band("preparation-action", None),
)


def _subscale_of(number: str) -> str:
    for subscale in SUBSCALES:
        if number in subscale.items:
            return subscale.name
    return "unscored"


def readiness(r: Responses) -> Fraction:
    def mean(subscale: Subscale) -> Fraction:
        points = sum(r.points[n] for n in subscale.items)
        return Fraction(points, len(subscale.items))

    pc, c, a, m = (mean(s) for s in SUBSCALES)
    return c + a + m - pc


def score(r: Responses) -> Score:
    exact = readiness(r)
    return Score(
        code="urica",
        total=float(exact),
        band=band_for(exact, r.bands),
        positive=None,
        subscales=subscale_values(r),
    )


URICA = Instrument(
    code="urica",
    name="University of Rhode Island Change Assessment (URICA)",
    items=tuple(
        Item(str(n), f"Item {n} ({_subscale_of(str(n))})", (1, 2, 3, 4, 5), anchors=ANCHORS) for n in range(1, 33)
    ),
    licence="Licence UNVERIFIED (distributed freely). Neutral labels only.",
    wording_allowed=False,
    scorer=score,
    sources="[S29][S30][S31]",
    bands=BANDS,
    subscales=SUBSCALES,
    configurable=frozenset({"bands"}),
)
