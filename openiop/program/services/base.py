"""What every program write shares: the director check and validate-save-audit."""

from typing import Any

from django.core.exceptions import PermissionDenied

from openiop.accounts import policy
from openiop.accounts.models import Role
from openiop.audit.services import audit_record


def is_director(user: Any, site_id: int) -> bool:
    return Role.DIRECTOR in policy.site_roles(user).get(site_id, frozenset())


def _require_director(actor: Any, site_id: int) -> None:
    if not is_director(actor, site_id):
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
