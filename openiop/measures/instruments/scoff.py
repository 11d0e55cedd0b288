"""SCOFF: 5 yes/no items, 1 point each; ≥2 = likely anorexia or bulimia [S38]."""

from .base import Instrument, Item, score_sum

YES_NO = ((1, "Yes"), (0, "No"))

SCOFF = Instrument(
    code="scoff",
    name="SCOFF eating-disorder screen",
    items=tuple(
        Item(str(n), label, (0, 1), anchors=YES_NO)
        for n, label in enumerate(
            (
                "Sick: makes self vomit when uncomfortably full",
                "Control: worries about losing control over eating",
                "One stone: lost over 14 lb (6.35 kg) in 3 months",
                "Fat: believes self fat when others say too thin",
                "Food: food dominates life",
            ),
            start=1,
        )
    ),
    licence="Morgan et al., BMJ 1999;319:1467. Licence UNVERIFIED; neutral labels.",
    wording_allowed=False,
    scorer=score_sum,
    sources="[S38]",
    positive_cutoff=2,
)
