"""A site's clinical settings and its interns' supervisors (directors only)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openiop.accounts import policy
from openiop.accounts.models import Site, User
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import record_delete, save_and_record
from openiop.clinical.models import ClinicalSettings, Supervision

SETTING_FIELDS = frozenset(
    {"note_format", "billable_day_minutes", "plan_review_days", "late_note_hours", "clone_threshold"}
)


def _require_director(actor: Actor, site: Site) -> None:
    if not policy.can_configure_site(actor, site.pk):
        raise PermissionDenied("Only the site's director may change this.")


def clinical_settings_update(*, actor: Actor, site: Site, **fields: Any) -> ClinicalSettings:
    _require_director(actor, site)
    unknown = set(fields) - SETTING_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a clinical setting."))
    with transaction.atomic():
        row = ClinicalSettings.objects.select_for_update().filter(site=site).first() or ClinicalSettings(site=site)
        before = snapshot(row)
        for name, value in fields.items():
            setattr(row, name, value)
        save_and_record(actor=actor, instance=row, before=before, object_type="clinical_settings")
    return row


def supervision_problems(*, site: Site, user: User, supervisor: User | None) -> dict[str, str]:
    """Why ``user`` cannot be an intern supervised by ``supervisor`` at the site (empty if they can)."""
    problems = {}
    if not policy.can_be_intern_at(user, site.pk):
        problems["user"] = "Interns are clinicians of the site."
    if supervisor is not None and not policy.can_supervise_at(supervisor, site.pk):
        problems["supervisor"] = "The supervisor is a clinician or director of the site."
    return problems


def supervision_set(*, actor: Actor, site: Site, user: User, supervisor: User | None) -> Supervision | None:
    """Mark ``user`` as an intern supervised by ``supervisor`` at the site (None ends the internship)."""
    _require_director(actor, site)
    problems = supervision_problems(site=site, user=user, supervisor=supervisor)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        current = Supervision.objects.filter(user=user, site=site).first()
        if supervisor is None:
            if current is not None:
                record_delete(actor=actor, instance=current)
                current.delete()
            return None
        row = current or Supervision(user=user, site=site, supervisor=supervisor)
        before = snapshot(row)
        row.supervisor = supervisor
        save_and_record(actor=actor, instance=row, before=before)
    return row
