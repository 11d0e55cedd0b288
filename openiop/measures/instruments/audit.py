"""AUDIT (WHO): 10 items, total 0–40, zones I–IV [S7][S8][S9][S116]."""

from .base import Band, Instrument, Item, Loinc, Responses, score_sum

LICENCE = (
    "WHO copyright; CamCOPS notes non-commercial permission only [S10b]. "
    "Confirm commercial terms with WHO. Neutral labels only."
)
LIKERT_0_4 = (0, 1, 2, 3, 4)
LABELS = (
    "Frequency of drinking",
    "Drinks on a typical drinking day",
    "Frequency of six or more drinks",
    "Could not stop once started",
    "Failed expectations because of drinking",
    "Needed a first drink in the morning",
    "Guilt or remorse after drinking",
    "Could not remember the night before",
    "Injury because of drinking",
    "Others concerned about drinking",
)
# Items 9–10: No / Yes, but not in the last year / Yes, during the last year [S9].
YES_WHEN_ANCHORS = (
    (0, "No"),
    (2, "Yes, but not in the last year"),
    (4, "Yes, during the last year"),
)

ITEMS = tuple(
    Item(str(n), label, LIKERT_0_4) if n <= 8 else Item(str(n), label, (0, 2, 4), anchors=YES_WHEN_ANCHORS)
    for n, label in enumerate(LABELS, start=1)
)


def flags(r: Responses) -> list[str]:
    p = r.points
    found = []
    # Escalate one zone if item 4, 5 or 6 ≥ 2, or item 9 or 10 = 4 [S7].
    if any(p[n] >= 2 for n in ("4", "5", "6")) or any(p[n] == 4 for n in ("9", "10")):
        found.append("escalate")
    # Items 4–6 summing ≥ 4 suggests dependence [S116].
    if p["4"] + p["5"] + p["6"] >= 4:
        found.append("dependence-likely")
    return found


AUDIT = Instrument(
    code="audit",
    name="Alcohol Use Disorders Identification Test (AUDIT)",
    items=ITEMS,
    licence=LICENCE,
    wording_allowed=False,
    scorer=score_sum,
    sources="[S7][S8][S9][S10b][S116][S17]",
    loinc_panel=Loinc("72110-0", verified=False),
    # Public code sometimes swaps the AUDIT and AUDIT-C codes [S17].
    loinc_total=Loinc("75624-7", verified=True),
    bands=(
        Band("zone-1", 7),
        Band("zone-2", 15),
        Band("zone-3", 19),
        Band("zone-4", None),
    ),
    positive_cutoff=8,
    flagger=flags,
)
