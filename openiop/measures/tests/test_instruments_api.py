"""GET /api/v1/instruments and POST /api/v1/instruments/{code}/score."""

import json
from typing import Any

import pytest

from conftest import Cast
from openiop.measures.instruments import REGISTRY
from openiop.measures.tests.conftest import logged_in


def _score(cast: Cast, code: str, body: object) -> Any:
    return logged_in(cast.alice).post(
        f"/api/v1/instruments/{code}/score", data=json.dumps(body), content_type="application/json"
    )


def test_the_definitions_cover_every_instrument(cast: Cast) -> None:
    body = logged_in(cast.alice).get("/api/v1/instruments").json()
    assert [i["code"] for i in body] == list(REGISTRY)
    phq9 = next(i for i in body if i["code"] == "phq9")
    assert phq9["loinc_total"] == {"code": "44261-6", "verified": True}
    assert [b["code"] for b in phq9["bands"]] == ["minimal", "mild", "moderate", "moderately-severe", "severe"]
    assert phq9["items"][8]["text"].startswith("Thoughts that you would be better off dead")
    assert phq9["items"][0]["anchors"][1] == {"value": 1, "label": "Several days"}
    assert "Pfizer" in phq9["licence"]


@pytest.mark.parametrize("code", list(REGISTRY))
def test_wording_is_sent_only_where_the_licence_allows_it(cast: Cast, code: str) -> None:
    body = logged_in(cast.alice).get("/api/v1/instruments").json()
    definition = next(i for i in body if i["code"] == code)
    texts = [item["text"] for item in definition["items"]]
    if definition["wording_allowed"]:
        assert all(texts)
    else:
        assert texts == [None] * len(texts) and definition["prompt"] is None


def test_cows_pulse_lists_exactly_its_allowed_values(cast: Cast) -> None:
    body = logged_in(cast.alice).get("/api/v1/instruments").json()
    cows = next(i for i in body if i["code"] == "cows")
    assert cows["items"][0]["values"] == [0, 1, 2, 4]
    assert [a["label"] for a in cows["items"][0]["anchors"]] == ["80 or below", "81–100", "101–120", "Over 120"]


def test_it_scores_without_storing(cast: Cast) -> None:
    response = _score(cast, "phq9", {"answers": [1] * 9})
    assert response.status_code == 200
    assert response.json() == {
        "code": "phq9",
        "total": 9,
        "band": "mild",
        "positive": False,
        "flags": ["suicidal-ideation"],
        "subscales": {},
    }


def test_a_float_total_and_skipped_items_come_back_as_json(cast: Cast) -> None:
    assert _score(cast, "urica", {"answers": [4] * 32}).json()["total"] == 8.0
    cssrs = _score(cast, "cssrs-screen", {"answers": [1, 1, 1, 1, 0, 0, None]}).json()
    assert (cssrs["band"], cssrs["flags"]) == ("high", ["suicidal-ideation", "suicide-risk"])
    assert _score(cast, "auditc", {"answers": [1, 1, 1], "sex": "female"}).json()["positive"] is True


@pytest.mark.parametrize(
    ("code", "body", "field", "message"),
    [
        pytest.param("cows", {"answers": [3] + [0] * 10}, "item_1", "3 is not an allowed value", id="cows-pulse"),
        pytest.param("phq9", {"answers": [0] * 8}, "answers", "expects 9 answers, got 8", id="count"),
        pytest.param("phq9", {"answers": [0] * 8 + [1.0]}, "item_9", "1.0 is a float", id="a-float"),
        pytest.param("phq9", {"answers": [0] * 8 + [True]}, "item_9", "True is a bool", id="a-bool"),
        pytest.param("phq9", {"answers": [0] * 8 + ["1"]}, "item_9", "'1' is a str", id="a-string"),
        pytest.param("auditc", {"answers": [1, 1, 1]}, "sex", "required for auditc", id="sex-missing"),
        pytest.param("auditc", {"answers": [1, 1, 1], "sex": "f"}, "sex", "'f' is not one of", id="sex-invalid"),
        pytest.param("phq9", {"answers": "000000000"}, "answers", "", id="not-a-list"),
        pytest.param("phq9", {}, "answers", "", id="no-answers"),
    ],
)
def test_bad_input_answers_422_naming_the_field(
    cast: Cast, code: str, body: dict[str, Any], field: str, message: str
) -> None:
    response = _score(cast, code, body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["field"] == field and message in detail[0]["message"]


def test_an_unknown_instrument_is_404(cast: Cast) -> None:
    assert _score(cast, "phq-9", {"answers": [0] * 9}).status_code == 404
