"""The consents section of the client chart (four queries) and of the staff home page (two)."""

from typing import Any

from django.http import HttpRequest

from openiop.accounts import policy
from openiop.consents import selectors
from openiop.consents.models import ConsentDocument, ConsentStatus, Disclosure

RECENT = 5


def chart_panel_context(request: HttpRequest, client: Any) -> dict[str, Any]:
    return {
        "consent_documents": list(selectors.documents_for_client(client=client)),
        "recent_disclosures": list(Disclosure.objects.filter(client=client).order_by("-disclosed_at", "-pk")[:RECENT]),
        "recent_referrals": list(selectors.referrals_for_client(client=client)[:RECENT]),
        "can_change_consents": policy.can_change_client(request.user, client),
        "tz": client.site.time_zone,
    }


def home_panel_context(request: HttpRequest) -> dict[str, Any]:
    """Two counts over the clients the user may see (two queries) and the links to this app's pages."""
    user = request.user
    visible = policy.clients_for(user).values("pk")
    return {
        "pending_signatures": ConsentDocument.objects.filter(
            status=ConsentStatus.PENDING, client_id__in=visible
        ).count(),
        "open_referrals": selectors.referrals_for_user(user=user).count(),
        "can_read_disclosures": policy.can_read_audit(user),
    }
