"""Configuration only: when each program gives each instrument, and its own cut-offs where the
reference's are UNVERIFIED, saved through ``measures/configuration.py`` (directors of the site;
audited with old and new values). Administrations and alerts are written through the services,
never here."""

from typing import Any

from django.contrib import admin

from openiop.accounts.types import Actor
from openiop.core.admin import ServiceAdmin
from openiop.measures import configuration
from openiop.measures.models import Cadence, ScoringConfig


@admin.register(Cadence)
class CadenceAdmin(ServiceAdmin[Cadence]):
    list_display = ("site", "track", "instrument", "at_intake", "at_admission", "every_n_days")
    list_filter = ("site", "instrument")
    identity_fields = ("site", "track", "instrument")

    def service_save(self, *, actor: Actor, row: Cadence | None, data: dict[str, Any]) -> Cadence:
        if row is not None:
            data = {**data, "site": row.site, "track": row.track, "instrument": row.instrument}
        return configuration.cadence_set(actor=actor, **data)

    def service_delete(self, *, actor: Actor, row: Cadence) -> None:
        configuration.cadence_delete(actor=actor, cadence=row)


@admin.register(ScoringConfig)
class ScoringConfigAdmin(ServiceAdmin[ScoringConfig]):
    list_display = ("site", "instrument", "config", "updated_at")
    list_filter = ("site", "instrument")
    identity_fields = ("site", "instrument")

    def service_save(self, *, actor: Actor, row: ScoringConfig | None, data: dict[str, Any]) -> ScoringConfig:
        site, instrument = (row.site, row.instrument) if row is not None else (data["site"], data["instrument"])
        return configuration.scoring_config_set(actor=actor, site=site, instrument=instrument, config=data["config"])

    def service_delete(self, *, actor: Actor, row: ScoringConfig) -> None:
        configuration.scoring_config_delete(actor=actor, scoring_config=row)
