"""The CapabilityStatement lists exactly what is served."""

from typing import Any

import pytest

from conftest import Cast
from openiop.fhir.registry import TYPES


def test_it_is_readable_without_a_token_and_lists_every_type_served(as_user: Any, db: None) -> None:
    statement = as_user(None).get("/fhir/r4/metadata").json()
    resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert set(resources) == set(TYPES) | {"Group"}
    assert [o["name"] for o in resources["Patient"]["operation"]] == ["export"]
    assert "interaction" not in resources["Group"]


@pytest.mark.parametrize("resource_type", sorted(TYPES))
def test_every_listed_search_parameter_is_accepted_strictly(cast: Cast, as_user: Any, resource_type: str) -> None:
    statement = as_user(None).get("/fhir/r4/metadata").json()
    entry = next(r for r in statement["rest"][0]["resource"] if r["type"] == resource_type)
    samples = {"date": "ge2026-01-01", "reference": f"Patient/{cast.erin.pk}", "token": "x", "string": "x", "uri": "x"}
    fhir = as_user(cast.dana)
    for param in entry["searchParam"]:
        response = fhir.get(
            f"/fhir/r4/{resource_type}?{param['name']}={samples[param['type']]}", Prefer="handling=strict"
        )
        assert response.status_code == 200, (param, response.content[:300])
