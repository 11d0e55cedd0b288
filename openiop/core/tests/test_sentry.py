"""Sentry events lose everything that could carry PHI before they leave."""

import copy
from typing import Any

from openiop.core.sentry import scrub_event

# The shape sentry-sdk's Django integration builds for an error during a POST.
EVENT: dict[str, Any] = {
    "level": "error",
    "exception": {"values": [{"type": "ValueError", "value": "bad"}]},
    "request": {
        "url": "https://iop.example.org/clients/12/notes/?q=Erin+Doe",
        "method": "POST",
        "query_string": "q=Erin+Doe",
        "data": {"narrative": "Erin disclosed relapse", "password": "secret"},
        "cookies": {"sessionid": "abc", "csrftoken": "def"},
        "headers": {
            "Cookie": "sessionid=abc",
            "Authorization": "Bearer oiop_x",
            "User-Agent": "Firefox",
            "Referer": "https://iop.example.org/clients/12/?q=Erin",
        },
        "env": {"REMOTE_ADDR": "203.0.113.7"},
    },
    "user": {"id": "7", "email": "alice@a.test", "username": "alice@a.test", "ip_address": "203.0.113.7"},
    "breadcrumbs": {
        "values": [
            {
                "category": "httplib",
                "data": {"url": "https://fhir.example.org/Patient?name=Erin", "http.query": "name=Erin"},
            }
        ]
    },
    "tags": {"request_id": "abc123"},
}


def test_it_drops_request_bodies_cookies_query_strings_and_user_emails() -> None:
    event = scrub_event(copy.deepcopy(EVENT), {})
    assert event["request"] == {
        "url": "https://iop.example.org/clients/12/notes/",
        "method": "POST",
        "headers": {"User-Agent": "Firefox"},
    }
    assert event["user"] == {"id": "7"}
    assert event["breadcrumbs"]["values"][0]["data"] == {"url": "https://fhir.example.org/Patient"}
    assert (event["tags"], event["exception"]) == (EVENT["tags"], EVENT["exception"])
    assert "Erin" not in repr(event) and "alice@a.test" not in repr(event)


def test_it_leaves_an_event_without_request_or_user_alone() -> None:
    event = {"level": "error", "message": "worker stopped"}
    assert scrub_event(copy.deepcopy(event), None) == event


def test_the_sdk_sends_the_scrubbed_event(monkeypatch: Any) -> None:
    import sentry_sdk
    from sentry_sdk.transport import Transport

    sent: list[dict[str, Any]] = []

    class Capture(Transport):
        def capture_envelope(self, envelope: Any) -> None:
            sent.extend(item.payload.json for item in envelope.items if item.payload.json)

    from openiop.core import sentry

    real_init = sentry_sdk.init
    monkeypatch.setattr(sentry_sdk, "init", lambda **kw: real_init(transport=Capture, **kw))
    sentry.sentry_init(dsn="https://key@sentry.invalid/1", environment="test", traces_sample_rate=0.0)
    try:
        with sentry_sdk.new_scope() as scope:
            scope.set_user({"id": "7", "email": "alice@a.test"})
            sentry_sdk.capture_message("it broke")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init()  # a disabled client again: no DSN
    (event,) = sent
    assert event["user"] == {"id": "7"} and event["message"] == "it broke"
