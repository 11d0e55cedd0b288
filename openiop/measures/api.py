import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from openiop.accounts import policy
from openiop.accounts.types import acting_user
from openiop.clients.selectors import client_get_for_user
from openiop.core.api import DateTime, Id
from openiop.measures import selectors, services
from openiop.measures.instruments import REGISTRY, Instrument, ScoringError, score
from openiop.measures.models import Administration, MeasureLanguage

router = Router(tags=["measures"])

type Number = int | float


class LoincOut(Schema):
    code: str
    verified: bool


class AnchorOut(Schema):
    value: int
    label: str


class SkipOut(Schema):
    when_item: str
    equals: int
    must: bool


class ItemOut(Schema):
    number: str
    label: str
    text: str | None
    values: list[int]
    anchors: list[AnchorOut]
    skip: SkipOut | None
    reverse: bool


class BandOut(Schema):
    code: str
    upper: Number | None


class SubscaleOut(Schema):
    name: str
    items: list[str]
    method: str


class InstrumentOut(Schema):
    code: str
    name: str
    prompt: str | None
    wording_allowed: bool
    licence: str
    sources: str
    requires_sex: bool
    loinc_panel: LoincOut | None
    loinc_total: LoincOut | None
    bands: list[BandOut]
    positive_cutoff: Number | None
    configurable: list[str]
    subscales: list[SubscaleOut]
    items: list[ItemOut]


class ScoreOut(Schema):
    code: str
    total: Number | None
    band: str | None
    positive: bool | None
    flags: list[str]
    subscales: dict[str, Number]


class ScoreIn(Schema):
    answers: list[Any]  # the library checks every value, so a bad one is named by its item
    sex: Any = None


class AlertOut(Schema):
    id: int
    kind: str
    severity: str
    status: str
    summary: str
    assigned_to_id: int | None
    opened_at: dt.datetime


class AdministrationOut(Schema):
    id: int
    client_id: int
    episode_id: int | None
    instrument: str
    answers: list[int | None]
    score: ScoreOut
    scoring_version: str
    administered_by_id: int
    administered_role: str
    administered_at: dt.datetime
    language: str
    created_at: dt.datetime
    alerts: list[AlertOut]

    @staticmethod
    def resolve_score(obj: Administration) -> dict[str, object]:
        return obj.score.to_dict()

    @staticmethod
    def resolve_alerts(obj: Administration) -> list[Any]:
        return list(obj.alerts.all())


class AdministrationIn(Schema):
    instrument: str
    answers: list[Any]
    sex: str | None = Field(None, max_length=10)
    administered_at: DateTime | None = None  # now when left out; must carry a time zone
    language: MeasureLanguage | None = None  # the client's preferred language when left out


def _definition(instrument: Instrument) -> dict[str, object]:
    def loinc(value: Any) -> dict[str, object] | None:
        return None if value is None else {"code": value.code, "verified": value.verified}

    return {
        "code": instrument.code,
        "name": instrument.name,
        "prompt": instrument.prompt if instrument.wording_allowed else None,
        "wording_allowed": instrument.wording_allowed,
        "licence": instrument.licence,
        "sources": instrument.sources,
        "requires_sex": instrument.requires_sex,
        "loinc_panel": loinc(instrument.loinc_panel),
        "loinc_total": loinc(instrument.loinc_total),
        "bands": [{"code": b.code, "upper": b.upper} for b in instrument.bands],
        "positive_cutoff": instrument.positive_cutoff,
        "configurable": sorted(instrument.configurable),
        "subscales": [{"name": s.name, "items": list(s.items), "method": s.method} for s in instrument.subscales],
        "items": [
            {
                "number": item.number,
                "label": item.label,
                "text": item.text if instrument.wording_allowed else None,
                "values": list(item.values),
                "anchors": [{"value": v, "label": label} for v, label in item.anchors],
                "skip": None
                if item.skip is None
                else {"when_item": item.skip.when_item, "equals": item.skip.equals, "must": item.skip.must},
                "reverse": item.reverse,
            }
            for item in instrument.items
        ],
    }


def _require_clinical_staff(request: HttpRequest) -> None:
    if not policy.sites_with(request.user, policy.CLINICAL_ROLES):
        raise PermissionDenied("Your role does not give access to the instruments.")


@router.get("/instruments", response=list[InstrumentOut], summary="List the instruments and how they are scored")
def list_instruments(request: HttpRequest) -> list[dict[str, object]]:
    _require_clinical_staff(request)
    return [_definition(instrument) for instrument in REGISTRY.values()]


@router.post(
    "/instruments/{code}/score",
    response=ScoreOut,
    summary="Score answers without storing them",
    description=(
        "Scores with openiop's default cut-offs and bands. There is no site here, so a program's "
        "own scoring configuration (ScoringConfig: PHQ-2, DAST-10, PCL-5 cut-offs; CIWA-Ar, URICA "
        "bands) is not applied; recording an administration applies it."
    ),
)
def score_answers(
    request: HttpRequest, code: Annotated[str, Field(max_length=40)], payload: ScoreIn
) -> dict[str, object]:
    _require_clinical_staff(request)
    if code not in REGISTRY:
        raise Http404("No such instrument")
    try:
        return score(code, payload.answers, sex=payload.sex).to_dict()
    except ScoringError as error:
        raise ValidationError({services.scoring_field(error): error.message}) from None


def _open_for_measures(request: HttpRequest, client_id: Id, *, action: str | None) -> Any:
    if not policy.is_staff_member(request.user):
        raise PermissionDenied("Measures are read by staff.")
    return client_get_for_user(user=request.user, pk=client_id, action=action, what="administrations")


@router.get(
    "/clients/{client_id}/administrations",
    response=list[AdministrationOut],
    summary="List a client's administrations with their stored scores",
)
def list_administrations(request: HttpRequest, client_id: Id) -> list[Administration]:
    client = _open_for_measures(request, client_id, action=None)
    return selectors.administrations_read(user=request.user, client=client)


@router.post(
    "/clients/{client_id}/administrations",
    response={201: AdministrationOut},
    summary="Record an administration (scored, stored, alerts raised)",
)
def create_administration(request: HttpRequest, client_id: Id, payload: AdministrationIn) -> Status[Administration]:
    client = _open_for_measures(request, client_id, action=None)
    language = payload.language or (client.preferred_language if client.preferred_language in ("en", "es") else "en")
    administration = services.administration_record(
        actor=acting_user(request),
        client=client,
        code=payload.instrument,
        answers=payload.answers,
        sex=payload.sex,
        administered_at=payload.administered_at or timezone.now(),
        language=language,
    )
    return Status(201, administration)
