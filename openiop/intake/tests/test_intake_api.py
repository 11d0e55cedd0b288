import json
from typing import Any

import pytest
from django.test import Client as HttpClient

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.intake.placement import parse_input, recommend, recommendation_to_dict
from openiop.intake.tests import factories as f

INPUT: dict[str, Any] = {
    "population": "adult",
    "ciwa_ar": 6,
    "cows": None,
    "cssrs_risk": "low",
    "dimensions": {"1": 1, "2": 0, "3": 2, "4": 1, "5": 2, "6": 1},
    "available_hours_per_week": 12,
}


def _api(user: Any) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def _recommend(http: HttpClient, body: object) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return http.post("/api/v1/placement/recommend", data=data, content_type="application/json")


def test_the_inquiry_list_is_paginated_filtered_and_audited(cast: Cast) -> None:
    f.web_inquiry(cast, phone="(310) 555-0142")
    f.screen(cast, f.inquiry(cast))
    body = _api(cast.ivan).get("/api/v1/inquiries", {"status": "new"}).json()
    assert body["count"] == 1 and body["items"][0]["duplicate_match"] == "phone"
    assert AuditEvent.objects.filter(object_type="inquiry", action="list", channel="api").exists()


def test_an_unknown_status_is_a_422(cast: Cast) -> None:
    response = _api(cast.ivan).get("/api/v1/inquiries", {"status": "maybe"})
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "status"


def test_the_recommendation_is_the_same_json_as_the_cli(cast: Cast) -> None:
    response = _recommend(_api(cast.alice), INPUT)
    assert response.status_code == 200
    assert response.json() == recommendation_to_dict(recommend(parse_input(INPUT)))
    assert response.json()["level"] == "2.1"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**INPUT, "dimensions": {**INPUT["dimensions"], "3": 7}}, "dimensions.3"),
        ({k: v for k, v in INPUT.items() if k != "cows"}, "cows"),
        ({**INPUT, "ciwa": 3}, "ciwa"),
        ({**INPUT, "population": "child"}, "population"),
        ("{not json", "body"),
        ([], "input"),
    ],
)
def test_bad_placement_input_is_a_422_naming_the_field(cast: Cast, body: object, field: str) -> None:
    response = _recommend(_api(cast.alice), body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field
