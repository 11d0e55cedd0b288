"""Every resource type served: where its rows come from (through the access policy), its search
parameters and its mapping. The CapabilityStatement is built from this table, so it lists exactly
what is served."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Greatest

from openiop.fhir.filters import DateSpec
from openiop.fhir.mapping import care, measures, people
from openiop.fhir.mapping.common import Json
from openiop.fhir.params import Token
from openiop.fhir.scope import caller_sites, clinical_clients, visible_clients

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


def _lu(qs: QuerySet[Any], expression: Any = None) -> QuerySet[Any]:
    return qs.annotate(last_updated=expression if expression is not None else F("updated_at"))


def _patients(user: Any) -> QuerySet[Any]:
    from openiop.clients.models import Client

    return _lu(Client.objects.filter(pk__in=visible_clients(user).values("pk")).select_related("site"))


def _episodes(user: Any) -> QuerySet[Any]:
    from openiop.clients.models import Episode

    return _lu(Episode.objects.filter(client__in=visible_clients(user).values("pk")).select_related("site"))


def _encounters(user: Any) -> QuerySet[Any]:
    from openiop.clinical.models import Attendance

    attended = Attendance.objects.filter(
        client__in=visible_clients(user).values("pk"), status__in=["present", "late", "left_early"]
    )
    return _lu(attended.select_related("session__track", "session__site").prefetch_related("session__facilitators"))


def _enrollments(user: Any) -> QuerySet[Any]:
    from openiop.program.models import SessionEnrollment

    rows = SessionEnrollment.objects.filter(client__in=visible_clients(user).values("pk"))
    rows = rows.select_related("session__track", "session__site").prefetch_related("session__facilitators")
    return _lu(rows, Greatest("created_at", "session__updated_at"))


def _individual(user: Any) -> QuerySet[Any]:
    from openiop.program.models import IndividualSession

    return _lu(IndividualSession.objects.filter(client__in=visible_clients(user).values("pk")))


def _administrations(user: Any) -> QuerySet[Any]:
    from openiop.measures.models import Administration

    return _lu(Administration.objects.filter(client__in=clinical_clients(user).values("pk")))


def _diagnoses(user: Any) -> QuerySet[Any]:
    from openiop.intake.models import Diagnosis

    rows = Diagnosis.objects.filter(assessment__client__in=clinical_clients(user).values("pk"))
    rows = rows.exclude(assessment__status="cancelled").select_related("assessment")
    return _lu(rows, F("assessment__updated_at"))


def _plans(user: Any) -> QuerySet[Any]:
    from openiop.clinical.models import TreatmentPlan

    rows = TreatmentPlan.objects.filter(client__in=clinical_clients(user).values("pk"))
    return _lu(rows.prefetch_related("problems__objectives"))


def _consents(user: Any) -> QuerySet[Any]:
    from openiop.consents.models import ConsentDocument

    rows = ConsentDocument.objects.filter(client__in=visible_clients(user).values("pk"))
    return _lu(rows.select_related("site", "provider"))


def _practitioners(user: Any) -> QuerySet[Any]:
    from openiop.accounts.models import Membership, User

    staff = Membership.objects.filter(site_id__in=caller_sites(user)).values("user_id")
    return _lu(User.objects.filter(pk__in=staff), F("date_joined"))


def _organizations(user: Any) -> QuerySet[Any]:
    from openiop.accounts.models import Organization, Site

    return _lu(Organization.objects.filter(pk__in=Site.objects.filter(pk__in=caller_sites(user)).values("organization")))


def _locations(user: Any) -> QuerySet[Any]:
    from openiop.accounts.models import Site

    return _lu(Site.objects.filter(pk__in=caller_sites(user)))


def _questionnaires_rows(user: Any) -> QuerySet[Any]:
    raise NotImplementedError  # Questionnaire is served from the instrument library (search.py)


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
                    _patients,
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
                    _episodes,
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
                    _encounters,
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
                    _enrollments,
                    lambda r, p: care.group_appointment(r, part2=p),
                    ("session__starts_at",),
                    client_field="client_id",
                    prefix="g",
                    dates={"date": DateSpec("session__starts_at")},
                    tokens={"status": _codes(SESSION_STATUS)},
                ),
                Source(
                    _individual,
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
                    _administrations,
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
                    _administrations,
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
                    _diagnoses,
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
                    _plans,
                    lambda r, p: care.care_plan(r, part2=p),
                    ("pk",),
                    client_field="client_id",
                    dates={"date": DateSpec("effective_on", "date")},
                    tokens={"status": _codes(_inverse(care.PLAN_STATUS))},
                ),
            ),
            (PATIENT, _date("date", "the day the plan takes effect"), SearchParam("status", "token", "draft | active | completed")),
            compartment=True,
        ),
        ResourceType(
            "Consent",
            (
                Source(
                    _consents,
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
            (Source(_practitioners, lambda r, p: people.practitioner(r), ("pk",), strings={"name": ("full_name",)}),),
            (SearchParam("name", "string", "part of the name"),),
            compartment=False,
        ),
        ResourceType(
            "Organization",
            (Source(_organizations, lambda r, p: people.organization(r), ("pk",), strings={"name": ("name",)}),),
            (SearchParam("name", "string", "part of the name"),),
            compartment=False,
        ),
        ResourceType(
            "Location",
            (Source(_locations, lambda r, p: people.location(r), ("pk",), strings={"name": ("name",)}),),
            (SearchParam("name", "string", "part of the name"),),
            compartment=False,
        ),
        ResourceType(
            "Questionnaire",
            (Source(_questionnaires_rows, lambda r, p: measures.questionnaire(r), ("pk",)),),
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
