"""AUDIT-C: AUDIT items 1–3, total 0–12 [S11][S12]."""

from .audit import LABELS, LICENCE, LIKERT_0_4
from .base import Instrument, Item, Loinc, Responses, Score

CUTOFF_BY_SEX = {"male": 4, "female": 3}  # [S11][S12]


def score(r: Responses) -> Score:
    total = r.total()
    # requires_sex guarantees r.sex is "female" or "male".
    positive = total >= CUTOFF_BY_SEX[r.sex or ""]
    flags = []
    if positive and r.points["2"] == 0 and r.points["3"] == 0:
        # "If every point comes from item 1, treat as below limits and review
        # intake" [S12].
        positive = False
        flags.append("review-intake")
    return Score(code="auditc", total=total, band=None, positive=positive, flags=flags)


AUDITC = Instrument(
    code="auditc",
    name="AUDIT-Consumption (AUDIT-C)",
    items=tuple(Item(str(n), LABELS[n - 1], LIKERT_0_4) for n in (1, 2, 3)),
    licence=LICENCE,
    wording_allowed=False,
    scorer=score,
    sources="[S11][S12][S13][S14]",
    loinc_panel=Loinc("72109-2", verified=True),  # [S14]
    loinc_total=Loinc("75626-2", verified=True),  # [S13]
    requires_sex=True,
)
