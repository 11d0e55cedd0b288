"""What every resource shares: meta (lastUpdated, the Part 2 security labels), references, and
the check of a resource against fhir.resources' model before it leaves the server."""

import datetime as dt
import importlib
from typing import Any

type Json = dict[str, Any]

CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PART2_LABELS: list[Json] = [
    {"system": CONFIDENTIALITY, "code": "R", "display": "restricted"},
    {"system": ACT_CODE, "code": "42CFRPart2", "display": "42 CFR Part2"},
]
PART2_NOTICE = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
OPENIOP = "urn:openiop"
UCUM = "http://unitsofmeasure.org"


def instant(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def meta(last_updated: dt.datetime | None, *, part2: bool = False) -> Json:
    found: Json = {}
    if last_updated is not None:
        found["lastUpdated"] = instant(last_updated)
    if part2:
        found["security"] = [dict(label) for label in PART2_LABELS]
    return found


def ref(resource_type: str, pk: object, display: str | None = None) -> Json:
    found: Json = {"reference": f"{resource_type}/{pk}"}
    if display:
        found["display"] = display
    return found


def concept(system: str, code: str, display: str | None = None) -> Json:
    coding: Json = {"system": system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding], "text": display or code}


def _model(resource_type: str) -> Any:
    module = importlib.import_module(f"fhir.resources.R4B.{resource_type.lower()}")
    return getattr(module, resource_type)


def prune(value: Any) -> Any:
    """FHIR allows no empty arrays, objects or strings: drop them."""
    if isinstance(value, dict):
        pruned = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ({}, [], "", None)}
    if isinstance(value, list):
        return [v for v in (prune(item) for item in value) if v not in ({}, [], "", None)]
    return value


def emit(resource: Json) -> Json:
    """The resource as JSON, after fhir.resources' model has accepted it (a mapping bug fails
    here, in the server, rather than in the client); dates and times come out in FHIR's forms."""
    model = _model(resource["resourceType"]).model_validate(prune(resource))
    dumped: Json = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    return dumped
