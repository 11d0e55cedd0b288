"""Background tasks (django.tasks; the database backend in production, immediate in the demo and tests)."""

from django.tasks import task

from openiop.reports import services


@task()
def export_report(run_id: int) -> str:
    """Make one queued export; the run row records progress and the file."""
    return services.report_run_execute(run_id=run_id)
