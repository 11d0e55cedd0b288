"""GET/POST /api/v1/clients/{client_id}/administrations: through the policy, audited."""

import datetime as dt
import json
from typing import Any

import pytest

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.measures.models import Administration, Alert
from openiop.measures.tests.conftest import Record, logged_in, phq9


def _post(cast: Cast, user: Any, body: dict[str, Any], client_id: int | None = None) -> Any:
    return logged_in(user).post(
        f"/api/v1/clients/{client_id or cast.erin.pk}/administrations",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_it_records_an_administration_and_returns_its_score_and_alerts(cast: Cast) -> None:
    response = _post(
        cast,
        cast.alice,
        {"instrument": "phq9", "answers": phq9(12, item9=1), "administered_at": "2026-11-20T10:30:00-08:00"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["score"]["total"] == 12 and body["score"]["band"] == "moderate"
    assert (body["administered_role"], body["language"], body["scoring_version"]) == ("clinician", "en", "1")
    assert dt.datetime.fromisoformat(body["administered_at"]) == dt.datetime(2026, 11, 20, 18, 30, tzinfo=dt.UTC)
    assert [a["kind"] for a in body["alerts"]] == ["suicidal-ideation"]
    assert Alert.objects.get().assigned_to == cast.alice


def test_the_language_defaults_to_the_clients_preferred_one(cast: Cast) -> None:
    cast.erin.preferred_language = "es"
    cast.erin.save()
    assert _post(cast, cast.mel, {"instrument": "cows", "answers": [0] * 11}).json()["language"] == "es"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"instrument": "cows", "answers": [3] + [0] * 10}, "item_1", id="bad-item"),
        pytest.param({"instrument": "nope", "answers": []}, "instrument", id="unknown-instrument"),
        pytest.param({"instrument": "phq9", "answers": [0] * 9, "language": "fr"}, "language", id="bad-language"),
        pytest.param(
            {"instrument": "phq9", "answers": [0] * 9, "administered_at": "2026-11-20T10:30:00"},
            "administered_at",
            id="no-time-zone",
        ),
        pytest.param(
            {"instrument": "phq9", "answers": [0] * 9, "administered_at": "2999-01-01T00:00:00Z"},
            "administered_at",
            id="future",
        ),
        pytest.param({"answers": [0] * 9}, "instrument", id="instrument-missing"),
    ],
)
def test_bad_input_answers_422_with_the_field_and_stores_nothing(cast: Cast, body: dict[str, Any], field: str) -> None:
    response = _post(cast, cast.alice, body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["field"] == field
    assert not Administration.objects.exists()


def test_the_list_returns_stored_scores_oldest_first_and_is_audited(cast: Cast, record: Record) -> None:
    record(cast.erin, "phq9", phq9(14), days_ago=7)
    record(cast.erin, "phq9", phq9(9))
    body = logged_in(cast.dana).get(f"/api/v1/clients/{cast.erin.pk}/administrations").json()
    assert [a["score"]["total"] for a in body] == [14, 9]
    assert AuditEvent.objects.filter(user=cast.dana, object_type="administrations", client=cast.erin).count() == 1


def test_the_list_runs_a_constant_number_of_queries(
    cast: Cast, record: Record, django_assert_max_num_queries: Any
) -> None:
    http = logged_in(cast.alice)
    for size in (1, 10):
        Administration.objects.all().delete()
        for n in range(size):
            record(cast.erin, "phq9", phq9(n % 20, item9=n % 2), days_ago=size - n)
        with django_assert_max_num_queries(18):
            assert http.get(f"/api/v1/clients/{cast.erin.pk}/administrations").status_code == 200
        Alert.objects.all().delete()


def test_it_is_404_for_a_client_the_user_cannot_see(cast: Cast) -> None:
    assert _post(cast, cast.carol, {"instrument": "phq9", "answers": [0] * 9}).status_code == 404
    assert logged_in(cast.bob).get(f"/api/v1/clients/{cast.erin.pk}/administrations").status_code == 404
