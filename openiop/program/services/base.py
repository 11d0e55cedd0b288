"""What every program write shares: the director check and validate-save-audit."""

from typing import Any

from django.core.exceptions import PermissionDenied

from openiop.accounts import policy
from openiop.audit.services import audit_record


def _require_director(actor: Any, site_id: int) -> None:
    if not policy.directs_site(actor, site_id):
        raise PermissionDenied("Only the program director of this site may change the program.")


def _save(actor: Any, obj: Any, *, action: str, site_id: int, detail: dict[str, Any] | None = None) -> None:
    """Validate, save and audit one program row (call inside a transaction)."""
    obj.full_clean()
    obj.save()
    audit_record(
        user=actor,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        site_id=site_id,
        detail=detail,
    )
