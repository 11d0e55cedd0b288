from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "openiop.fhir"
    label = "fhir"

    def ready(self) -> None:
        from openiop.consents.records import RecordKind, register_record_kind

        # What a Bulk Data export to a recipient outside the program releases, as the accounting names it.
        register_record_kind(
            RecordKind(
                key="fhir_bulk",
                label="FHIR R4 Bulk Data export (the client's resources of the types requested)",
                template="fhir/records/bulk.html",
                context=lambda client: {},
                narrative=True,
                order=900,
            )
        )
