from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "openiop.intake"
    label = "intake"

    def ready(self) -> None:
        from openiop.accounts import policy
        from openiop.core.extensions import CHART_PANELS, HOME_PANELS, ChartPanel, HomePanel, register
        from openiop.intake import panels

        register(
            CHART_PANELS,
            ChartPanel(
                key="intake", label="Intake", template="intake/chart_panel.html", context=panels.chart_intake, order=20
            ),
        )
        register(
            HOME_PANELS,
            HomePanel(
                key="intake-follow-ups",
                template="intake/home_follow_ups.html",
                context=panels.home_follow_ups,
                roles=policy.PIPELINE_ROLES,
                order=10,
            ),
        )
        register(
            HOME_PANELS,
            HomePanel(
                key="intake-assessments",
                template="intake/home_assessments.html",
                context=panels.home_assessments,
                roles=policy.ASSESSMENT_HOME_ROLES,
                order=20,
            ),
        )
