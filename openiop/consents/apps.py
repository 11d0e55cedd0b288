from django.apps import AppConfig


class ConsentsConfig(AppConfig):
    name = "openiop.consents"
    label = "consents"

    def ready(self) -> None:
        from openiop.accounts import policy
        from openiop.consents.panels import chart_panel_context, home_panel_context
        from openiop.consents.records import BUILT_IN, register_record_kind
        from openiop.core.extensions import CHART_PANELS, HOME_PANELS, ChartPanel, HomePanel, register

        for kind in BUILT_IN:
            register_record_kind(kind)
        # Billing sees the panel too: whether a TPO consent is signed decides what may be billed.
        register(
            CHART_PANELS,
            ChartPanel(
                key="consents",
                label="Consents and disclosures",
                template="consents/chart_panel.html",
                context=chart_panel_context,
                order=40,
                needs_narratives=False,
            ),
        )
        register(
            HOME_PANELS,
            HomePanel(
                key="consents-referrals",
                template="consents/home_panel.html",
                context=home_panel_context,
                roles=policy.CLINICAL_ROLES,
                order=60,
            ),
        )
