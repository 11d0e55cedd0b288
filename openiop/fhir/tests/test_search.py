"""Acceptance 2: paging, the access policy per token, and errors as OperationOutcome."""

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import pytest
from pytest_django import DjangoAssertNumQueries

from conftest import Cast, make_client
from openiop.audit.models import AuditEvent
from openiop.fhir.tests.conftest import FhirWorld, assert_valid


def _ids(bundle: dict[str, Any]) -> list[str]:
    return [entry["resource"]["id"] for entry in bundle.get("entry", [])]


def _next(bundle: dict[str, Any]) -> str | None:
    url = next((link["url"] for link in bundle["link"] if link["relation"] == "next"), None)
    if url is None:
        return None
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_forty_patients_page_through_in_fours_of_ten_by_next_links(cast: Cast, as_user: Any) -> None:
    made = {str(make_client(cast.site_a, f"P{i:02d}", "Paged", cast.dana).pk) for i in range(40)}
    fhir = as_user(cast.dana)
    url: str | None = "/fhir/r4/Patient?name=Paged&_count=10"
    pages: list[list[str]] = []
    while url is not None:
        bundle = assert_valid(fhir.get(url).json())
        assert bundle["type"] == "searchset" and bundle["total"] == 40
        pages.append(_ids(bundle))
        url = _next(bundle)
    assert [len(page) for page in pages] == [10, 10, 10, 10]
    assert set().union(*pages) == made and len(made) == 40


def test_each_page_is_recorded_in_the_audit_trail_naming_the_clients(cast: Cast, as_user: Any) -> None:
    as_user(cast.alice).get("/fhir/r4/Patient")
    event = AuditEvent.objects.filter(object_type="fhir.Patient").get()
    assert event.action == "list" and event.channel == "api" and event.user == cast.alice
    assert event.detail["shown"] == [str(cast.erin.pk)] and event.detail["clients"] == [cast.erin.pk]


def test_a_read_is_recorded_with_its_client(cast: Cast, as_user: Any) -> None:
    as_user(cast.alice).get(f"/fhir/r4/Patient/{cast.erin.pk}")
    event = AuditEvent.objects.filter(object_type="fhir.Patient").get()
    assert (event.action, event.client_id, event.object_id) == ("view", cast.erin.pk, str(cast.erin.pk))


def test_another_sites_token_gets_404_for_a_client(cast: Cast, as_user: Any) -> None:
    response = as_user(cast.carol).get(f"/fhir/r4/Patient/{cast.erin.pk}")
    assert response.status_code == 404 and assert_valid(response.json())["resourceType"] == "OperationOutcome"
    assert as_user(cast.dana).get(f"/fhir/r4/Patient/{cast.gus.pk}").status_code == 404


def test_another_sites_token_finds_none_of_its_clients_resources(
    cast: Cast, fhir_world: FhirWorld, as_user: Any
) -> None:
    fhir = as_user(cast.carol)
    for kind in ("Observation", "Encounter", "Appointment", "Consent", "CarePlan"):
        bundle = fhir.get(f"/fhir/r4/{kind}?patient=Patient/{cast.erin.pk}").json()
        assert bundle["total"] == 0 and "entry" not in bundle, kind
    assert fhir.get(f"/fhir/r4/Location/{cast.site_a.pk}").status_code == 404


def test_a_clients_token_sees_only_themselves(cast: Cast, fhir_world: FhirWorld, as_user: Any) -> None:
    fhir = as_user(cast.erin_user, ["patient/*.read"])
    assert _ids(fhir.get("/fhir/r4/Patient").json()) == [str(cast.erin.pk)]
    assert fhir.get(f"/fhir/r4/Patient/{cast.frank.pk}").status_code == 404
    appointments = fhir.get("/fhir/r4/Appointment").json()
    assert appointments["total"] == 2
    patients = {
        p["actor"]["reference"]
        for e in appointments["entry"]
        for p in e["resource"]["participant"]
        if "Patient/" in p["actor"]["reference"]
    }
    assert patients == {f"Patient/{cast.erin.pk}"}
    assert fhir.get(f"/fhir/r4/Appointment?patient={cast.frank.pk}").json()["total"] == 0


def test_billing_sees_demographics_and_attendance_but_no_clinical_record(
    cast: Cast, fhir_world: FhirWorld, as_user: Any
) -> None:
    fhir = as_user(cast.bill)
    assert fhir.get("/fhir/r4/Encounter").json()["total"] == 1
    assert fhir.get("/fhir/r4/Observation").json()["total"] == 0
    assert fhir.get("/fhir/r4/CarePlan").json()["total"] == 0


@pytest.mark.parametrize(
    "query",
    ["date=2026-13-01", "date=yesterday", "date=sa2026-01-01", "date=2026-11-02T09:00", "_count=0", "_count=many"],
)
def test_a_malformed_parameter_answers_400_with_an_operation_outcome(cast: Cast, as_user: Any, query: str) -> None:
    response = as_user(cast.dana).get(f"/fhir/r4/Observation?{query}")
    body = assert_valid(response.json())
    assert response.status_code == 400 and body["resourceType"] == "OperationOutcome"
    assert body["issue"][0]["code"] == "invalid" and body["issue"][0]["expression"] == [query.split("=")[0]]


