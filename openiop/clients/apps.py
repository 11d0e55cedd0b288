from typing import Any

from django.apps import AppConfig


def _discharge_summaries(client: Any) -> dict[str, Any]:
    from openiop.clients.models import DischargeSummary

    summaries = DischargeSummary.objects.filter(episode__client=client, signed_at__isnull=False)
    return {"summaries": list(summaries.select_related("episode", "signed_by").order_by("-signed_at", "-pk"))}


class ClientsConfig(AppConfig):
    name = "openiop.clients"
    label = "clients"

    def ready(self) -> None:
        # A disclosure (consents) can release the signed discharge summaries, with the §2.32 notice.
        from openiop.consents.records import RecordKind, register_record_kind

        register_record_kind(
            RecordKind(
                key="discharge_summary",
                label="Discharge summaries",
                template="clients/records/discharge_summaries.html",
                context=_discharge_summaries,
                narrative=True,
                order=25,
            )
        )
