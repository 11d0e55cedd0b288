"""A lost database connection answers 503 with Retry-After (a page, or JSON under /api/), never a
traceback; the next request, with the database back, is served as usual."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client as HttpClient
from django.utils import timezone

from conftest import Cast
from openiop.program.tests.world import WEEK
from openiop.scheduling.models import PlanRun, PlanStatus

DROPPED = OperationalError("server closed the connection unexpectedly")
CLOSED = InterfaceError("connection already closed")


@contextmanager
def _database_fails(error: Exception, *, on: str = "") -> Iterator[None]:
    """Every query (or every query naming the table ``on``) fails as a dropped connection does."""

    def failing(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if on in sql:
            raise error
        return execute(sql, params, many, context)

    with connection.execute_wrapper(failing):
        yield


@pytest.fixture
def run(cast: Cast) -> PlanRun:
    return PlanRun.objects.create(
        site=cast.site_a,
        week_start=WEEK,
        created_by=cast.dana,
        status=PlanStatus.DONE,
        finished_at=timezone.now(),
    )


def _http(cast: Cast) -> HttpClient:
    http = HttpClient(raise_request_exception=False)
    http.force_login(cast.dana)
    return http


CASES = {
    "a page whose view loses the connection": ("/scheduling/runs/{pk}/", DROPPED, "scheduling_planrun", False),
    "an API read whose view loses the connection": ("/api/v1/plan-runs/{pk}", DROPPED, "scheduling_planrun", True),
    "a closed connection in a view": ("/scheduling/runs/{pk}/", CLOSED, "scheduling_planrun", False),
    "a page when the database is down from the start": ("/scheduling/runs/{pk}/", DROPPED, "", False),
    "an API read when the database is down from the start": ("/api/v1/plan-runs/{pk}", DROPPED, "", True),
}


@pytest.mark.parametrize(("path", "error", "table", "json"), CASES.values(), ids=CASES.keys())
def test_a_lost_database_connection_answers_503_with_a_retry_hint_and_no_traceback(
    cast: Cast, run: PlanRun, path: str, error: Exception, table: str, json: bool
) -> None:
    http = _http(cast)
    url = path.format(pk=run.pk)
    with _database_fails(error, on=table):
        response = http.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = response.content.decode()
    assert "Traceback" not in body and "server closed" not in body and "already closed" not in body
    if json:
        assert response["Content-Type"] == "application/json"
        assert "try again" in response.json()["detail"]
    else:
        assert response["Content-Type"].startswith("text/html") and "Temporarily unavailable" in body
    assert http.get(url).status_code == 200  # the database is back: served as usual


def test_other_errors_still_answer_500(cast: Cast, run: PlanRun) -> None:
    with _database_fails(ZeroDivisionError("not a database error"), on="scheduling_planrun"):
        response = _http(cast).get(f"/scheduling/runs/{run.pk}/")
    assert response.status_code == 500 and "Retry-After" not in response
