import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.clients.models import CareTeamMember, Client
from openiop.intake import services
from openiop.intake.models import Inquiry, StatusChange
from openiop.intake.tests import factories as f


def test_the_web_form_creates_a_new_inquiry_and_audits_it_without_a_user(cast: Cast) -> None:
    inquiry = f.web_inquiry(cast, concerns=["drugs"])
    assert inquiry.status == "new" and inquiry.channel == "web" and inquiry.created_by is None
    event = AuditEvent.objects.get(object_type="inquiry", action="create")
    assert event.user is None and event.site_id == cast.site_a.pk and event.client_id is None
    assert StatusChange.objects.get(inquiry=inquiry).to_status == "new"


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"consent_to_contact": False}, "__all__"),
        ({"phone": "", "email": ""}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"concerns": ["gambling"]}, "concerns"),
        ({"name": ""}, "name"),
    ],
)
def test_an_invalid_web_inquiry_is_refused_and_nothing_is_stored(
    cast: Cast, fields: dict[str, Any], error_field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        f.web_inquiry(cast, **fields)
    assert error_field in info.value.message_dict
    assert not Inquiry.objects.exists() and not AuditEvent.objects.filter(object_type="inquiry").exists()


def test_the_web_form_cannot_set_staff_fields(cast: Cast) -> None:
    with pytest.raises(ValidationError) as info:
        f.web_inquiry(cast, assigned_to=cast.ivan)
    assert "assigned_to" in info.value.message_dict


@pytest.mark.parametrize("person", ["alice", "bill", "mel", "carol"])
def test_only_intake_and_directors_record_inquiries(cast: Cast, person: str) -> None:
    with pytest.raises(PermissionDenied):
        services.inquiry_create(
            actor=getattr(cast, person), site=cast.site_a, channel="phone", name="X", phone="(213) 555-0100"
        )


def test_without_a_login_only_the_web_channel_is_allowed(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.inquiry_create(actor=None, site=cast.site_a, channel="phone", name="X", phone="(213) 555-0100")


# Status -----------------------------------------------------------------------------


def test_closing_an_inquiry_needs_a_reason(cast: Cast, inquiry: Inquiry) -> None:
    with pytest.raises(ValidationError) as info:
        services.inquiry_transition(actor=cast.ivan, inquiry=inquiry, to="lost")
    assert "note" in info.value.message_dict
    inquiry.refresh_from_db()
    assert inquiry.status == "new"


@pytest.mark.parametrize("target", ["screened", "assessment_booked", "admitted"])
def test_staff_cannot_jump_to_a_status_that_has_its_own_step(cast: Cast, inquiry: Inquiry, target: str) -> None:
    with pytest.raises(ValidationError) as info:
        services.inquiry_transition(actor=cast.ivan, inquiry=inquiry, to=target)
    assert "to" in info.value.message_dict


def test_a_closed_inquiry_records_why_and_can_be_reopened(cast: Cast, inquiry: Inquiry) -> None:
    services.inquiry_transition(actor=cast.ivan, inquiry=inquiry, to="not_a_fit", note="Wants residential care.")
    assert inquiry.closed_reason == "Wants residential care."
    services.inquiry_transition(actor=cast.dana, inquiry=inquiry, to="contacted")
    assert inquiry.status == "contacted" and inquiry.closed_reason == ""
    history = list(StatusChange.objects.filter(inquiry=inquiry).values_list("to_status", flat=True))
    assert history == ["contacted", "not_a_fit", "new"]
    assert AuditEvent.objects.filter(object_type="inquiry", action="update").count() == 2


def test_a_clinician_cannot_change_an_inquiry(cast: Cast, inquiry: Inquiry) -> None:
    with pytest.raises(PermissionDenied):
        services.inquiry_transition(actor=cast.alice, inquiry=inquiry, to="contacted")


# Calls, follow-ups ------------------------------------------------------------------


def test_reaching_the_person_moves_a_new_inquiry_to_contacted(cast: Cast, inquiry: Inquiry) -> None:
    services.call_log_create(actor=cast.ivan, inquiry=inquiry, outcome="voicemail")
    assert inquiry.status == "new"
    services.call_log_create(actor=cast.ivan, inquiry=inquiry, outcome="reached", note="Will call back Tuesday.")
    assert inquiry.status == "contacted"
    assert inquiry.calls.count() == 2


def test_a_call_needs_a_known_outcome(cast: Cast, inquiry: Inquiry) -> None:
    with pytest.raises(ValidationError):
        services.call_log_create(actor=cast.ivan, inquiry=inquiry, outcome="maybe")
    assert not inquiry.calls.exists()


def test_a_follow_up_is_done_once(cast: Cast, inquiry: Inquiry) -> None:
    task = services.follow_up_create(
        actor=cast.ivan, inquiry=inquiry, due_at=timezone.now() + dt.timedelta(hours=3), what="Call back"
    )
    services.follow_up_complete(actor=cast.ivan, follow_up=task)
    assert task.done_by == cast.ivan
    with pytest.raises(ValidationError):
        services.follow_up_complete(actor=cast.ivan, follow_up=task)


def test_a_follow_up_is_assigned_only_to_pipeline_staff_of_the_site(cast: Cast, inquiry: Inquiry) -> None:
    with pytest.raises(ValidationError) as info:
        services.follow_up_create(
            actor=cast.ivan, inquiry=inquiry, due_at=timezone.now(), what="Call", assigned_to=cast.alice
        )
    assert "assigned_to" in info.value.message_dict


# Conversion -------------------------------------------------------------------------


def test_conversion_creates_a_client_from_the_inquiry(cast: Cast, inquiry: Inquiry) -> None:
    f.convert(cast, inquiry)
    client = inquiry.client
    assert client is not None and client.phone == inquiry.phone and client.site_id == cast.site_a.pk
    assert AuditEvent.objects.filter(object_type="inquiry", client_id=client.pk, detail__converted=True).exists()


def test_conversion_may_link_the_duplicate_client_instead(cast: Cast) -> None:
    inquiry = f.web_inquiry(cast, phone="(310) 555-0142")
    services.inquiry_convert(actor=cast.ivan, inquiry=inquiry, existing_client=cast.nora)
    assert inquiry.client == cast.nora and Client.objects.count() == 4


def test_conversion_cannot_link_a_client_the_coordinator_may_not_see(cast: Cast, inquiry: Inquiry) -> None:
    with pytest.raises(ValidationError):
        services.inquiry_convert(actor=cast.ivan, inquiry=inquiry, existing_client=cast.erin)
    inquiry.refresh_from_db()
    assert inquiry.client_id is None


def test_conversion_with_a_bad_birth_date_stores_nothing(cast: Cast, inquiry: Inquiry) -> None:
    with pytest.raises(ValidationError):
        services.inquiry_convert(
            actor=cast.ivan,
            inquiry=inquiry,
            legal_first_name="Q",
            legal_last_name="S",
            date_of_birth=dt.date(2099, 1, 1),
            sex_assigned_at_birth="male",
        )
    inquiry.refresh_from_db()
    assert inquiry.client_id is None and Client.objects.count() == 4


def test_an_inquiry_is_converted_only_once(cast: Cast, inquiry: Inquiry) -> None:
    f.convert(cast, inquiry)
    with pytest.raises(ValidationError):
        f.convert(cast, inquiry)
    assert not CareTeamMember.objects.exists()
