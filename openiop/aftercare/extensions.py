"""What aftercare adds to pages it does not own (collected by ``openiop.core.extensions``)."""

from openiop.aftercare import panels
from openiop.core.extensions import ChartPanel

CHART_PANELS = [
    ChartPanel(
        "aftercare-plan", "Aftercare", "aftercare/panels/chart_aftercare.html", panels.chart_aftercare, order=60
    ),
]
