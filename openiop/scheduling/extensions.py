"""What scheduling adds to pages it does not own (collected by ``openiop.core.extensions``)."""

from openiop.core.extensions import ChartPanel
from openiop.scheduling import panels

CHART_PANELS = [
    ChartPanel(
        key="schedule",
        label="Schedule",
        template="scheduling/chart_panel.html",
        context=panels.schedule_context,
        order=40,
        needs_narratives=False,
    ),
]
