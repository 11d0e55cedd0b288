"""Pure scoring of validated instruments (no Django). See docs/algorithms/scoring.md.

>>> score("phq9", [1] * 9).to_dict()["band"]
'mild'
"""

from collections.abc import Mapping, Sequence

from .audit import AUDIT
from .auditc import AUDITC
from .bam import BAM
from .base import Instrument, Item, Score, ScoringError, responses
from .ciwa_ar import CIWA_AR
from .cows import COWS
from .cssrs_screen import CSSRS_SCREEN
from .dast10 import DAST10
from .gad7 import GAD7
from .pcl5 import PCL5
from .phq2 import PHQ2
from .phq9 import PHQ9
from .scoff import SCOFF
from .urica import URICA

__all__ = ["REGISTRY", "SCORING_VERSION", "Instrument", "Item", "Score", "ScoringError", "get", "score"]

# Bump whenever any scorer's output could change for the same answers (a band moved, a flag
# added, a bug fixed). Stored administrations record the version that scored them; the
# rescoring service (measures.services.administration_rescore) moves them to this one.
SCORING_VERSION = "1"

REGISTRY: dict[str, Instrument] = {
    instrument.code: instrument
    for instrument in (
        PHQ9,
        PHQ2,
        GAD7,
        AUDIT,
        AUDITC,
        DAST10,
        CIWA_AR,
        COWS,
        CSSRS_SCREEN,
        SCOFF,
        URICA,
        PCL5,
        BAM,
    )
}


def get(code: str) -> Instrument:
    try:
        return REGISTRY[code]
    except (KeyError, TypeError):
        raise ScoringError(
            "code",
            f"code: unknown instrument {code!r} (known: {', '.join(REGISTRY)})",
        ) from None


def score(
    code: str,
    answers: Sequence[int | None],
    *,
    sex: str | None = None,
    config: Mapping[str, object] | None = None,
) -> Score:
    """Score one administration, or raise ScoringError naming the bad input.

    ``config`` overrides the defaults the reference marks * / UNVERIFIED, per
    program: ``"positive_cutoff"`` (phq2, dast10, pcl5) and ``"bands"``
    (ciwa-ar, urica; a sequence of ``(code, upper)`` pairs keeping the default
    codes in order). Any other key raises ScoringError(item="config").
    """
    instrument = get(code)
    return instrument.scorer(responses(instrument, answers, sex=sex, config=config))
