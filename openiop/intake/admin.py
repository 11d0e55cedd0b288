"""Configuration only: a program's public e-mail and placement thresholds. Clinical rows are
written through the services, never here."""

from django.contrib import admin

from openiop.intake.models import IntakeSettings


@admin.register(IntakeSettings)
class IntakeSettingsAdmin(admin.ModelAdmin[IntakeSettings]):
    list_display = ("site", "public_email")
