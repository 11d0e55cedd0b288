"""A real ``openiop db_worker`` whose solver never returns, for the kill -9 test.

Run as ``python -m openiop.scheduling.tests.stalled_worker``: Django starts from the
environment (DATABASE_URL, OPENIOP_TASK_WORKER=true), the solver is replaced by one that waits
for ever (a long solve), and the unchanged ``db_worker`` command takes the queued run. The test
kills the process while the run is solving.
"""

import os
import threading

import django


def _stalled(*args: object, **kwargs: object) -> dict[str, object]:
    threading.Event().wait()
    raise AssertionError("unreachable")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openiop.settings")
    django.setup()
    from django.core.management import call_command

    from openiop.scheduling.services import runs

    runs.solve = _stalled  # type: ignore[attr-defined]
    call_command("db_worker", "--interval", "0.1", "--no-startup-delay")


if __name__ == "__main__":
    main()
