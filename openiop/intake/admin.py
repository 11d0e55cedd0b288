"""Configuration only: a program's public e-mail and placement thresholds, saved through the
service (directors of the site; audited with old and new values). Clinical rows are written
through the services, never here."""

from typing import Any

from django.contrib import admin

from openiop.accounts.types import Actor
from openiop.core.admin import ServiceAdmin
from openiop.intake.models import IntakeSettings
from openiop.intake.services import intake_settings_update


@admin.register(IntakeSettings)
class IntakeSettingsAdmin(ServiceAdmin[IntakeSettings]):
    list_display = ("site", "public_email")
    identity_fields = ("site",)
    deletable = False  # a site without settings uses the defaults: clear the overrides instead

    def service_save(self, *, actor: Actor, row: IntakeSettings | None, data: dict[str, Any]) -> IntakeSettings:
        site = row.site if row is not None else data.pop("site")
        return intake_settings_update(actor=actor, site=site, **data)
