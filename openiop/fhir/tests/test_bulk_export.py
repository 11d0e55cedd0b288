"""Acceptance 3: the Bulk Data round trip (kick-off, polling, manifest, NDJSON with and without the
token), one export at a time, cancelling, and Part 2 for a recipient outside the program."""

import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from conftest import Cast
from openiop.accounts.models import ApiToken
from openiop.audit.models import AuditEvent
from openiop.consents.models import Disclosure
from openiop.consents.tests import factories as consent_factories
from openiop.fhir.models import BulkExport
from openiop.fhir.services import bulk_export_run, export_recipient_set
from openiop.fhir.tests.conftest import Fhir, FhirWorld, assert_valid, make_token

WORKER = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ASYNC = {"Prefer": "respond-async", "Accept": "application/fhir+json"}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _ndjson(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_a_patient_export_round_trip_with_polling_manifest_and_files(
    cast: Cast, fhir_world: FhirWorld, settings: SettingsWrapper
) -> None:
    settings.TASKS = WORKER  # queued, not run, until the "worker" below runs it
    fhir = Fhir(make_token(cast.dana, ["system/*.read"]))
    kick_off = fhir.get("/fhir/r4/Patient/$export?_type=Patient,Observation,Encounter", **ASYNC)
    assert kick_off.status_code == 202
    status_url = _path(kick_off["Content-Location"])
    waiting = fhir.get(status_url)
    assert waiting.status_code == 202 and waiting["Retry-After"] == "2" and waiting["X-Progress"].startswith("0%")
    export = BulkExport.objects.get()
    assert bulk_export_run(export_id=str(export.pk)) == "done"
    done = fhir.get(status_url)
    assert done.status_code == 200 and done["Content-Type"] == "application/json"
    manifest = done.json()
    assert manifest["requiresAccessToken"] is True and manifest["error"] == []
    assert manifest["request"].endswith("/fhir/r4/Patient/$export?_type=Patient,Observation,Encounter")
    assert manifest["transactionTime"].endswith("Z")
    counts = {o["type"]: o["count"] for o in manifest["output"]}
    assert counts == {"Encounter": 1, "Observation": 2, "Patient": 4}  # Erin, Frank, Nora and the assessed client
    for output in manifest["output"]:
        response = fhir.get(_path(output["url"]))
        assert response.status_code == 200 and response["Content-Type"] == "application/fhir+ndjson"
        resources = _ndjson(response.content.decode())
        assert len(resources) == output["count"] and {r["resourceType"] for r in resources} == {output["type"]}
        for resource in resources:
            assert_valid(resource)
        assert Fhir(None).get(_path(output["url"])).status_code == 401
        assert Fhir(make_token(cast.alice)).get(_path(output["url"])).status_code == 404
    patients = next(o["url"] for o in manifest["output"] if o["type"] == "Patient")
    erin = next(r for r in _ndjson(fhir.get(_path(patients)).content.decode()) if r["id"] == str(cast.erin.pk))
    assert {s["code"] for s in erin["meta"]["security"]} == {"R", "42CFRPart2"}


def test_an_internal_export_is_audited_as_one_by_the_programs_staff(cast: Cast, fhir_world: FhirWorld) -> None:
    fhir = Fhir(make_token(cast.dana))
    assert fhir.get("/fhir/r4/Patient/$export?_type=Patient", **ASYNC).status_code == 202
    event = AuditEvent.objects.get(object_type="fhir.bulk_export")
    assert event.action == "export" and event.detail["recipient"] == "internal (program staff)"
    assert cast.erin.pk in event.detail["clients"] and not Disclosure.objects.exists()


def test_a_second_export_while_one_runs_answers_429(cast: Cast, settings: SettingsWrapper) -> None:
    settings.TASKS = WORKER
    fhir = Fhir(make_token(cast.dana))
    assert fhir.get("/fhir/r4/Patient/$export", **ASYNC).status_code == 202
    busy = fhir.get("/fhir/r4/Patient/$export", **ASYNC)
    assert busy.status_code == 429 and assert_valid(busy.json())["resourceType"] == "OperationOutcome"


def test_delete_cancels_an_export_and_its_status_url_then_answers_404(cast: Cast, settings: SettingsWrapper) -> None:
    settings.TASKS = WORKER
    fhir = Fhir(make_token(cast.dana))
    status_url = _path(fhir.get("/fhir/r4/Patient/$export", **ASYNC)["Content-Location"])
    assert fhir.delete(status_url).status_code == 202
    assert fhir.get(status_url).status_code == 404
    assert bulk_export_run(export_id=str(BulkExport.objects.get().pk)) == "cancelled"
    assert fhir.get("/fhir/r4/Patient/$export", **ASYNC).status_code == 202  # a new one may start


def test_since_leaves_out_resources_not_changed_after_it(cast: Cast, fhir_world: FhirWorld) -> None:
    fhir = Fhir(make_token(cast.dana))
    status_url = _path(fhir.get("/fhir/r4/Patient/$export?_since=2100-01-01T00:00:00Z", **ASYNC)["Content-Location"])
    assert fhir.get(status_url).json()["output"] == []


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        ("", {}),  # no Prefer: respond-async
        ("?_type=Medication", ASYNC),
        ("?_since=last-week", ASYNC),
        ("?_outputFormat=text/csv", ASYNC),
        ("?_elements=id", ASYNC),
    ],
)
def test_a_bad_kick_off_answers_400(cast: Cast, query: str, headers: dict[str, str]) -> None:
    response = Fhir(make_token(cast.dana)).get(f"/fhir/r4/Patient/$export{query}", **headers)
    assert response.status_code == 400 and assert_valid(response.json())["resourceType"] == "OperationOutcome"


