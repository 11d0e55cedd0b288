"""Writes to a program's measurement configuration: when each instrument is given (cadences)
and its own cut-offs (scoring configurations). The site's director (or a superuser) only; each
change is audited with its old and new values."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_delete, save_and_record
from openiop.measures.models import Cadence, ScoringConfig

# (instrument, cadence) defaults: PHQ-9 and GAD-7 at admission and weekly, BAM weekly, URICA at
# admission and monthly, AUDIT-C and DAST-10 at intake (ref §9 "Cadence"; the weekly PHQ-9/GAD-7
# is a convention the reference marks UNVERIFIED).
DEFAULT_CADENCE: tuple[tuple[str, bool, bool, int | None], ...] = (
    # instrument, at_intake, at_admission, every_n_days
    ("phq9", False, True, 7),
    ("gad7", False, True, 7),
    ("bam", False, False, 7),
    ("urica", False, True, 30),
    ("auditc", True, False, None),
    ("dast10", True, False, None),
)


def _require_configure(actor: Actor, site_id: int, what: str) -> None:
    if not policy.can_configure_site(actor, site_id):
        raise PermissionDenied(f"Only a director of the site may set its {what}.")


def cadence_set(
    *,
    actor: Actor,
    site: Site,
    instrument: str,
    track: str = "",
    at_intake: bool = False,
    at_admission: bool = False,
    every_n_days: int | None = None,
) -> Cadence:
    """Create or change the program's cadence for one instrument (directors of the site)."""
    _require_configure(actor, site.pk, "cadence")
    with transaction.atomic():
        row = Cadence.objects.filter(site=site, track=track, instrument=instrument).first() or Cadence(
            site=site, track=track, instrument=instrument
        )
        before = snapshot(row)
        row.at_intake, row.at_admission, row.every_n_days = at_intake, at_admission, every_n_days
        save_and_record(actor=actor, instance=row, before=before)
    return row


def cadence_delete(*, actor: Actor, cadence: Cadence) -> None:
    """Stop giving the instrument on this cadence (a track's row falls back to the site-wide one)."""
    _require_configure(actor, cadence.site_id, "cadence")
    with transaction.atomic():
        record_delete(actor=actor, instance=cadence)
        cadence.delete()


def cadence_seed_defaults(*, actor: Actor, site: Site) -> int:
    """Give a program the default cadence for every instrument it has no row for; returns how
    many rows were created (0 on a second run)."""
    have = set(Cadence.objects.filter(site=site, track="").values_list("instrument", flat=True))
    created = 0
    for instrument, at_intake, at_admission, every_n_days in DEFAULT_CADENCE:
        if instrument in have:
            continue
        cadence_set(
            actor=actor,
            site=site,
            instrument=instrument,
            at_intake=at_intake,
            at_admission=at_admission,
            every_n_days=every_n_days,
        )
        created += 1
    return created


def scoring_config_set(*, actor: Actor, site: Site, instrument: str, config: dict[str, Any]) -> ScoringConfig:
    """Create or change the program's own cut-offs for one configurable instrument; the config is
    validated by scoring a sample with it (``ScoringConfig.clean``)."""
    _require_configure(actor, site.pk, "scoring cut-offs")
    with transaction.atomic():
        row = ScoringConfig.objects.select_for_update().filter(site=site, instrument=instrument).first()
        row = row or ScoringConfig(site=site, instrument=instrument)
        before = snapshot(row)
        row.config = config
        save_and_record(actor=actor, instance=row, before=before, object_type="scoring_config")
    return row


def scoring_config_delete(*, actor: Actor, scoring_config: ScoringConfig) -> None:
    """Go back to openiop's default cut-offs for the instrument."""
    _require_configure(actor, scoring_config.site_id, "scoring cut-offs")
    with transaction.atomic():
        record_delete(actor=actor, instance=scoring_config, object_type="scoring_config")
        scoring_config.delete()
