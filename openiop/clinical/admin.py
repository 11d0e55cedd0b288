"""Configuration only: a site's note format, billable-day minimum, review interval and clone-guard
threshold, and which staff are interns under whose supervision. Notes and records are written
through the services, never here."""

from django.contrib import admin

from openiop.clinical.models.settings import ClinicalSettings, Supervision


@admin.register(ClinicalSettings)
class ClinicalSettingsAdmin(admin.ModelAdmin[ClinicalSettings]):
    list_display = ("site", "note_format", "billable_day_minutes", "plan_review_days", "clone_threshold")


@admin.register(Supervision)
class SupervisionAdmin(admin.ModelAdmin[Supervision]):
    list_display = ("user", "supervisor", "site")
    list_filter = ("site",)