def test_without_a_token_the_answer_is_401_with_an_operation_outcome(cast: Cast, as_user: Any) -> None:
    response = as_user(None).get("/fhir/r4/Patient")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert assert_valid(response.json())["issue"][0]["code"] == "login"
    bad = as_user(None).get("/fhir/r4/Patient", Authorization="Bearer oiop_not-a-token")
    assert bad.status_code == 401


def test_an_expired_token_answers_401(cast: Cast) -> None:
    from django.utils import timezone

    from openiop.fhir.tests.conftest import Fhir, make_token

    token = make_token(cast.dana, expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert Fhir(token).get("/fhir/r4/Patient").status_code == 401


def test_a_token_without_the_scope_for_a_type_answers_403(cast: Cast, as_user: Any) -> None:
    fhir = as_user(cast.dana, ["system/Patient.read"])
    assert fhir.get("/fhir/r4/Patient").status_code == 200
    refused = fhir.get("/fhir/r4/Observation")
    assert refused.status_code == 403 and assert_valid(refused.json())["issue"][0]["code"] == "forbidden"
    assert as_user(cast.dana, ["api"]).get("/fhir/r4/Patient").status_code == 403
    # A patient-context scope on a staff token names no patient.
    assert as_user(cast.dana, ["patient/*.read"]).get("/fhir/r4/Patient").status_code == 403


def test_an_auditor_gets_403(cast: Cast, as_user: Any) -> None:
    assert as_user(cast.ava).get("/fhir/r4/Patient").status_code == 403


def test_an_unknown_type_or_id_answers_404(cast: Cast, as_user: Any) -> None:
    fhir = as_user(cast.dana)
    assert fhir.get("/fhir/r4/Medication").status_code == 404
    assert fhir.get("/fhir/r4/Patient/999999999").status_code == 404
    assert fhir.get("/fhir/r4/Patient/not-a-number").status_code == 404
    assert fhir.get("/fhir/r4/Appointment/x12").status_code == 404


def test_unknown_parameters_are_ignored_unless_handling_is_strict(cast: Cast, as_user: Any) -> None:
    fhir = as_user(cast.dana)
    assert fhir.get("/fhir/r4/Patient?colour=blue").status_code == 200
    assert fhir.get("/fhir/r4/Patient?colour=blue", Prefer="handling=strict").status_code == 400


def test_searches_by_date_code_status_id_and_last_updated(cast: Cast, fhir_world: FhirWorld, as_user: Any) -> None:
    fhir = as_user(cast.dana)
    assert fhir.get("/fhir/r4/Observation?code=http://loinc.org|44261-6").json()["total"] == 1
    assert fhir.get("/fhir/r4/Observation?code=urn:openiop:instrument|gad7").json()["total"] == 1
    assert fhir.get("/fhir/r4/Observation?code=44261-6,70274-6&status=final").json()["total"] == 2
    assert fhir.get("/fhir/r4/Encounter?date=2026-12-07").json()["total"] == 1
    assert fhir.get("/fhir/r4/Encounter?date=lt2026-12-07").json()["total"] == 0
    assert fhir.get("/fhir/r4/Appointment?date=ge2026-12-08&date=lt2026-12-12").json()["total"] == 2
    assert fhir.get("/fhir/r4/EpisodeOfCare?status=active&date=2026-11").json()["total"] == 2
    assert fhir.get("/fhir/r4/EpisodeOfCare?status=finished").json()["total"] == 0
    assert fhir.get(f"/fhir/r4/Patient?_id={cast.erin.pk},{cast.frank.pk}").json()["total"] == 2
    assert fhir.get("/fhir/r4/Patient?_lastUpdated=gt2100-01-01").json()["total"] == 0
    assert fhir.get("/fhir/r4/Condition?code=http://hl7.org/fhir/sid/icd-10-cm|F10.20").json()["total"] == 1
    assert fhir.get("/fhir/r4/Consent?status=active").json()["total"] == 2


@pytest.mark.parametrize("resource_type", ["Patient", "Appointment", "Observation", "Encounter"])
def test_a_page_takes_the_same_number_of_queries_at_two_data_sizes(
    cast: Cast,
    fhir_world: FhirWorld,
    as_user: Any,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    resource_type: str,
) -> None:
    fhir = as_user(cast.dana)
    fhir.get(f"/fhir/r4/{resource_type}?_count=5")  # warm the token's user caches

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert fhir.get(f"/fhir/r4/{resource_type}?_count=5").status_code == 200
        return len(captured.captured_queries)

    small = queries()
    _more_of_everything(cast, fhir_world)
    with django_assert_max_num_queries(small):
        assert fhir.get(f"/fhir/r4/{resource_type}?_count=5").status_code == 200


def _more_of_everything(cast: Cast, world: FhirWorld) -> None:
    from django.utils import timezone

    from openiop.clinical.models import Attendance
    from openiop.measures.services import administration_record
    from openiop.program.models import SessionEnrollment

    for i in range(6):
        client = make_client(cast.site_a, f"More{i}", "Client", cast.alice)
        SessionEnrollment.objects.create(session=world.program.wednesday, client=client)
        Attendance.objects.create(
            session=world.program.wednesday,
            client=client,
            site=cast.site_a,
            status="late",
            minutes=150,
            recorded_by=cast.alice,
        )
        administration_record(
            actor=cast.alice,
            client=client,
            code="phq9",
            answers=[0] * 9,
            administered_at=timezone.now() - dt.timedelta(hours=2),
            language="en",
        )
