"""Every resource type served: where its rows come from (through the access policy), its search
parameters and its mapping. The CapabilityStatement is built from this table, so it lists exactly
what is served."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from openiop.fhir import rows
from openiop.fhir.filters import DateSpec
from openiop.fhir.mapping import care, measures, people
from openiop.fhir.mapping.common import Json
from openiop.fhir.params import Token

type TokenQ = Callable[[list[Token]], Q]
# Every row (an empty Q() would vanish when combined with |).
ALL = Q(pk__isnull=False)


def _codes(mapping: dict[str, Q]) -> TokenQ:
    """A token parameter over a fixed set of codes (an unknown code matches nothing)."""

    def build(tokens: list[Token]) -> Q:
        found = Q(pk__in=[])
        for token in tokens:
            found |= mapping.get(token.code, Q(pk__in=[]))
        return found

    return build


def _coded(field_name: str, system: str) -> TokenQ:
    def build(tokens: list[Token]) -> Q:
        found = Q(pk__in=[])
        for token in tokens:
            if token.system in (None, system):
                found |= Q(**{f"{field_name}__iexact": token.code})
        return found

    return build


def _instrument_codes(tokens: list[Token]) -> Q:
    from openiop.measures.fhir import LOINC, OPENIOP_INSTRUMENT
    from openiop.measures.instruments import REGISTRY

    chosen: set[str] = set()
    for token in tokens:
        for code, instrument in REGISTRY.items():
            loinc = instrument.loinc_total.code if instrument.loinc_total else None
            if token.system in (None, OPENIOP_INSTRUMENT) and token.code == code:
                chosen.add(code)
            if token.system in (None, LOINC) and token.code == loinc:
                chosen.add(code)
    return Q(instrument__in=sorted(chosen))


def _questionnaires(tokens: list[Token]) -> Q:
    from openiop.measures.fhir import QUESTIONNAIRE_PREFIX

    codes = [t.code.removeprefix(QUESTIONNAIRE_PREFIX).removeprefix("Questionnaire/") for t in tokens]
    return Q(instrument__in=codes)


@dataclass(frozen=True)
class Source:
    """One kind of row a resource type is made of (Appointment has two: group and individual)."""

    rows: Callable[[Any], QuerySet[Any]]
    to_fhir: Callable[[Any, bool], Json]
    order: tuple[str, ...]
    client_field: str | None = None
    prefix: str = ""
    dates: dict[str, DateSpec] = field(default_factory=dict)
    tokens: dict[str, TokenQ] = field(default_factory=dict)
    strings: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def client_of(self, row: Any) -> int | None:
        if self.client_field is None:
            return None
        value: Any = row
        for part in self.client_field.split("__"):
            value = getattr(value, part)
        return int(value)

    def sort_key(self, row: Any) -> tuple[Any, ...]:
        values = []
        for name in self.order:
            value: Any = row
            for part in name.split("__"):
                value = getattr(value, part)
            values.append(value)
        return (*values, self.prefix, row.pk)


@dataclass(frozen=True)
class SearchParam:
    name: str
    type: str  # FHIR search parameter type: token, date, reference, string
    documentation: str


@dataclass(frozen=True)
class ResourceType:
    name: str
    sources: tuple[Source, ...]
    params: tuple[SearchParam, ...]
    compartment: bool  # in the patient compartment (Bulk Data exports it)


PATIENT = SearchParam("patient", "reference", "Patient/<id>; a comma list matches any of them")
STATUS = SearchParam("status", "token", "the resource's status code")


def _date(name: str, what: str) -> SearchParam:
    return SearchParam(name, "date", f"{what}; prefixes eq ne lt gt le ge; a date without a zone is read in UTC")


SESSION_STATUS = {"booked": Q(session__status="scheduled"), "cancelled": Q(session__status="cancelled")}
INDIVIDUAL_STATUS = {"booked": Q(status="scheduled"), "cancelled": Q(status="cancelled")}
GENDERS = {fhir: Q(sex_assigned_at_birth=ours) for ours, fhir in people.GENDER.items()}


def _inverse(mapping: dict[str, str]) -> dict[str, Q]:
    found: dict[str, Q] = {}
    for ours, fhir in mapping.items():
        found[fhir] = found.get(fhir, Q(pk__in=[])) | Q(status=ours)
    return found


def _administration_observation(row: Any, part2: bool) -> Json:
    return measures.administration(row, part2=part2)[1]


def _administration_response(row: Any, part2: bool) -> Json:
    return measures.administration(row, part2=part2)[0]


TYPES: dict[str, ResourceType] = {
    t.name: t
    for t in [
        ResourceType(
            "Patient",
            (
                Source(
                    rows.patients,
                    lambda r, p: people.patient(r, part2=p),
                    ("pk",),
                    client_field="pk",
                    dates={"birthdate": DateSpec("date_of_birth", "date")},
                    tokens={"gender": _codes(GENDERS)},
                    strings={"name": ("legal_first_name", "legal_last_name", "preferred_name")},
                ),
            ),
            (
                _date("birthdate", "date of birth"),
                SearchParam("gender", "token", "female | male | other | unknown"),
                SearchParam("name", "string", "part of a legal or preferred name"),
            ),
            compartment=True,
        ),
        ResourceType(
            "EpisodeOfCare",
            (
                Source(
                    rows.episodes,
                    lambda r, p: care.episode_of_care(r, part2=p),
                    ("pk",),
                    client_field="client_id",
                    dates={"date": DateSpec("admission_date", "date", end_field="discharge_date")},
                    tokens={"status": _codes({"active": Q(status="active"), "finished": Q(status="discharged")})},
                ),
            ),
            (PATIENT, _date("date", "overlaps the episode's period"), STATUS),
            compartment=True,
        ),
        ResourceType(
            "Encounter",
            (
                Source(
                    rows.encounters,
                    lambda r, p: care.encounter(r, part2=p),
                    ("pk",),
                    client_field="client_id",
                    dates={"date": DateSpec("session__starts_at")},
                    tokens={"status": _codes({"finished": ALL})},
                ),
            ),
            (PATIENT, _date("date", "the session's start"), STATUS),
            compartment=True,
        ),
        ResourceType(
            "Appointment",
            (
                Source(
                    rows.enrollments,
                    lambda r, p: care.group_appointment(r, part2=p),
                    ("session__starts_at",),
                    client_field="client_id",
                    prefix="g",
                    dates={"date": DateSpec("session__starts_at")},
                    tokens={"status": _codes(SESSION_STATUS)},
                ),
                Source(
                    rows.individual,
                    lambda r, p: care.individual_appointment(r, part2=p),
                    ("starts_at",),
                    client_field="client_id",
                    prefix="i",
                    dates={"date": DateSpec("starts_at")},
                    tokens={"status": _codes(INDIVIDUAL_STATUS)},
                ),
            ),
            (PATIENT, _date("date", "the appointment's start"), SearchParam("status", "token", "booked | cancelled")),
            compartment=True,
        ),
        ResourceType(
            "Observation",
            (
                Source(
                    rows.administrations,
                    _administration_observation,
                    ("pk",),
                    client_field="client_id",
                    dates={"date": DateSpec("administered_at")},
                    tokens={"code": _instrument_codes, "status": _codes({"final": ALL})},
                ),
            ),
            (
                PATIENT,
                _date("date", "when the measure was given"),
                SearchParam("code", "token", "a LOINC total-score code or urn:openiop:instrument|<code>"),
                SearchParam("status", "token", "final"),
            ),
            compartment=True,
        ),
        ResourceType(
            "QuestionnaireResponse",
            (
                Source(
                    rows.administrations,
                    _administration_response,
                    ("pk",),
                    client_field="client_id",
                    dates={"authored": DateSpec("administered_at")},
                    tokens={"status": _codes({"completed": ALL}), "questionnaire": _questionnaires},
                ),
            ),
            (
                PATIENT,
                _date("authored", "when the questionnaire was answered"),
                SearchParam("status", "token", "completed"),
                SearchParam("questionnaire", "reference", "the Questionnaire's canonical URL or Questionnaire/<id>"),
            ),
            compartment=True,
        ),
        ResourceType(
            "Condition",
            (
                Source(
                    rows.diagnoses,
                    lambda r, p: care.condition(r, part2=p),
                    ("pk",),
                    client_field="assessment__client_id",
                    dates={"recorded-date": DateSpec("assessment__scheduled_at")},
                    tokens={"code": _coded("code", care.ICD10CM), "clinical-status": _codes({"active": ALL})},
                ),
            ),
            (
                PATIENT,
                SearchParam("code", "token", "an ICD-10-CM code (http://hl7.org/fhir/sid/icd-10-cm)"),
                _date("recorded-date", "the assessment's date"),
                SearchParam("clinical-status", "token", "active"),
            ),
            compartment=True,
        ),
        ResourceType(
            "CarePlan",
            (
                Source(
                    rows.plans,
                    lambda r, p: care.care_plan(r, part2=p),
                    ("pk",),
                    client_field="client_id",
                    dates={"date": DateSpec("effective_on", "date")},
                    tokens={"status": _codes(_inverse(care.PLAN_STATUS))},
                ),
            ),
            (
                PATIENT,
                _date("date", "the day the plan takes effect"),
                SearchParam("status", "token", "draft | active | completed"),
            ),
            compartment=True,
        ),
        ResourceType(
            "Consent",
            (
                Source(
                    rows.consents,
                    lambda r, p: care.consent(r, part2=p),
                    ("pk",),
                    client_field="client_id",
                    dates={"date": DateSpec("signed_at")},
                    tokens={"status": _codes(_inverse(care.CONSENT_STATUS))},
                ),
            ),
            (
                PATIENT,
                _date("date", "when the consent was signed"),
                SearchParam("status", "token", "proposed | active | rejected | inactive"),
            ),
            compartment=True,
        ),
        ResourceType(
            "Practitioner",
            (
                Source(
                    rows.practitioners, lambda r, p: people.practitioner(r), ("pk",), strings={"name": ("full_name",)}
                ),
            ),
            (SearchParam("name", "string", "part of the name"),),
            compartment=False,
        ),
        ResourceType(
            "Organization",
            (Source(rows.organizations, lambda r, p: people.organization(r), ("pk",), strings={"name": ("name",)}),),
            (SearchParam("name", "string", "part of the name"),),
            compartment=False,
        ),
        ResourceType(
            "Location",
            (Source(rows.locations, lambda r, p: people.location(r), ("pk",), strings={"name": ("name",)}),),
            (SearchParam("name", "string", "part of the name"),),
            compartment=False,
        ),
        ResourceType(
            "Questionnaire",
            (Source(rows.questionnaires, lambda r, p: measures.questionnaire(r), ("pk",)),),
            (
                SearchParam("status", "token", "active"),
                SearchParam("url", "uri", "the canonical URL (urn:openiop:questionnaire:<code>)"),
                SearchParam("name", "string", "part of the instrument's name"),
            ),
            compartment=False,
        ),
    ]
}

COMMON_PARAMS = (
    SearchParam("_id", "token", "one or more ids, comma-separated"),
    _date("_lastUpdated", "meta.lastUpdated"),
    SearchParam("_count", "number", "page size, 1 to 100 (default 20)"),
)
