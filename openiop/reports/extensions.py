"""What reports adds to pages it does not own (collected by ``openiop.core.extensions``)."""

from openiop.accounts import policy
from openiop.core.extensions import HomePanel
from openiop.reports import panels

HOME_PANELS = [
    HomePanel(
        key="reports-outcomes",
        template="reports/home_panel.html",
        context=panels.home_panel_context,
        roles=policy.REPORT_ROLES,
        order=80,
    ),
]
