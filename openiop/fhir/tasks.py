"""Background tasks (django.tasks; the database backend in production, immediate in the demo and tests)."""

from django.tasks import task

from openiop.fhir import services


@task()
def bulk_export(export_id: str) -> str:
    """Run one queued Bulk Data export; its row records progress and the outcome."""
    return services.bulk_export_run(export_id=export_id)
