"""The API of the stay, on the clients router: an episode's history and changes, discharge,
readmission, the support network, family-session attendees and proposals for discharge."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Schema, Status
from pydantic import StrictBool

from openiop.accounts import policy
from openiop.accounts.models import Site, User
from openiop.accounts.types import acting_user
from openiop.clients import selectors, services, stay_selectors
from openiop.clients.api import EpisodeOut, router
from openiop.clients.models import DischargeReason, Episode, Language, LevelOfCare, SupportContact, UseFrequency
from openiop.core.api import Date, Id, NoNulls

Hours = Annotated[Decimal, Field(ge=0, le=99, max_digits=4, decimal_places=1)]
Reason = Annotated[str, Field(min_length=1, max_length=300)]
Evidence = Annotated[str, Field(max_length=500)]


class TransitionOut(Schema):
    id: int
    kind: str
    effective_date: dt.date
    from_level: str
    to_level: str
    from_site_id: int | None
    to_site_id: int | None
    hours_before: Decimal | None
    hours_after: Decimal | None
    reason: str
    decided_by_id: int
    evidence_assessment_id: int | None
    evidence_text: str
    related_episode_id: int | None


class StepIn(Schema):
    to_level: LevelOfCare
    effective_date: Date
    reason: Reason
    prescribed_hours: Hours | None = None
    decided_by_id: Id | None = None
    evidence_assessment_id: Id | None = None
    evidence_text: Evidence = ""
    expected_version: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None


class PrescriptionIn(Schema):
    prescribed_hours: Hours
    effective_date: Date
    reason: Reason
    decided_by_id: Id | None = None
    expected_version: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None


class TransferIn(Schema):
    to_site_id: Id
    primary_clinician_id: Id | None = None
    effective_date: Date
    reason: Reason
    evidence_text: Evidence = ""
    expected_version: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None


class SummaryIn(Schema):
    presenting_problem: Annotated[str, Field(min_length=1, max_length=20000)]
    course: Annotated[str, Field(min_length=1, max_length=20000)]
    condition: Annotated[str, Field(min_length=1, max_length=20000)]
    recommendations: Annotated[str, Field(min_length=1, max_length=20000)]


class DischargeIn(Schema):
    discharge_date: Date
    teds_reason: DischargeReason
    reason: Annotated[str, Field(max_length=200)] = ""
    use_frequency: UseFrequency | None = None
    self_help_30d: Annotated[int, Field(ge=0, le=200)] | None = None
    summary: SummaryIn | None = None
    password: Annotated[str, Field(max_length=200)] = ""
    code: Annotated[str, Field(max_length=10)] = ""
    expected_version: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None


class ReadmitIn(Schema):
    admission_date: Date
    reason: Reason
    level_of_care: LevelOfCare = LevelOfCare.IOP
    prescribed_hours: Hours | None = None
    primary_clinician_id: Id | None = None
    evidence_assessment_id: Id | None = None
    evidence_text: Evidence = ""


class ContactOut(Schema):
    id: int
    name: str
    relationship: str
    phone: str
    email: str
    language: str
    emergency_contact: bool
    family_program: bool
    sponsor: bool
    may_be_involved: bool
    retired_at: dt.datetime | None
    version: int


class ContactPatch(NoNulls):
    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    relationship: Annotated[str, Field(min_length=1, max_length=60)] | None = None
    phone: Annotated[str, Field(max_length=32)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None
    language: Language | None = None
    emergency_contact: StrictBool | None = None
    family_program: StrictBool | None = None
    sponsor: StrictBool | None = None
    may_be_involved: StrictBool | None = None


class ContactIn(ContactPatch):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    relationship: Annotated[str, Field(min_length=1, max_length=60)]


class RetireIn(Schema):
    reason: Annotated[str, Field(max_length=200)] = ""


class ShareIn(Schema):
    consent_id: Id
    purpose: Annotated[str, Field(min_length=1, max_length=40)]
    records: Annotated[list[Annotated[str, Field(max_length=40)]], Field(min_length=1, max_length=20)]
    note: Annotated[str, Field(max_length=300)] = ""


class AttendeesIn(Schema):
    contact_ids: Annotated[list[Id], Field(max_length=30)]


class ProposalOut(Schema):
    episode_id: int
    client_id: int
    last_attended: dt.date | None
    days_without: int
    threshold: int


def _episode(request: HttpRequest, client_id: int, episode_id: int, *, action: str | None = None) -> Episode:
    episode = stay_selectors.episode_get_for_user(user=request.user, pk=episode_id, action=action)
    if episode.client_id != client_id:
        raise Http404("No such episode")
    return episode


def _user(pk: int | None, field: str) -> Any:
    if pk is None:
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise ValidationError({field: "No such person."})
    return user


def _assessment(episode: Episode, pk: int | None) -> Any:
    if pk is None:
        return None
    from openiop.intake.models import Assessment

    found = Assessment.objects.filter(pk=pk, client_id=episode.client_id).first()
    if found is None:
        raise ValidationError({"evidence_assessment_id": "Choose an assessment of this client."})
    return found


@router.get(
    "/{client_id}/episodes/{episode_id}/transitions",
    response=list[TransitionOut],
    summary="An episode's history of changes",
)
def list_transitions(request: HttpRequest, client_id: Id, episode_id: Id) -> object:
    episode = _episode(request, client_id, episode_id, action="view")
    return list(stay_selectors.transitions_for_episode(episode=episode))


@router.post(
    "/{client_id}/episodes/{episode_id}/step",
    response={201: TransitionOut},
    summary="Step up or down (a level the program does not run is a referral out, ending the episode)",
)
def step_episode(request: HttpRequest, client_id: Id, episode_id: Id, payload: StepIn) -> Status[object]:
    episode = _episode(request, client_id, episode_id)
    data = payload.dict()
    transition = services.episode_step(
        actor=acting_user(request),
        episode=episode,
        to_level=str(data["to_level"]),
        effective_date=data["effective_date"],
        reason=data["reason"],
        prescribed_hours=data["prescribed_hours"],
        decided_by=_user(data["decided_by_id"], "decided_by_id"),
        evidence_assessment=_assessment(episode, data["evidence_assessment_id"]),
        evidence_text=data["evidence_text"],
        expected_version=data["expected_version"],
    )
    return Status(201, transition)


@router.post(
    "/{client_id}/episodes/{episode_id}/prescription",
    response={201: TransitionOut},
    summary="Change the prescribed weekly hours (in force from the week of the date)",
)
def change_prescription(request: HttpRequest, client_id: Id, episode_id: Id, payload: PrescriptionIn) -> Status[object]:
    episode = _episode(request, client_id, episode_id)
    data = payload.dict()
    transition = services.episode_prescription_change(
        actor=acting_user(request),
        episode=episode,
        prescribed_hours=data["prescribed_hours"],
        effective_date=data["effective_date"],
        reason=data["reason"],
        decided_by=_user(data["decided_by_id"], "decided_by_id"),
        expected_version=data["expected_version"],
    )
    return Status(201, transition)


@router.post(
    "/{client_id}/episodes/{episode_id}/transfer",
    response={201: TransitionOut},
    summary="Transfer the client and the episode to another site of the organization",
)
def transfer_episode(request: HttpRequest, client_id: Id, episode_id: Id, payload: TransferIn) -> Status[object]:
    episode = _episode(request, client_id, episode_id)
    to_site = Site.objects.filter(pk=payload.to_site_id).first()
    if to_site is None:
        raise PermissionDenied("You may not transfer to that site.")
    transition = services.episode_transfer(
        actor=acting_user(request),
        episode=episode,
        to_site=to_site,
        effective_date=payload.effective_date,
        reason=payload.reason,
        primary_clinician=_user(payload.primary_clinician_id, "primary_clinician_id"),
        evidence_text=payload.evidence_text,
        expected_version=payload.expected_version,
    )
    return Status(201, transition)


@router.post(
    "/{client_id}/episodes/{episode_id}/discharge",
    response=EpisodeOut,
    summary="Discharge (TEDS reason required); with a summary, it is signed with your password",
)
def discharge_episode(request: HttpRequest, client_id: Id, episode_id: Id, payload: DischargeIn) -> object:
    episode = _episode(request, client_id, episode_id)
    return services.episode_discharge(
        actor=acting_user(request),
        episode=episode,
        discharge_date=payload.discharge_date,
        reason=payload.reason,
        teds_reason=int(payload.teds_reason),
        use_frequency=int(payload.use_frequency) if payload.use_frequency is not None else None,
        self_help_30d=payload.self_help_30d,
        summary=payload.summary.dict() if payload.summary else None,
        password=payload.password,
        code=payload.code,
        expected_version=payload.expected_version,
    )


@router.post(
    "/{client_id}/episodes/{episode_id}/readmit",
    response={201: EpisodeOut},
    summary="Readmit a discharged client: a new episode linked to this one",
)
def readmit_episode(request: HttpRequest, client_id: Id, episode_id: Id, payload: ReadmitIn) -> Status[object]:
    episode = _episode(request, client_id, episode_id)
    new = services.episode_readmit(
        actor=acting_user(request),
        previous=episode,
        admission_date=payload.admission_date,
        reason=payload.reason,
        level_of_care=str(payload.level_of_care),
        prescribed_hours=payload.prescribed_hours,
        primary_clinician=_user(payload.primary_clinician_id, "primary_clinician_id"),
        evidence_assessment=_assessment(episode, payload.evidence_assessment_id),
        evidence_text=payload.evidence_text,
    )
    return Status(201, new)


@router.get("/{client_id}/support-contacts", response=list[ContactOut], summary="The client's support network")
def list_contacts(request: HttpRequest, client_id: Id) -> object:
    client = selectors.client_get_for_user(user=request.user, pk=client_id, what="support_network")
    return list(stay_selectors.support_contacts_for_client(client=client, include_retired=True))


@router.post("/{client_id}/support-contacts", response={201: ContactOut}, summary="Add a person to the network")
def create_contact(request: HttpRequest, client_id: Id, payload: ContactIn) -> Status[object]:
    client = selectors.client_get_for_user(user=request.user, pk=client_id, action=None)
    contact = services.support_contact_create(
        actor=acting_user(request), client=client, **payload.dict(exclude_unset=True)
    )
    return Status(201, contact)


def _contact(request: HttpRequest, client_id: int, contact_id: int) -> SupportContact:
    return stay_selectors.support_contact_get_for_user(user=request.user, client_pk=client_id, pk=contact_id)


@router.patch(
    "/{client_id}/support-contacts/{contact_id}", response=ContactOut, summary="Change a person of the network"
)
def update_contact(request: HttpRequest, client_id: Id, contact_id: Id, payload: ContactPatch) -> object:
    contact = _contact(request, client_id, contact_id)
    return services.support_contact_update(
        actor=acting_user(request), contact=contact, **payload.dict(exclude_unset=True)
    )


@router.post(
    "/{client_id}/support-contacts/{contact_id}/retire", response=ContactOut, summary="Retire a person of the network"
)
def retire_contact(request: HttpRequest, client_id: Id, contact_id: Id, payload: RetireIn) -> object:
    contact = _contact(request, client_id, contact_id)
    return services.support_contact_retire(actor=acting_user(request), contact=contact, reason=payload.reason)


class SharedOut(Schema):
    id: int
    recipient: str
    records: list[str]


@router.post(
    "/{client_id}/support-contacts/{contact_id}/disclosures",
    response={201: SharedOut},
    summary="Share records with the person, under a consent that names them (a disclosure)",
)
def share_with_contact(request: HttpRequest, client_id: Id, contact_id: Id, payload: ShareIn) -> Status[object]:
    from openiop.consents.models import ConsentDocument

    contact = _contact(request, client_id, contact_id)
    consent = ConsentDocument.objects.filter(pk=payload.consent_id, client_id=contact.client_id).first()
    disclosure = services.support_contact_disclose(
        actor=acting_user(request),
        contact=contact,
        consent=consent,
        purpose=payload.purpose,
        records=payload.records,
        note=payload.note,
    )
    return Status(201, disclosure)


@router.put(
    "/family-sessions/{note_id}/attendees",
    response=list[ContactOut],
    summary="Who of the support network attended a family session (each named by a consent)",
)
def set_attendees(request: HttpRequest, note_id: Id, payload: AttendeesIn) -> object:
    note = stay_selectors.family_note_get_for_user(user=request.user, pk=note_id)
    contacts = list(SupportContact.objects.filter(client_id=note.client_id, pk__in=payload.contact_ids))
    if len(contacts) != len(set(payload.contact_ids)):
        from django.core.exceptions import ValidationError

        raise ValidationError({"contact_ids": "Choose people of this client's support network."})
    rows = services.family_attendance_set(actor=acting_user(request), note=note, contacts=contacts)
    return [row.contact for row in rows]


@router.get(
    "/episodes/discharge-proposals",
    response=list[ProposalOut],
    summary="Clients proposed for administrative discharge (no attendance for the site's days)",
)
def list_proposals(request: HttpRequest) -> object:
    if not policy.stay_sites(request.user):
        raise PermissionDenied("Your role does not work on episodes of care.")
    return [
        {
            "episode_id": p.episode.pk,
            "client_id": p.episode.client_id,
            "last_attended": p.last_attended,
            "days_without": p.days_without,
            "threshold": p.threshold,
        }
        for p in stay_selectors.discharge_proposals(user=request.user)[:200]
    ]
