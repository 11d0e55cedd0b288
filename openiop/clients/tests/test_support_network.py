"""The support network: add, edit, retire; a family session or a disclosure naming a contact
without a covering consent is refused (issue 12, acceptance 3)."""

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import PASSWORD, Cast
from openiop.clients import services
from openiop.clients.models import FamilySessionAttendee, SupportContact
from openiop.clients.tests.stay_factories import contact, family_note
from openiop.core.concurrency import Conflict, StaleVersion


def _release(cast: Cast, person: SupportContact, **extra: Any) -> Any:
    from openiop.consents import services as consent_services
    from openiop.consents.tests.factories import sign

    document = consent_services.consent_prepare(
        actor=cast.alice, client=cast.erin, kind="part2_release", support_contact=person, **extra
    )
    return sign(cast, document)


def _tpo(cast: Cast) -> Any:
    from openiop.consents import services as consent_services
    from openiop.consents.tests.factories import sign

    return sign(cast, consent_services.consent_prepare(actor=cast.alice, client=cast.erin, kind="part2_tpo"))


def _login(user: Any) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def test_a_contact_is_added_with_roles_and_language(cast: Cast) -> None:
    person = services.support_contact_create(
        actor=cast.alice, client=cast.erin, name="Ana Ruiz", relationship="sponsor", phone="(310) 555-0177",
        language="es", sponsor=True, emergency_contact=True,
    )  # fmt: skip
    assert person.role_labels() == ["emergency contact", "sponsor"] and person.language == "es"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "", "relationship": "mother"}, "name"),
        ({"name": "Jo", "relationship": "mother", "phone": "12"}, "phone"),
        ({"name": "Jo", "relationship": "mother", "email": "not-an-email"}, "email"),
        ({"name": "Jo", "relationship": "mother", "language": "xx"}, "language"),
        ({"name": "Jo", "relationship": "mother", "retired_at": None}, "retired_at"),
    ],
)
def test_a_contact_with_bad_input_is_refused_naming_the_field(cast: Cast, fields: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.support_contact_create(actor=cast.alice, client=cast.erin, **fields)
    assert field in refused.value.message_dict


def test_a_contact_is_edited_from_the_version_shown_and_a_stale_edit_is_refused(cast: Cast) -> None:
    person = contact(cast)
    services.support_contact_update(actor=cast.alice, contact=person, expected_version=1, phone="(310) 555-0100")
    with pytest.raises(StaleVersion):
        services.support_contact_update(actor=cast.dana, contact=person, expected_version=1, phone="(310) 555-0199")
    assert SupportContact.objects.get(pk=person.pk).phone == "(310) 555-0100"


def test_a_retired_contact_is_kept_loses_their_roles_and_cannot_be_edited(cast: Cast) -> None:
    person = services.support_contact_update(actor=cast.alice, contact=contact(cast), sponsor=True)
    services.support_contact_retire(actor=cast.alice, contact=person, reason="Moved away")
    person.refresh_from_db()
    assert person.is_retired and not person.sponsor and not person.may_be_involved
    with pytest.raises(Conflict):
        services.support_contact_update(actor=cast.alice, contact=person, phone="(310) 555-0100")


def test_billing_and_medical_staff_cannot_change_the_network(cast: Cast) -> None:
    for person in (cast.bill, cast.mel):
        with pytest.raises(PermissionDenied):
            services.support_contact_create(actor=person, client=cast.erin, name="X", relationship="friend")


# ------------------------------------------------------------------ acceptance 3


def test_a_family_session_naming_a_contact_without_a_covering_consent_is_refused(cast: Cast) -> None:
    person, note = contact(cast), family_note(cast)
    _tpo(cast)  # a consent to classes of recipients does not name Jo
    with pytest.raises(ValidationError) as refused:
        services.family_attendance_set(actor=cast.alice, note=note, contacts=[person])
    assert "No valid consent names Jo Castillo" in str(refused.value)
    assert not FamilySessionAttendee.objects.exists()


def test_a_family_session_with_a_release_naming_the_contact_records_who_attended(cast: Cast) -> None:
    person, note = contact(cast), family_note(cast)
    release = _release(cast, person)
    rows = services.family_attendance_set(actor=cast.alice, note=note, contacts=[person])
    assert [(r.contact, r.consent) for r in rows] == [(person, release)]


def test_a_family_note_is_not_signed_while_an_attendee_has_no_valid_consent(cast: Cast) -> None:
    from openiop.clinical.services.notes import note_sign, note_update

    person, note = contact(cast), family_note(cast)
    # An attendee written around the service (or whose consent lapsed): the signature checks again.
    FamilySessionAttendee.objects.create(note=note, contact=person, consent=_tpo(cast), recorded_by=cast.alice)
    note_update(actor=cast.alice, note=note, sections={"data": "d", "assessment": "a", "plan": "p"})
    with pytest.raises(ValidationError) as refused:
        note_sign(actor=cast.alice, note=note, password=PASSWORD)
    assert "contacts" in refused.value.message_dict
    note.refresh_from_db()
    assert not note.is_signed


def test_the_family_session_page_refuses_a_contact_without_consent(cast: Cast) -> None:
    person, note = contact(cast), family_note(cast)
    answer = _login(cast.alice).post(reverse("clients:family_attendees", args=[note.pk]), {"contacts": [person.pk]})
    assert answer.status_code == 422 and "No valid consent names Jo Castillo" in answer.content.decode()


def test_a_disclosure_to_a_contact_without_a_consent_naming_them_is_refused(cast: Cast) -> None:
    from openiop.consents.models import Disclosure

    person = contact(cast)
    tpo = _tpo(cast)
    with pytest.raises(ValidationError) as refused:
        services.support_contact_disclose(
            actor=cast.alice, contact=person, consent=tpo, purpose="treatment", records=["demographics"]
        )
    assert "consent" in refused.value.message_dict and not Disclosure.objects.exists()


def test_a_disclosure_to_a_contact_under_their_release_is_made_and_accounted(cast: Cast) -> None:
    person = contact(cast)
    release = _release(cast, person)
    disclosure = services.support_contact_disclose(
        actor=cast.alice, contact=person, consent=release, purpose="family_involvement", records=["demographics"]
    )
    assert (disclosure.recipient, disclosure.consent) == ("Jo Castillo", release)


def test_the_api_refuses_attendees_without_consent_with_422(cast: Cast) -> None:
    person, note = contact(cast), family_note(cast)
    answer = _login(cast.alice).put(
        f"/api/v1/clients/family-sessions/{note.pk}/attendees",
        json.dumps({"contact_ids": [person.pk]}),
        content_type="application/json",
    )
    assert answer.status_code == 422 and answer.json()["detail"][0]["field"] == "contacts"
