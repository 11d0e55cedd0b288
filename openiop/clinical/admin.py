"""Configuration only: a site's note format, billable-day minimum, review interval and clone-guard
threshold, and which staff are interns under whose supervision. Saved through the services
(directors of the site; audited with old and new values); notes and records are never here."""

from typing import Any

from django import forms
from django.contrib import admin

from openiop.accounts.types import Actor
from openiop.clinical.models.settings import ClinicalSettings, Supervision
from openiop.clinical.services import settings as services
from openiop.core.admin import ServiceAdmin


@admin.register(ClinicalSettings)
class ClinicalSettingsAdmin(ServiceAdmin[ClinicalSettings]):
    list_display = ("site", "note_format", "billable_day_minutes", "plan_review_days", "clone_threshold")
    identity_fields = ("site",)
    deletable = False  # a site without settings uses the defaults: set the defaults instead

    def service_save(self, *, actor: Actor, row: ClinicalSettings | None, data: dict[str, Any]) -> ClinicalSettings:
        site = row.site if row is not None else data.pop("site")
        return services.clinical_settings_update(actor=actor, site=site, **data)


class SupervisionForm(forms.ModelForm[Supervision]):
    class Meta:
        model = Supervision
        fields = ("user", "supervisor", "site")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        site = data.get("site") or getattr(self.instance, "site", None)
        user = data.get("user") or getattr(self.instance, "user", None)
        if site is not None and user is not None:
            for field, message in services.supervision_problems(
                site=site, user=user, supervisor=data.get("supervisor")
            ).items():
                self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(Supervision)
class SupervisionAdmin(ServiceAdmin[Supervision]):
    form = SupervisionForm
    list_display = ("user", "supervisor", "site")
    list_filter = ("site",)
    identity_fields = ("user", "site")

    def service_save(self, *, actor: Actor, row: Supervision | None, data: dict[str, Any]) -> Supervision:
        site, user = (row.site, row.user) if row is not None else (data["site"], data["user"])
        saved = services.supervision_set(actor=actor, site=site, user=user, supervisor=data["supervisor"])
        if saved is None:  # the form requires a supervisor, so this is a programming error
            raise ValueError("A supervision without a supervisor is deleted, not saved.")
        return saved

    def service_delete(self, *, actor: Actor, row: Supervision) -> None:
        services.supervision_set(actor=actor, site=row.site, user=row.user, supervisor=None)
