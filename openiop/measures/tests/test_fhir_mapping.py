"""FHIR R4 rendering. Each resource is re-validated by fhir.resources through a
JSON round trip; assertions then read the JSON a receiving system would see."""

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from openiop.measures.fhir import administration_to_fhir
from openiop.measures.instruments import get, score
from openiop.measures.instruments.base import Answer
from openiop.measures.tests import CODES, highest_answers, lowest_answers, sex_for

type Json = dict[str, Any]

AUTHORED = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
LOINC = "http://loinc.org"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
CASES = [
    pytest.param(code, answers(code), id=f"{code}-{name}")
    for code in CODES
    for name, answers in (("lowest", lowest_answers), ("highest", highest_answers))
]


def render(code: str, answers: list[Answer], performer: str | None = "Practitioner/alice") -> tuple[Json, Json]:
    response, observation = administration_to_fhir(
        instrument_code=code,
        answers=answers,
        score=score(code, answers, sex=sex_for(code)),
        patient_reference="Patient/erin",
        authored=AUTHORED,
        administration_id="adm-42",
        performer_reference=performer,
    )
    response_json = response.model_dump_json()
    observation_json = observation.model_dump_json()
    QuestionnaireResponse.model_validate_json(response_json)
    Observation.model_validate_json(observation_json)
    return json.loads(response_json), json.loads(observation_json)


def codings(concepts: list[Json]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for concept in concepts for c in concept["coding"]}


def components(observation: Json) -> dict[str, Json]:
    return {c["code"]["coding"][0]["code"]: c for c in observation["component"]}


@pytest.mark.parametrize(("code", "answers"), CASES)
def test_every_instrument_renders_valid_r4_resources(code: str, answers: list[Answer]) -> None:
    response, observation = render(code, answers)

    assert response["resourceType"] == "QuestionnaireResponse"
    assert response["status"] == "completed"
    assert response["subject"] == {"reference": "Patient/erin"}
    assert datetime.fromisoformat(response["authored"]) == AUTHORED
    answered = [
        {"linkId": item.number, "valueInteger": value}
        for item, value in zip(get(code).items, answers, strict=True)
        if value is not None
    ]
    assert [
        {"linkId": i["linkId"], "valueInteger": i["answer"][0]["valueInteger"]} for i in response["item"]
    ] == answered

    assert observation["resourceType"] == "Observation"
    assert observation["status"] == "final"
    assert codings(observation["category"]) == {
        ("http://terminology.hl7.org/CodeSystem/observation-category", "survey")
    }
    assert observation["subject"] == {"reference": "Patient/erin"}
    assert datetime.fromisoformat(observation["effectiveDateTime"]) == AUTHORED
    assert observation["derivedFrom"] == [{"reference": "QuestionnaireResponse/adm-42"}]


@pytest.mark.parametrize("code", CODES)
def test_the_observation_is_coded_with_loinc_where_the_instrument_has_a_total_code(
    code: str,
) -> None:
    _, observation = render(code, lowest_answers(code))
    systems = codings([observation["code"]])
    assert ("urn:openiop:instrument", code) in systems
    total_code = get(code).loinc_total
    if total_code is not None:
        assert (LOINC, total_code.code) in systems
    else:
        assert all(system != LOINC for system, _ in systems)


def test_an_integer_total_is_a_value_integer_with_band_and_flags() -> None:
    _, observation = render("phq9", [1] * 9)
    assert observation["valueInteger"] == 9
    assert codings(observation["interpretation"]) == {
        ("urn:openiop:band", "mild"),
        (INTERPRETATION, "NEG"),
        ("urn:openiop:flag", "suicidal-ideation"),
    }
    assert observation["note"] == [{"text": "Band: mild. Screen negative. Flags: suicidal-ideation."}]


def test_a_float_total_is_a_quantity_because_r4_has_no_value_decimal() -> None:
    _, observation = render("urica", [3] * 32)
    assert "valueInteger" not in observation
    assert observation["valueQuantity"]["value"] == 6.0
    assert observation["valueQuantity"]["code"] == "{score}"
    assert components(observation)["urica.action"]["valueQuantity"]["value"] == 3.0


def test_bam_has_no_value_but_one_component_per_subscale() -> None:
    _, observation = render("bam", [1] * 24)
    assert "valueInteger" not in observation and "valueQuantity" not in observation
    assert {code: component["valueInteger"] for code, component in components(observation).items()} == {
        "bam.use": 3,
        "bam.risk": 6,
        "bam.protective": 6,
    }


def test_pcl5_subscales_are_integer_components() -> None:
    _, observation = render("pcl5", [2] * 20)
    assert observation["valueInteger"] == 40
    assert components(observation)["pcl5.D"]["valueInteger"] == 14


def test_the_cssrs_risk_level_is_a_coded_component() -> None:
    _, observation = render("cssrs-screen", [1, 1, 0, 1, 0, 0, None])
    assert "valueInteger" not in observation
    risk = components(observation)["cssrs-screen.risk"]
    assert codings([risk["valueCodeableConcept"]]) == {("urn:openiop:band", "high")}
    assert {
        ("urn:openiop:flag", "suicidal-ideation"),
        ("urn:openiop:flag", "suicide-risk"),
    } <= codings(observation["interpretation"])


def test_skipped_items_are_left_out_of_the_questionnaire_response() -> None:
    response, _ = render("cssrs-screen", [1, 0, None, None, None, 0, None])
    assert [item["linkId"] for item in response["item"]] == ["1", "2", "6"]


def test_items_carry_wording_only_where_the_licence_allows() -> None:
    phq9, _ = render("phq9", [0] * 9)
    audit, _ = render("audit", [0] * 10)
    assert phq9["item"][0]["text"] == get("phq9").items[0].text
    assert audit["item"][0]["text"] == get("audit").items[0].label


def test_the_performer_is_optional() -> None:
    response, observation = render("gad7", [0] * 7, performer=None)
    assert "author" not in response and "performer" not in observation
    response, observation = render("gad7", [0] * 7)
    assert response["author"] == {"reference": "Practitioner/alice"}
    assert observation["performer"] == [{"reference": "Practitioner/alice"}]


def test_it_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        administration_to_fhir(
            instrument_code="phq2",
            answers=[0, 0],
            score=score("phq2", [0, 0]),
            patient_reference="Patient/erin",
            authored=datetime(2026, 3, 2, 9, 30),  # noqa: DTZ001
            administration_id="adm-42",
            performer_reference=None,
        )


@pytest.mark.parametrize(
    ("code", "answers", "scored_as"),
    [("phq2", [0, 0], "gad7"), ("phq2", [0, 0, 0], "phq2")],
    ids=["score-of-another-instrument", "wrong-answer-count"],
)
def test_it_refuses_answers_and_score_that_do_not_fit(code: str, answers: list[int], scored_as: str) -> None:
    other = score(scored_as, [0] * len(get(scored_as).items))
    with pytest.raises(ValueError, match=r"score is for|has \d+ items"):
        administration_to_fhir(
            instrument_code=code,
            answers=answers,
            score=other,
            patient_reference="Patient/erin",
            authored=datetime.now(UTC),
            administration_id="adm-42",
            performer_reference=None,
        )
