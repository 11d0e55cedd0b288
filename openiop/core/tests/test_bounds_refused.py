"""Dates outside the bounds of ``core/bounds.py`` are refused before they are stored: a field
error in forms, 422 with the field in the API, and nothing changes."""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client as HttpClient
from django.utils import timezone

from conftest import Cast
from openiop.clients.models import Client
from openiop.clinical.models import DrugScreen, Note, PlanReview
from openiop.clinical.tests.conftest import active_plan, draft_note
from openiop.core import bounds
from openiop.measures.models import Administration

TODAY = dt.date(2026, 12, 4)
EPISODES: list[tuple[dt.date, dt.date | None]] = [(dt.date(2026, 11, 2), None)]


@pytest.mark.parametrize(
    ("check", "value", "refused"),
    [
        (bounds.date_problem, dt.date(1, 1, 1), True),
        (bounds.date_problem, dt.date(9999, 12, 31), True),
        (bounds.date_problem, dt.date(1899, 12, 31), True),
        (bounds.date_problem, dt.date(2101, 1, 1), True),
        (bounds.date_problem, dt.date(2026, 12, 4), False),
        (bounds.date_problem, None, False),
        (bounds.datetime_problem, dt.datetime(1, 1, 1, tzinfo=dt.UTC), True),
        (bounds.datetime_problem, dt.datetime(2026, 12, 4, 9), True),  # noqa: DTZ001 (naive on purpose)
        (bounds.datetime_problem, dt.datetime(2026, 12, 4, 9, tzinfo=dt.UTC), False),
        (lambda d: bounds.birth_date_problem(d, today=TODAY), dt.date(1900, 1, 1), True),
        (lambda d: bounds.birth_date_problem(d, today=TODAY), dt.date(2026, 12, 5), True),
        (lambda d: bounds.birth_date_problem(d, today=TODAY), dt.date(1990, 5, 17), False),
        (lambda d: bounds.clinical_date_problem(d, episodes=EPISODES, today=TODAY), dt.date(2026, 11, 20), False),
        (lambda d: bounds.clinical_date_problem(d, episodes=EPISODES, today=TODAY), dt.date(2026, 6, 1), False),
        (lambda d: bounds.clinical_date_problem(d, episodes=EPISODES, today=TODAY), dt.date(2025, 1, 1), True),
        (lambda d: bounds.clinical_date_problem(d, episodes=EPISODES, today=TODAY), dt.date(2027, 12, 1), True),
        (lambda d: bounds.clinical_date_problem(d, episodes=[], today=TODAY), dt.date(2020, 1, 1), False),
        (lambda d: bounds.clinical_date_problem(d, episodes=[], today=TODAY), dt.date(9999, 12, 31), True),
        (
            lambda d: bounds.clinical_date_problem(
                d, episodes=[(dt.date(2024, 1, 1), dt.date(2024, 3, 1))], today=TODAY
            ),
            dt.date(2025, 6, 1),
            True,
        ),
        (lambda d: bounds.program_date_problem(d, today=TODAY), dt.date(2027, 6, 1), False),
        (lambda d: bounds.program_date_problem(d, today=TODAY), dt.date(2031, 1, 1), True),
        (lambda d: bounds.program_date_problem(d, today=TODAY), dt.date(2010, 1, 1), True),
    ],
)
def test_the_bounds_refuse_what_no_record_can_hold(
    check: Callable[[Any], str | None], value: Any, refused: bool
) -> None:
    assert (check(value) is not None) == refused


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("3", False),
        ("-3", False),
        ("٣", True),
        ("３", True),
        ("1_0", True),
        ("", True),
        ("3.0", True),
        ("2147483648", True),
    ],
)
def test_whole_numbers_are_ascii_digits_within_32_bits(text: str, refused: bool) -> None:
    assert (bounds.ascii_int_problem(text, minimum=-bounds.INT32_MAX) is not None) == refused


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: bounds.safe_add_days(dt.date(9999, 12, 31), 30), dt.date.max),
        (lambda: bounds.safe_add_days(dt.date(1, 1, 1), -61), dt.date.min),
        (
            lambda: bounds.safe_localtime(dt.datetime(1, 1, 1, tzinfo=dt.UTC), dt.timezone(dt.timedelta(hours=-8))),
            dt.datetime(1, 1, 1),  # noqa: DTZ001 (the stored value, naive, as the page shows it)
        ),
    ],
)
def test_rendering_helpers_clamp_instead_of_overflowing(call: Callable[[], object], expected: object) -> None:
    assert call() == expected


@dataclass(frozen=True)
class Attempt:
    """One bad input: who sends it, how, and which rows must stay as they were."""

    user: str
    send: Callable[[HttpClient, Cast], Any]
    model: type[Model]
    field: str


def _json(
    method: str, url: Callable[[Cast], str], body: dict[str, Any] | Callable[[Cast], dict[str, Any]]
) -> Callable[[HttpClient, Cast], Any]:
    def send(http: HttpClient, cast: Cast) -> Any:
        data = body(cast) if callable(body) else body
        return getattr(http, method)(url(cast), data=json.dumps(data), content_type="application/json")

    return send


def _form(url: Callable[[Cast], str], data: dict[str, Any]) -> Callable[[HttpClient, Cast], Any]:
    def send(http: HttpClient, cast: Cast) -> Any:
        return http.post(url(cast), data)

    return send


