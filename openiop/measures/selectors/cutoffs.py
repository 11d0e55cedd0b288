"""A program's own cut-offs for instruments whose defaults are UNVERIFIED, and the note shown with them."""

from typing import Any

from openiop.measures.instruments import REGISTRY
from openiop.measures.models import ScoringConfig

CUTOFFS_DEFAULT = "Cut-offs: openiop defaults (sources disagree — configurable per program)"
CUTOFFS_PROGRAM = "Cut-offs set by this program"


def scoring_config(*, site_id: int, code: str) -> dict[str, Any] | None:
    """The program's own scoring config for an instrument, or None for openiop's defaults.
    One query, and none for an instrument without configurable cut-offs."""
    instrument = REGISTRY.get(code)
    if instrument is None or not instrument.configurable:
        return None
    row = ScoringConfig.objects.filter(site_id=site_id, instrument=code).values_list("config", flat=True).first()
    return dict(row) if isinstance(row, dict) else None


def cutoff_note(code: str, *, configured: bool) -> str:
    """The plain note shown with an instrument whose defaults are UNVERIFIED ("" for others)."""
    instrument = REGISTRY.get(code)
    if instrument is None or not instrument.configurable:
        return ""
    return CUTOFFS_PROGRAM if configured else CUTOFFS_DEFAULT
