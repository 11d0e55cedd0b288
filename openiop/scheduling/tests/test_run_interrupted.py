"""Plan runs hold a lease: a run whose worker died is queued again or ends failed, interrupted.

The last test starts a real ``db_worker`` process on a database file (or the PostgreSQL test
database), kills it with SIGKILL while it solves, and shows the run completing after a restart
with nothing partial left behind.
"""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.utils import timezone
from pytest_django.fixtures import Settings

from openiop.accounts.models import User
from openiop.program.models import EnrollmentSource, SessionEnrollment
from openiop.program.tests.world import WEEK, World
from openiop.scheduling import services
from openiop.scheduling.models import PlanAssignment, PlanClient, PlanRun, PlanStatus
from openiop.scheduling.services import runs

ROOT = Path(__file__).resolve().parents[3]
WORKER_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _login(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def _running_run(world: World, *, lease_left_s: float, attempts: int = 1) -> PlanRun:
    """A run some process claimed and is solving, its lease running out in ``lease_left_s``."""
    now = timezone.now()
    return PlanRun.objects.create(
        site=world.cast.site_a,
        week_start=WEEK,
        created_by=world.cast.dana,
        status=PlanStatus.RUNNING,
        progress=20,
        step="Solving",
        worker_id="web-1:4242:abcd",
        heartbeat_at=now - dt.timedelta(seconds=30),
        lease_expires_at=now + dt.timedelta(seconds=lease_left_s),
        attempts=attempts,
    )


def test_a_run_whose_worker_died_ends_failed_interrupted_and_the_page_stops_polling(world: World) -> None:
    run = _running_run(world, lease_left_s=-1)
    http = _login(world.cast.dana)
    poll = http.get(f"/scheduling/runs/{run.pk}/", headers={"HX-Request": "true"})
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"
    page = http.get(f"/scheduling/runs/{run.pk}/").content.decode()
    assert "The plan could not be made" in page and "Interrupted" in page
    assert 'hx-trigger="every' not in page
    run.refresh_from_db()
    assert run.status == PlanStatus.FAILED and run.error.startswith("Interrupted")
    assert run.finished_at is not None and not PlanClient.objects.filter(run=run).exists()


def test_the_api_reports_an_interrupted_run_as_failed(world: World) -> None:
    run = _running_run(world, lease_left_s=-1)
    body = _login(world.cast.dana).get(f"/api/v1/plan-runs/{run.pk}").json()
    assert body["status"] == "failed" and body["error"].startswith("Interrupted")


def test_a_run_with_a_live_lease_is_left_running(world: World) -> None:
    run = _running_run(world, lease_left_s=30)
    assert services.plan_run_recover(run=run) == []
    run.refresh_from_db()
    assert run.status == PlanStatus.RUNNING and run.worker_id == "web-1:4242:abcd"


def test_with_a_worker_an_interrupted_run_is_queued_again_while_attempts_are_left(
    world: World, settings: Settings, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = WORKER_BACKEND
    run = _running_run(world, lease_left_s=-1, attempts=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.plan_run_recover(run=run) == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.worker_id, run.lease_expires_at) == (PlanStatus.QUEUED, "", None)
    assert "attempt 2 of 2" in run.step
    from django_tasks_db.models import DBTaskResult

    assert [r.args_kwargs["args"] for r in DBTaskResult.objects.all()] == [[run.pk]]
    again = _running_run(world, lease_left_s=-1, attempts=2)
    services.plan_run_recover(run=again)
    again.refresh_from_db()
    assert again.status == PlanStatus.FAILED and "after 2 attempts" in again.error


def test_a_worker_that_lost_its_lease_discards_its_result(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    real = runs.solve  # type: ignore[attr-defined]

    def taken_over(*args: Any, **kwargs: Any) -> dict[str, Any]:
        # While this process solves, its lease runs out and the run is recovered.
        PlanRun.objects.update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
        services.plan_run_recover(site=world.cast.site_a)
        return real(*args, **kwargs)

    monkeypatch.setattr(runs, "solve", taken_over)
    run = services.plan_run_start(actor=world.cast.dana, site=world.cast.site_a, week_start=WEEK, time_limit_s=2)
    assert run.status == PlanStatus.FAILED and run.error.startswith("Interrupted")
    assert not PlanClient.objects.filter(run=run).exists() and not PlanAssignment.objects.filter(run=run).exists()


@pytest.mark.django_db(transaction=True)
def test_the_solver_runs_outside_any_transaction(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    real = runs.solve  # type: ignore[attr-defined]
    seen: list[bool] = []

    def watched(*args: Any, **kwargs: Any) -> dict[str, Any]:
        seen.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(runs, "solve", watched)
    run = services.plan_run_start(actor=world.cast.dana, site=world.cast.site_a, week_start=WEEK, time_limit_s=2)
    assert run.status == PlanStatus.DONE and seen == [False]


# --- a real worker, killed -----------------------------------------------------------------


def _until[T](check: Callable[[], T], *, seconds: float, what: str) -> T:
    """Poll ``check`` until it returns something true, or fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def worker_database(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    """The DATABASE_URL a worker process shares with this test.

    PostgreSQL: the test database itself. SQLite: the in-memory test database is copied to a
    file (schema and migrations, still empty) and this process uses the file until the end.
    """
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
        yield (
            f"postgres://{settings_dict['USER']}{password}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        )
        return
    path = tmp_path / "openiop.sqlite3"
    connection.ensure_connection()
    memory, name = connection.connection, settings_dict["NAME"]
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    connection.connection, settings_dict["NAME"] = None, str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        connection.connection, settings_dict["NAME"] = memory, name


def _worker(url: str, tmp_path: Path, *command: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "OPENIOP_ENV": "test",
        "DATABASE_URL": url,
        "OPENIOP_TASK_WORKER": "true",
        "OPENIOP_PLAN_LEASE_S": "2",
        "OPENIOP_DATA_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    with (tmp_path / f"worker-{len(list(tmp_path.glob('worker-*')))}.log").open("wb") as log:
        # The child keeps its own copy of the file descriptor.
        return subprocess.Popen([sys.executable, *command], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_nothing_partial_and_the_run_completes_after_a_restart(
    worker_database: str, world: World, settings: Settings, tmp_path: Path
) -> None:
    settings.TASKS = WORKER_BACKEND
    stalled = _worker(worker_database, tmp_path, "-m", "openiop.scheduling.tests.stalled_worker")
    try:
        run = services.plan_run_start(actor=world.cast.dana, site=world.cast.site_a, week_start=WEEK, time_limit_s=3)
        assert run.status == PlanStatus.QUEUED
        _until(
            lambda: PlanRun.objects.filter(pk=run.pk, step="Solving").exists(), seconds=90, what="the worker to solve"
        )
        solving = PlanRun.objects.get(pk=run.pk)
        assert solving.worker_id and solving.attempts == 1
        stalled.send_signal(signal.SIGKILL)
        stalled.wait(timeout=30)
    finally:
        if stalled.poll() is None:
            stalled.kill()
            stalled.wait()
    # Nothing of the plan exists, and the run looks alive until its lease runs out.
    assert not PlanClient.objects.filter(run=run).exists() and not PlanAssignment.objects.exists()
    assert not SessionEnrollment.objects.filter(source=EnrollmentSource.PLAN).exists()
    expiry = PlanRun.objects.get(pk=run.pk).lease_expires_at
    assert expiry is not None
    _until(lambda: timezone.now() > expiry, seconds=10, what="the lease to run out")
    page = _login(world.cast.dana).get(f"/scheduling/runs/{run.pk}/").content.decode()
    assert "Interrupted" in page and 'hx-trigger="every' in page  # queued again, still polling
    assert PlanRun.objects.get(pk=run.pk).status == PlanStatus.QUEUED

    restarted = _worker(worker_database, tmp_path, "-m", "openiop", "db_worker", "--batch", "--no-startup-delay")
    assert restarted.wait(timeout=180) == 0
    run.refresh_from_db()
    assert (run.status, run.attempts, run.progress) == (PlanStatus.DONE, 2, 100)
    assert PlanClient.objects.filter(run=run).count() == PlanClient.objects.count() > 0