def test_a_kick_off_needs_a_token_even_with_a_session(cast: Cast) -> None:
    fhir = Fhir(None)
    fhir.http.force_login(cast.dana)
    assert fhir.get("/fhir/r4/Patient/$export", **ASYNC).status_code == 401


def test_a_group_export_covers_the_tracks_clients(cast: Cast, fhir_world: FhirWorld) -> None:
    fhir = Fhir(make_token(cast.dana))
    track = fhir_world.program.mornings
    status_url = _path(fhir.get(f"/fhir/r4/Group/{track.pk}/$export?_type=Patient", **ASYNC)["Content-Location"])
    manifest = fhir.get(status_url).json()
    ids = {r["id"] for r in _ndjson(fhir.get(_path(manifest["output"][0]["url"])).content.decode())}
    assert ids == {str(cast.erin.pk), str(cast.frank.pk)}
    assert Fhir(make_token(cast.carol)).get(f"/fhir/r4/Group/{track.pk}/$export", **ASYNC).status_code == 404


def _recipient_token(cast: Cast, *, purpose: str = "treatment") -> str:
    raw = make_token(cast.dana, ["system/*.read"])
    token = ApiToken.objects.get(prefix=raw[:12])
    export_recipient_set(actor=cast.dana, token=token, provider=consent_factories.provider(cast), purpose=purpose)
    return raw


def _release_to_provider(cast: Cast, client: Any) -> None:
    """A signed release of the client's records to Harbor Detox (A) for treatment."""
    from openiop.consents import services

    actor = cast.alice if client == cast.erin else cast.bob
    document = services.consent_prepare(
        actor=actor,
        client=client,
        kind="part2_release",
        provider=consent_factories.provider(cast),
        purposes=["treatment"],
        information_kinds=["fhir_bulk"],  # a release names what it covers
    )
    consent_factories.sign(cast, document, name=client.legal_name)


def test_an_outside_recipient_gets_only_consented_clients_and_each_is_in_the_accounting(
    cast: Cast, fhir_world: FhirWorld
) -> None:
    _release_to_provider(cast, cast.erin)  # Erin consents; Frank does not
    fhir = Fhir(_recipient_token(cast))
    status_url = _path(fhir.get("/fhir/r4/Patient/$export?_type=Patient,Observation", **ASYNC)["Content-Location"])
    manifest = fhir.get(status_url).json()
    files = {o["type"]: _ndjson(fhir.get(_path(o["url"])).content.decode()) for o in manifest["output"]}
    mentioned = {r["id"] for r in files["Patient"]} | {r["subject"]["reference"] for r in files.get("Observation", [])}
    assert mentioned == {str(cast.erin.pk), f"Patient/{cast.erin.pk}"}
    assert (
        manifest["extension"]["urn:openiop:clients-left-out-for-want-of-consent"] == 3
    )  # Frank, Nora, the assessed client
    disclosure = Disclosure.objects.get()
    assert (disclosure.client, disclosure.recipient, disclosure.purpose) == (cast.erin, "Harbor Detox (A)", "treatment")
    assert "FHIR Bulk Data export" in disclosure.note and disclosure.records == ["fhir_bulk"]


def test_an_outside_recipient_without_any_consent_gets_no_clients_data(cast: Cast, fhir_world: FhirWorld) -> None:
    fhir = Fhir(_recipient_token(cast))
    manifest = fhir.get(_path(fhir.get("/fhir/r4/Patient/$export", **ASYNC)["Content-Location"])).json()
    assert manifest["output"] == [] and not Disclosure.objects.exists()


def test_a_consent_for_another_purpose_does_not_cover_the_recipient(cast: Cast, fhir_world: FhirWorld) -> None:
    _release_to_provider(cast, cast.erin)
    fhir = Fhir(_recipient_token(cast, purpose="payment"))
    manifest = fhir.get(_path(fhir.get("/fhir/r4/Patient/$export", **ASYNC)["Content-Location"])).json()
    assert manifest["output"] == [] and not Disclosure.objects.exists()


def test_an_outside_recipients_token_may_not_read_or_search(cast: Cast) -> None:
    fhir = Fhir(_recipient_token(cast))
    assert fhir.get(f"/fhir/r4/Patient/{cast.erin.pk}").status_code == 403
    assert fhir.get("/fhir/r4/Patient").status_code == 403
