"""Pieces every clinical service shares: re-authentication at signing, site settings, audit."""

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import PermissionDenied, ValidationError

from openiop.audit.services import audit_record
from openiop.clients.models import Client
from openiop.clinical import permissions
from openiop.clinical.models import ClinicalSettings


def reauthenticate(*, user: Any, password: str, code: str = "") -> None:
    """Signing is a fresh act of the signer: their password, and their TOTP code when enrolled."""
    if not password or not user.check_password(password):
        raise ValidationError({"password": "The password is not correct."})
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None and not (code and TOTP(totp).validate_code(code.strip())):
        raise ValidationError({"code": "Enter the current code from your authenticator app."})


def settings_for_site(site_id: int) -> ClinicalSettings:
    """The site's settings, or the defaults (unsaved) when the site has none."""
    return ClinicalSettings.objects.filter(site_id=site_id).first() or ClinicalSettings(site_id=site_id)


def require_note_writer(actor: Any, client: Client) -> None:
    if not permissions.can_write_notes(actor, client):
        raise PermissionDenied("You may not write clinical records for this client.")


def audit(
    actor: Any, action: str, object_type: str, obj: Any, client_id: int | None, site_id: int, **detail: Any
) -> None:
    audit_record(
        user=actor,
        action=action,
        object_type=object_type,
        object_id=obj.pk,
        client_id=client_id,
        site_id=site_id,
        detail=detail or None,
    )
