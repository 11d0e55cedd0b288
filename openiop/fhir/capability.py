"""The CapabilityStatement, built from the registry: exactly the types, interactions, search
parameters and operations served."""

from typing import Any

from openiop.fhir.registry import COMMON_PARAMS, TYPES

PATIENT_EXPORT = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export"
GROUP_EXPORT = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export"
SEARCH_PARAMETER = "http://hl7.org/fhir/SearchParameter/"
# The search parameters with a definition in the base specification, by resource type.
_BASE_DEFINED = {"_id": "Resource-id", "_lastUpdated": "Resource-lastUpdated"}


def _param(resource_type: str, name: str, kind: str, documentation: str) -> dict[str, Any]:
    found: dict[str, Any] = {"name": name, "type": kind, "documentation": documentation}
    if name in _BASE_DEFINED:
        found["definition"] = SEARCH_PARAMETER + _BASE_DEFINED[name]
    return found


def capability_statement(*, base: str, date: str, version: str) -> dict[str, Any]:
    resources: list[dict[str, Any]] = []
    for name, rtype in sorted(TYPES.items()):
        entry: dict[str, Any] = {
            "type": name,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                _param(name, p.name, p.type, p.documentation)
                for p in (*COMMON_PARAMS, *rtype.params)
                if p.name != "_count"
            ],
        }
        if name == "Patient":
            entry["operation"] = [{"name": "export", "definition": PATIENT_EXPORT}]
        resources.append(entry)
    resources.append(
        {
            "type": "Group",
            "documentation": "A program track: its clients (docs/formats/fhir.md). Only $export is served.",
            "operation": [{"name": "export", "definition": GROUP_EXPORT}],
        }
    )
    return {
        "resourceType": "CapabilityStatement",
        "id": "openiop",
        "url": f"{base}/metadata",
        "name": "OpeniopFhirServer",
        "title": "openiop FHIR R4 server",
        "status": "active",
        "date": date,
        "publisher": "openiop",
        "kind": "instance",
        "instantiates": ["http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data"],
        "software": {"name": "openiop", "version": version},
        "implementation": {"description": "openiop, an Intensive Outpatient Program system", "url": base},
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": (
                    "Reads, searches (paged Bundles: _count, next links) and Bulk Data export (HL7 Bulk Data "
                    "Access IG v2). Resources from substance-use records carry the security labels R and "
                    "42CFRPart2 (42 CFR Part 2)."
                ),
                "security": {
                    "service": [
                        {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                    "code": "OAuth",
                                }
                            ],
                            "text": "Bearer tokens from `openiop create_api_token` (SMART-style read scopes)",
                        }
                    ],
                    "description": (
                        "Authorization: Bearer <token>. Scopes system/*.read, user/*.read, patient/*.read and "
                        "<context>/<Type>.read; the access policy decides which rows a token's user sees."
                    ),
                },
                "resource": resources,
            }
        ],
    }
