"""The FHIR endpoints for each member of the cast, signed in with a browser session (the access
table's way): reads and searches accept a session as well as a bearer token, under the same
policy; Bulk Data needs a bearer token (so every session answers 401 there)."""

from tests.access import ApiCase, Case, row

ANY_UUID = "00000000-0000-4000-8000-000000000000"
TOKEN_ONLY = row("401")

URL_TABLE: dict[str, Case] = {
    "fhir:metadata": ("GET", lambda c: "/fhir/r4/metadata", row("ok")),
    "fhir:search": ("GET", lambda c: "/fhir/r4/Patient", row("ok", anonymous="401", ava="403")),
    # Erin: Alice's client at site A, admitted (so not intake's), not Bob's, not Frank's.
    "fhir:read": (
        "GET",
        lambda c: f"/fhir/r4/Patient/{c.erin.pk}",
        row("ok", anonymous="401", bob="404", carol="404", ivan="404", ava="403", frank="404"),
    ),
    "fhir:patient-export": ("GET", lambda c: "/fhir/r4/Patient/$export", TOKEN_ONLY),
    "fhir:group-export": ("GET", lambda c: "/fhir/r4/Group/1/$export", TOKEN_ONLY),
    "fhir:bulk-status": ("GET", lambda c: f"/fhir/r4/bulk/{ANY_UUID}", TOKEN_ONLY),
    "fhir:bulk-file": ("GET", lambda c: f"/fhir/r4/bulk/{ANY_UUID}/Patient.ndjson", TOKEN_ONLY),
}

API_TABLE: dict[tuple[str, str], ApiCase] = {}
