"""Log lines are JSON objects that carry the id of the request they were written in."""

import json
import logging
import sys
from collections.abc import Iterator

import pytest
from django.test import Client as HttpClient

from openiop.core.logging import JsonFormatter, RequestIdFilter


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured() -> Iterator[_Capture]:
    handler = _Capture()
    logger = logging.getLogger("openiop.request")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(old_level)


@pytest.mark.django_db
def test_each_request_writes_one_json_line_with_its_request_id_and_no_query_string(captured: _Capture) -> None:
    response = HttpClient().get("/healthz?name=Erin+Doe")
    (line,) = (json.loads(text) for text in captured.lines)
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["level"], line["logger"], line["message"], line["status"]) == (
        "INFO",
        "openiop.request",
        f"GET /healthz {response.status_code}",
        response.status_code,
    )
    assert "Erin" not in captured.lines[0]


def test_a_line_outside_a_request_says_so_and_keeps_the_exception() -> None:
    record = logging.LogRecord("openiop.test", logging.ERROR, __file__, 1, "failed %s", ("once",), None)
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert (line["message"], line["request_id"], "ValueError: boom" in line["exception"]) == ("failed once", "-", True)
