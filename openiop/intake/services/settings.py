"""A site's intake settings: the public e-mail and the placement thresholds (directors only)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.services import save_and_record
from openiop.intake.models import IntakeSettings

SETTING_FIELDS = frozenset({"public_email", "placement_thresholds"})


def intake_settings_update(*, actor: Actor, site: Site, **fields: Any) -> IntakeSettings:
    if not policy.can_configure_site(actor, site.pk):
        raise PermissionDenied("Only the site's director may change its intake settings.")
    unknown = set(fields) - SETTING_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not an intake setting."))
    with transaction.atomic():
        row = IntakeSettings.objects.select_for_update().filter(site=site).first() or IntakeSettings(site=site)
        before = snapshot(row)
        for name, value in fields.items():
            setattr(row, name, value)
        save_and_record(actor=actor, instance=row, before=before, object_type="intake_settings")
    return row
