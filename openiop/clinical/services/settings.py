"""A site's clinical settings and its interns' supervisors (directors only)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openiop.accounts.models import Role, Site
from openiop.audit.models import Action
from openiop.clinical.models import ClinicalSettings, Supervision
from openiop.clinical.permissions import roles_at
from openiop.clinical.services.common import audit

SETTING_FIELDS = frozenset(
    {"note_format", "billable_day_minutes", "plan_review_days", "late_note_hours", "clone_threshold"}
)


def _require_director(actor: Any, site: Site) -> None:
    if Role.DIRECTOR not in roles_at(actor, site.pk):
        raise PermissionDenied("Only the site's director may change this.")


def clinical_settings_update(*, actor: Any, site: Site, **fields: Any) -> ClinicalSettings:
    _require_director(actor, site)
    unknown = set(fields) - SETTING_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a clinical setting."))
    with transaction.atomic():
        row = ClinicalSettings.objects.select_for_update().filter(site=site).first() or ClinicalSettings(site=site)
        for name, value in fields.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
        audit(actor, Action.UPDATE, "clinical_settings", row, None, site.pk, fields=sorted(fields))
    return row


def supervision_set(*, actor: Any, site: Site, user: Any, supervisor: Any | None) -> Supervision | None:
    """Mark ``user`` as an intern supervised by ``supervisor`` at the site (None ends the internship)."""
    _require_director(actor, site)
    if not roles_at(user, site.pk) & {Role.CLINICIAN}:
        raise ValidationError({"user": "Interns are clinicians of the site."})
    with transaction.atomic():
        current = Supervision.objects.filter(user=user, site=site).first()
        if supervisor is None:
            if current is not None:
                audit(actor, Action.DELETE, "supervision", current, None, site.pk)
                current.delete()
            return None
        if not roles_at(supervisor, site.pk) & {Role.CLINICIAN, Role.DIRECTOR}:
            raise ValidationError({"supervisor": "The supervisor is a clinician or director of the site."})
        row = current or Supervision(user=user, site=site, supervisor=supervisor)
        row.supervisor = supervisor
        row.full_clean(validate_unique=False)
        row.save()
        audit(actor, Action.UPDATE, "supervision", row, None, site.pk)
    return row
