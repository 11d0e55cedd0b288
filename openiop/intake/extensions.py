"""What intake adds to pages it does not own (collected by ``openiop.core.extensions``)."""

from openiop.accounts import policy
from openiop.core.extensions import ChartPanel, HomePanel
from openiop.intake import panels

CHART_PANELS = [
    ChartPanel(key="intake", label="Intake", template="intake/chart_panel.html", context=panels.chart_intake, order=20),
]
HOME_PANELS = [
    HomePanel(
        key="intake-follow-ups",
        template="intake/home_follow_ups.html",
        context=panels.home_follow_ups,
        roles=policy.PIPELINE_ROLES,
        order=10,
    ),
    HomePanel(
        key="intake-assessments",
        template="intake/home_assessments.html",
        context=panels.home_assessments,
        roles=policy.ASSESSMENT_HOME_ROLES,
        order=20,
    ),
]
