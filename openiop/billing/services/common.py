"""What every billing write checks first."""

from django.core.exceptions import PermissionDenied

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Actor


def require_biller(actor: Actor, site: Site) -> None:
    if not policy.can_bill_at(actor, site.pk):
        raise PermissionDenied("Only billing staff and directors of this site do billing.")