def _client_body(date_of_birth: str) -> Callable[[Cast], dict[str, Any]]:
    # The site's id, not 1: PostgreSQL does not reset its sequences between tests.
    return lambda cast: {
        "site_id": cast.site_a.pk,
        "legal_first_name": "Hal",
        "legal_last_name": "Bounds",
        "date_of_birth": date_of_birth,
        "sex_assigned_at_birth": "male",
    }


def _screen(collected_at: str) -> Attempt:
    return Attempt(
        "mel",
        _form(
            lambda c: f"/clinical/clients/{c.erin.pk}/screens/",
            {"collected_at": collected_at, "specimen": "urine", "method": "poc", "result_THC": "negative"},
        ),
        DrugScreen,
        "collected_at",
    )


def _review(reviewed_on: str) -> Attempt:
    def send(http: HttpClient, cast: Cast) -> Any:
        plan = active_plan(cast)
        return http.post(
            f"/clinical/plans/{plan.pk}/", {"action": "review", "reviewed_on": reviewed_on, "summary": "s"}
        )

    return Attempt("alice", send, PlanReview, "reviewed_on")


def _note_patch(starts_at: str) -> Attempt:
    def send(http: HttpClient, cast: Cast) -> Any:
        note = draft_note(cast)
        ends_at = (dt.datetime.fromisoformat(starts_at) + dt.timedelta(minutes=50)).isoformat()
        body = {"starts_at": starts_at, "ends_at": ends_at}
        return http.patch(f"/api/v1/notes/{note.pk}", data=json.dumps(body), content_type="application/json")

    return Attempt("alice", send, Note, "starts_at")


def _measure(administered_at: str) -> Attempt:
    body = {"instrument": "phq9", "answers": [0] * 9, "administered_at": administered_at}
    return Attempt(
        "alice",
        _json("post", lambda c: f"/api/v1/clients/{c.erin.pk}/administrations", body),
        Administration,
        "administered_at",
    )


BAD: dict[str, Attempt] = {
    "client born in 9999 (API)": Attempt(
        "dana", _json("post", lambda c: "/api/v1/clients", _client_body("9999-12-31")), Client, "date_of_birth"
    ),
    "client born tomorrow (API)": Attempt(
        "dana",
        _json("post", lambda c: "/api/v1/clients", _client_body(str(timezone.localdate() + dt.timedelta(days=2)))),
        Client,
        "date_of_birth",
    ),
    "client born in 1850 (API)": Attempt(
        "dana", _json("post", lambda c: "/api/v1/clients", _client_body("1850-01-01")), Client, "date_of_birth"
    ),
    "client's birth patched to year 1 (API)": Attempt(
        "alice",
        _json("patch", lambda c: f"/api/v1/clients/{c.erin.pk}", {"date_of_birth": "0001-01-01"}),
        Client,
        "date_of_birth",
    ),
    "note patched to year 1 (API)": _note_patch("0001-01-01T09:00:00Z"),
    "note patched to 9999 (API)": _note_patch("9999-12-31T09:00:00Z"),
    "note patched two years before the episode (API)": _note_patch("2024-11-02T09:00:00Z"),
    "measure in year 1 (API)": _measure("0001-01-01T09:00:00Z"),
    "measure in 9999 (API)": _measure("9999-12-31T09:00:00Z"),
    "drug screen in 9999 (form)": _screen("9999-12-31T10:00"),
    "drug screen in year 1 (form)": _screen("0001-01-01T10:00"),
    "drug screen a year ahead (form)": _screen("2028-01-01T10:00"),
    "plan review on 9999-12-31 (form)": _review("9999-12-31"),
    "plan review in year 1 (form)": _review("0001-01-01"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_date_out_of_bounds_is_refused_and_nothing_is_stored(cast: Cast, name: str) -> None:
    attempt = BAD[name]
    http = HttpClient()
    http.force_login(getattr(cast, attempt.user))
    before = sorted(attempt.model.objects.values_list("pk", attempt.field))  # type: ignore[attr-defined]
    response = attempt.send(http, cast)
    after = sorted(attempt.model.objects.values_list("pk", attempt.field))  # type: ignore[attr-defined]
    if attempt.model in (Note, PlanReview):
        # the draft or plan was made by the attempt itself; only its date must not have moved
        assert all(bounds.date_problem(value) is None for _, value in after)
    else:
        assert after == before
    assert response.status_code in (302, 400, 422), response.content[:300]
    if response.status_code == 422 and response.headers.get("Content-Type", "").startswith("application/json"):
        fields = {d.get("field", "") for d in response.json()["detail"]}
        assert any(attempt.field in f for f in fields), response.json()
    if response.status_code == 302:
        shown = http.get(response["Location"]).content.decode()
        assert "reviewed_on" in shown or "date" in shown


@pytest.mark.parametrize(
    ("value", "message"),
    [("9999-12-31T10:00", "between 1900-01-01 and 2100-12-31"), ("0001-01-01T10:00", "between 1900-01-01")],
)
def test_a_form_shows_the_bound_on_the_field(cast: Cast, value: str, message: str) -> None:
    http = HttpClient()
    http.force_login(cast.mel)
    response = _screen(value).send(http, cast)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not DrugScreen.objects.exists()
