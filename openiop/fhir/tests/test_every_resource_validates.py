"""Acceptance 1: every resource the server emits validates against the FHIR R4 JSON schema
(HL7's fhir.schema.json, checked with jsonschema: independent of the models that produced it)."""

import pytest

from conftest import Cast
from openiop.fhir.registry import TYPES
from openiop.fhir.tests.conftest import FhirWorld, assert_valid, schema_errors


@pytest.mark.parametrize("resource_type", sorted(TYPES))
def test_every_resource_of_each_type_validates_against_the_r4_schema(
    cast: Cast, fhir_world: FhirWorld, as_user: object, resource_type: str
) -> None:
    fhir = as_user(cast.dana)  # type: ignore[operator]
    response = fhir.get(f"/fhir/r4/{resource_type}?_count=100")
    assert response.status_code == 200 and response["Content-Type"] == "application/fhir+json"
    found = assert_valid(response.json())
    assert found["total"] >= 1 and found["entry"], f"the world has no {resource_type}"
    first = found["entry"][0]["resource"]
    read = fhir.get(f"/fhir/r4/{resource_type}/{first['id']}")
    assert read.status_code == 200 and assert_valid(read.json()) == first


def test_the_capability_statement_validates_and_says_fhir_4_0_1(cast: Cast, as_user: object) -> None:
    response = as_user(None).get("/fhir/r4/metadata")  # type: ignore[operator]
    statement = assert_valid(response.json())
    assert response.status_code == 200 and statement["fhirVersion"] == "4.0.1"


def test_the_validator_is_strict_enough_to_fail() -> None:
    errors = schema_errors({"resourceType": "Patient", "birthDate": "17/05/1990", "nickname": "E"})
    assert any("birthDate" in e for e in errors) and any("nickname" in e for e in errors)
