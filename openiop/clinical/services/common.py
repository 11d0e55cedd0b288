"""Pieces every clinical service shares: re-authentication at signing (the accounts one), site settings."""

from django.core.exceptions import PermissionDenied

from openiop.accounts import policy
from openiop.accounts.services import reauthenticate
from openiop.accounts.types import Actor
from openiop.clients.models import Client
from openiop.clinical.models import ClinicalSettings

__all__ = ["reauthenticate", "require_note_writer", "settings_for_site"]


def settings_for_site(site_id: int) -> ClinicalSettings:
    """The site's settings, or the defaults (unsaved) when the site has none."""
    return ClinicalSettings.objects.filter(site_id=site_id).first() or ClinicalSettings(site_id=site_id)


def require_note_writer(actor: Actor, client: Client) -> None:
    if not policy.can_write_notes(actor, client):
        raise PermissionDenied("You may not write clinical records for this client.")
