"""What clinical adds to pages it does not own (collected by ``openiop.core.extensions``)."""

from openiop.accounts import policy
from openiop.clinical import panels
from openiop.core.extensions import ChartPanel, HomePanel

CHART_PANELS = [
    ChartPanel("clinical-notes", "Notes", "clinical/panels/chart_notes.html", panels.chart_notes, order=30),
    ChartPanel("clinical-plan", "Treatment plan", "clinical/panels/chart_plan.html", panels.chart_plan, order=31),
    ChartPanel(
        "clinical-hours",
        "Hours",
        "clinical/panels/chart_hours.html",
        panels.chart_hours,
        order=32,
        needs_narratives=False,
    ),
    ChartPanel(
        "clinical-screens", "Drug screens", "clinical/panels/chart_screens.html", panels.chart_screens, order=33
    ),
    ChartPanel("clinical-safety", "Safety plan", "clinical/panels/chart_safety.html", panels.chart_safety, order=34),
]
HOME_PANELS = [
    HomePanel(
        key="clinical-day",
        template="clinical/panels/home_day.html",
        context=panels.home_day,
        roles=policy.NOTE_ROLES,
        order=20,
    ),
]
