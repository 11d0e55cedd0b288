"""Configuration only: when each program gives each instrument, and its own cut-offs where the
reference's are UNVERIFIED. Administrations and alerts are written through the services, never
here."""

from django.contrib import admin

from openiop.measures.models import Cadence, ScoringConfig


@admin.register(Cadence)
class CadenceAdmin(admin.ModelAdmin[Cadence]):
    list_display = ("site", "track", "instrument", "at_intake", "at_admission", "every_n_days")
    list_filter = ("site", "instrument")


@admin.register(ScoringConfig)
class ScoringConfigAdmin(admin.ModelAdmin[ScoringConfig]):
    list_display = ("site", "instrument", "config", "updated_at")
    list_filter = ("site", "instrument")
