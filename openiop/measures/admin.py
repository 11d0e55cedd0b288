"""Configuration only: when each program gives each instrument. Administrations and alerts are
written through the services, never here."""

from django.contrib import admin

from openiop.measures.models import Cadence


@admin.register(Cadence)
class CadenceAdmin(admin.ModelAdmin[Cadence]):
    list_display = ("site", "track", "instrument", "at_intake", "at_admission", "every_n_days")
    list_filter = ("site", "instrument")
