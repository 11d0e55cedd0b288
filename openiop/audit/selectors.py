import datetime as dt

from django.db.models import Q, QuerySet

from openiop.accounts import policy
from openiop.accounts.models import Membership
from openiop.accounts.types import Viewer
from openiop.audit.models import AuditEvent


def events_for_user(
    *,
    user: Viewer,
    client_id: int | None = None,
    user_email: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events at the sites where the user audits, newest first; site-less events (lists, logins)
    belong to the sites of the staff member who caused them."""
    sites = policy.audit_sites(user)
    site_staff = Membership.objects.filter(site_id__in=sites).values("user_id")
    qs = AuditEvent.objects.filter(
        Q(site_id__in=sites) | Q(client__site_id__in=sites) | Q(site__isnull=True, user_id__in=site_staff)
    )
    if client_id:
        qs = qs.filter(client_id=client_id)
    if user_email:
        qs = qs.filter(user_email__iexact=user_email.strip())
    if date_from:
        qs = qs.filter(occurred_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(occurred_at__date__lte=date_to)
    return qs.select_related("client", "site").order_by("-id")
