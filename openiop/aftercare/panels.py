"""Context of what aftercare adds to the chart (constant queries)."""

from typing import Any

from django.http import HttpRequest

from openiop.aftercare.models import AftercarePlan
from openiop.aftercare.selectors import self_help_count
from openiop.clients.models import Client
from openiop.core.time import site_today


def chart_aftercare(request: HttpRequest, client: Client) -> dict[str, Any]:
    return {
        "current": AftercarePlan.objects.filter(client=client).only("version", "signed_at").first(),
        "count_30d": self_help_count(client, site_today(client.site)),
    }
