from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "openiop.billing"
    label = "billing"
    verbose_name = "Billing"

    def ready(self) -> None:
        from openiop.billing.records import UTILIZATION_REVIEW
        from openiop.consents.records import register_record_kind

        register_record_kind(UTILIZATION_REVIEW)
