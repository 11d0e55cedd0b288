"""Background tasks (django.tasks; the database backend in production, immediate in the demo and tests)."""

from django.tasks import task

from openiop.scheduling import services


@task()
def plan_week(run_id: int) -> str:
    """Solve one queued plan run; the run row records progress and the outcome."""
    return services.plan_run_execute(run_id=run_id)
