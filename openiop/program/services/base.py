"""What every program write shares: the director check."""

from django.core.exceptions import PermissionDenied

from openiop.accounts import policy
from openiop.accounts.types import Actor


def _require_director(actor: Actor, site_id: int) -> None:
    if not policy.directs_site(actor, site_id):
        raise PermissionDenied("Only the program director of this site may change the program.")
