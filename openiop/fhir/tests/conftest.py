"""FHIR test helpers: bearer tokens, requests, and the independent validator (the HL7 FHIR R4 JSON
schema, vendored in data/, checked with jsonschema: not the models that produced the resources)."""

import datetime as dt
import gzip
import json
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone
from jsonschema import Draft6Validator  # type: ignore[import-untyped]  # no stubs; a test-only checker

from conftest import Cast
from openiop.accounts.models import ApiToken, User, hash_token
from openiop.program.tests.world import WEEK, World

SCHEMA = Path(__file__).parent / "data" / "fhir.schema.json.gz"


@cache
def _schema() -> dict[str, Any]:
    with gzip.open(SCHEMA) as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


@cache
def _validator(resource_type: str) -> Draft6Validator:
    return Draft6Validator({"$ref": f"#/definitions/{resource_type}", "definitions": _schema()["definitions"]})


def schema_errors(resource: dict[str, Any]) -> list[str]:
    """What the FHIR R4 JSON schema finds wrong with a resource (a Bundle's entries included)."""
    kind = resource.get("resourceType")
    if kind not in _schema()["discriminator"]["mapping"]:
        return [f"{kind!r} is not an R4 resource type"]
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in _validator(kind).iter_errors(resource)
    ]
    for entry in resource.get("entry", []) if kind == "Bundle" else []:
        errors += schema_errors(entry["resource"])
    return errors


def assert_valid(resource: dict[str, Any]) -> dict[str, Any]:
    errors = schema_errors(resource)
    assert errors == [], errors
    return resource


def make_token(user: User, scopes: list[str] | None = None, **extra: Any) -> str:
    raw = "oiop_" + secrets.token_urlsafe(24)
    extra.setdefault("expires_at", timezone.now() + dt.timedelta(days=90))  # tokens without one are refused
    ApiToken.objects.create(user=user, prefix=raw[:12], token_hash=hash_token(raw), scopes=scopes or [], **extra)
    return raw


class Fhir:
    """Requests with one bearer token."""

    def __init__(self, token: str | None) -> None:
        self.http = HttpClient()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, url: str, **headers: str) -> Any:
        return self.http.get(url, headers={**self.headers, **headers})

    def delete(self, url: str) -> Any:
        return self.http.delete(url, headers=self.headers)


@pytest.fixture
def as_user() -> Any:
    def build(user: User | None, scopes: list[str] | None = None) -> Fhir:
        return Fhir(make_token(user, scopes) if user is not None else None)

    return build


@dataclass
class FhirWorld:
    """One of every kind of row the server maps, most of them Erin's (site A, Alice's client, on
    the substance-use "Adult mornings" track: her resources carry the Part 2 labels)."""

    program: World
    diagnosis: Any
    assessment_client: Any


def build_fhir_world(cast: Cast) -> FhirWorld:
    from django.utils import timezone

    from openiop.clinical.models import Attendance, Objective, Problem
    from openiop.clinical.tests.conftest import active_plan
    from openiop.consents.tests import factories as consent_factories
    from openiop.intake.models import Diagnosis
    from openiop.intake.tests import factories as intake_factories
    from openiop.measures.services import administration_record
    from openiop.program.models import IndividualSession, SessionEnrollment
    from openiop.program.tests.world import at, world_for

    program = world_for(cast)
    SessionEnrollment.objects.create(session=program.monday, client=cast.erin)
    SessionEnrollment.objects.create(session=program.teen_tuesday, client=cast.frank)
    Attendance.objects.create(
        session=program.monday,
        client=cast.erin,
        site=cast.site_a,
        status="present",
        minutes=180,
        recorded_by=cast.alice,
    )
    IndividualSession.objects.create(
        site=cast.site_a,
        client=cast.erin,
        clinician=cast.alice,
        starts_at=at(WEEK + dt.timedelta(days=3), 13),
        ends_at=at(WEEK + dt.timedelta(days=3), 14),
    )
    moment = timezone.now() - dt.timedelta(days=1)
    administration_record(
        actor=cast.alice,
        client=cast.erin,
        code="phq9",
        answers=[1, 1, 1, 1, 1, 1, 1, 1, 0],
        administered_at=moment,
        language="en",
    )
    administration_record(
        actor=cast.alice,
        client=cast.erin,
        code="gad7",
        answers=[2, 2, 1, 1, 0, 0, 0],
        administered_at=moment,
        language="en",
    )
    plan = active_plan(cast)
    problem = Problem.objects.create(plan=plan, dimension=5, statement="Drinks daily.", goal="Stay sober at work.")
    Objective.objects.create(problem=problem, text="Attend 3 meetings a week", target_date=dt.date(2026, 12, 31))
    consent_factories.erin_documents(cast)
    assessment = intake_factories.booked(cast)
    diagnosis = Diagnosis.objects.create(assessment=assessment, code="F10.20", description="Alcohol dependence")
    return FhirWorld(program=program, diagnosis=diagnosis, assessment_client=assessment.client)


@pytest.fixture
def fhir_world(cast: Cast) -> FhirWorld:
    return build_fhir_world(cast)
