"""42 CFR Part 2: resources from substance-use records carry meta.security R and 42CFRPart2."""

from typing import Any

from conftest import Cast
from openiop.fhir.mapping.common import ACT_CODE, CONFIDENTIALITY
from openiop.fhir.tests.conftest import FhirWorld

PART2 = [(CONFIDENTIALITY, "R"), (ACT_CODE, "42CFRPart2")]


def _labels(resource: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["system"], s["code"]) for s in resource.get("meta", {}).get("security", [])]


def test_a_client_on_a_substance_use_track_has_every_resource_labelled(
    cast: Cast, fhir_world: FhirWorld, as_user: Any
) -> None:
    fhir = as_user(cast.dana)
    for kind in ("Patient", "EpisodeOfCare", "Encounter", "Appointment", "Observation", "CarePlan", "Consent"):
        bundle = fhir.get(
            f"/fhir/r4/{kind}?patient={cast.erin.pk}" if kind != "Patient" else f"/fhir/r4/Patient?_id={cast.erin.pk}"
        ).json()
        assert bundle["total"] >= 1, kind
        assert all(_labels(e["resource"]) == PART2 for e in bundle["entry"]), kind


def test_a_substance_use_diagnosis_labels_the_client(cast: Cast, fhir_world: FhirWorld, as_user: Any) -> None:
    client = fhir_world.assessment_client
    resource = as_user(cast.dana).get(f"/fhir/r4/Patient/{client.pk}").json()
    assert _labels(resource) == PART2


def test_a_client_without_substance_use_records_is_not_labelled(
    cast: Cast, fhir_world: FhirWorld, as_user: Any
) -> None:
    fhir = as_user(cast.dana)
    assert _labels(fhir.get(f"/fhir/r4/Patient/{cast.nora.pk}").json()) == []
    assert _labels(fhir.get("/fhir/r4/Questionnaire/phq9").json()) == []


def test_a_substance_use_instrument_is_labelled_whoever_takes_it(cast: Cast, as_user: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from openiop.measures.services import administration_record

    administration_record(
        actor=cast.carol,
        client=cast.gus,
        code="dast10",
        answers=[0] * 10,
        administered_at=timezone.now() - dt.timedelta(hours=1),
        language="en",
    )
    fhir = as_user(cast.carol)
    assert _labels(fhir.get(f"/fhir/r4/Patient/{cast.gus.pk}").json()) == PART2
