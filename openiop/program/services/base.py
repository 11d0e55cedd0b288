"""What every program write shares: the director check."""

from typing import Any

from django.core.exceptions import PermissionDenied

from openiop.accounts import policy


def _require_director(actor: Any, site_id: int) -> None:
    if not policy.directs_site(actor, site_id):
        raise PermissionDenied("Only the program director of this site may change the program.")
