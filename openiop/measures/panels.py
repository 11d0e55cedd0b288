"""What measures adds to pages it does not own: the chart's Measures panel, the chart header's
alerts, and the staff home page's "Open alerts" and "Overdue measures". Each context callable
runs a fixed number of queries."""

from typing import Any

from django.http import HttpRequest

from openiop.accounts import policy
from openiop.clients.models import Client
from openiop.measures import selectors
from openiop.measures.forms import AlertCloseForm

HOME_ROLES = policy.ALERT_HOME_ROLES


def chart_panel_context(request: HttpRequest, client: Client) -> dict[str, Any]:
    return {
        "overview": selectors.measures_overview(client=client),
        "can_record": policy.can_record_measures(request.user, client),
    }


def chart_alerts_context(request: HttpRequest, client: Client) -> dict[str, Any]:
    # The chart renders this part only for people who may read the client's clinical record
    # (ChartPanel.needs_narratives), so only the staff check is left to make here.
    can_act = policy.is_staff_member(request.user)
    return {
        "open_alerts": selectors.alerts_open_for_client(client=client) if can_act else [],
        "close_form": AlertCloseForm(),
        "can_act": can_act,
    }


def home_alerts_context(request: HttpRequest) -> dict[str, Any]:
    alerts = selectors.alerts_open_for_home(user=request.user)
    return {"home_alerts": alerts, "user": request.user}


def home_overdue_context(request: HttpRequest) -> dict[str, Any]:
    shown, total = selectors.overdue_for_home(user=request.user)
    return {"overdue": shown, "overdue_total": total}
