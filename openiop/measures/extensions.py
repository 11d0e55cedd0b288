"""What measures adds to pages it does not own (collected by ``openiop.core.extensions``): the
chart's Measures panel, the chart header's alerts, and the staff home page's "Open alerts" and
"Overdue measures"."""

from openiop.core.extensions import ChartPanel, HomePanel
from openiop.measures import panels

CHART_PANELS = [
    ChartPanel(
        key="measures",
        label="Measures",
        template="measures/chart_panel.html",
        context=panels.chart_panel_context,
        order=20,
    ),
]
CHART_ALERTS = [
    ChartPanel(
        key="measure-alerts",
        label="Alerts",
        template="measures/chart_alerts.html",
        context=panels.chart_alerts_context,
        order=10,
    ),
]
HOME_PANELS = [
    HomePanel(
        key="open-alerts",
        template="measures/home_alerts.html",
        context=panels.home_alerts_context,
        roles=panels.HOME_ROLES,
        order=10,
    ),
    HomePanel(
        key="overdue-measures",
        template="measures/home_overdue.html",
        context=panels.home_overdue_context,
        roles=panels.HOME_ROLES,
        order=20,
    ),
]
