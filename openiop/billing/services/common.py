"""What every billing write checks first."""

from django.core.exceptions import PermissionDenied

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor


def require_biller(actor: Actor | None, site: Site) -> None:
    """Billing staff and directors of the site; ``None`` is the command line (``openiop billing``),
    whose operator already has the machine."""
    if actor is not None and not policy.can_bill_at(actor, site.pk):
        raise PermissionDenied("Only billing staff and directors of this site do billing.")
