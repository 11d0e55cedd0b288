"""Administrations as FHIR resources, a client's administrations for a user, and the client a
user records a measure for (reads recorded, through the access policy)."""

from django.core.exceptions import PermissionDenied
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from openiop.accounts import policy
from openiop.accounts.types import Viewer
from openiop.audit.services import record_read
from openiop.clients.models import Client
from openiop.measures.fhir import administration_to_fhir
from openiop.measures.models import AdministeredRole, Administration
from openiop.measures.selectors.common import administrations_for_client


def administration_fhir(*, administration: Administration) -> tuple[QuestionnaireResponse, Observation]:
    """A stored administration as FHIR R4 resources, with its stored (not recomputed) score."""
    performer = (
        f"Patient/{administration.client_id}"
        if administration.administered_role == AdministeredRole.CLIENT
        else f"Practitioner/{administration.administered_by_id}"
    )
    return administration_to_fhir(
        instrument_code=administration.instrument,
        answers=list(administration.answers),
        score=administration.score,
        patient_reference=f"Patient/{administration.client_id}",
        authored=administration.administered_at,
        administration_id=str(administration.pk),
        performer_reference=performer,
    )


def administrations_read(*, user: Viewer, client: Client) -> list[Administration]:
    """A client's administrations (with their alerts) for a user who may act on its measures
    (403 otherwise); the read is recorded."""
    if not policy.can_act_on_alerts(user, client):
        raise PermissionDenied("Your role does not give access to clinical measures.")
    record_read(user=user, instance=client, object_type="administrations")
    return list(administrations_for_client(client=client).prefetch_related("alerts"))


def client_for_recording(*, user: Viewer, pk: int, code: str, showing_form: bool) -> Client:
    """The client if the user may record measures for them (404/403); showing the form for
    instrument ``code`` is a read of the client's record and is recorded."""
    from openiop.clients.selectors import client_get_for_user

    client = client_get_for_user(user=user, pk=pk, action=None)
    if not policy.can_record_measures(user, client):
        raise PermissionDenied("Your role may not record measures for this client.")
    if showing_form:
        record_read(user=user, instance=client, object_type="administration_form", object_id=code)
    return client
