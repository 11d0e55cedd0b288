"""What consents adds to pages it does not own (collected by ``openiop.core.extensions``)."""

from openiop.accounts import policy
from openiop.consents import panels
from openiop.core.extensions import ChartPanel, HomePanel

CHART_PANELS = [
    # Billing sees the panel too: whether a TPO consent is signed decides what may be billed.
    ChartPanel(
        key="consents",
        label="Consents and disclosures",
        template="consents/chart_panel.html",
        context=panels.chart_panel_context,
        order=40,
        needs_narratives=False,
    ),
]
HOME_PANELS = [
    HomePanel(
        key="consents-referrals",
        template="consents/home_panel.html",
        context=panels.home_panel_context,
        roles=policy.CLINICAL_ROLES,
        order=60,
    ),
]
