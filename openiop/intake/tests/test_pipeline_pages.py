"""Staff pages of the pipeline: board, list, inquiry, screening, booking; query budgets at two sizes."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from conftest import Cast
from openiop.accounts.models import User
from openiop.audit.models import AuditEvent
from openiop.intake.models import Inquiry, InquiryStatus, Screening
from openiop.intake.tests import factories as f

Login = Callable[[User], HttpClient]


def _grow(cast: Cast, count: int) -> None:
    now = timezone.now()
    statuses = InquiryStatus.values
    Inquiry.objects.bulk_create(
        Inquiry(
            site=cast.site_a,
            status=statuses[i % len(statuses)] if statuses[i % len(statuses)] != "admitted" else "new",
            status_changed_at=now,
            channel="web",
            name=f"Person {i:04d}",
            phone=f"(213) 555-{i:04d}",
            phone_digits=f"213555{i:04d}",
            consent_to_contact=True,
        )
        for i in range(count)
    )


def test_the_board_shows_every_status_with_its_count(cast: Cast, login: Login) -> None:
    f.web_inquiry(cast)
    f.screen(cast, f.inquiry(cast, phone="(213) 555-0155", name="Pat Screened"))
    response = login(cast.ivan).get("/intake/")
    columns = {c.status: c for c in response.context["columns"]}
    assert list(columns) == InquiryStatus.values
    assert columns["new"].count == 1 and columns["screened"].count == 1
    assert "Robin Web" in response.content.decode()
    assert AuditEvent.objects.filter(object_type="inquiry", action="list").exists()


def test_a_column_is_capped_and_links_to_the_rest(cast: Cast, login: Login) -> None:
    _grow(cast, 100)
    response = login(cast.dana).get("/intake/")
    new = next(c for c in response.context["columns"] if c.status == "new")
    assert new.count > 10 and len(new.items) == 10 and new.more == new.count - 10
    assert "/intake/inquiries/?status=new" in response.content.decode()


def test_the_board_shows_only_the_users_sites(cast: Cast, login: Login) -> None:
    from openiop.intake import services

    services.inquiry_create(
        actor=None,
        site=cast.site_b,
        channel="web",
        name="Site B person",
        phone="(626) 555-0100",
        consent_to_contact=True,
    )
    f.web_inquiry(cast, name="Site A person")
    response = login(cast.dana).get("/intake/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Site A person" in page and "Site B person" not in page


def test_the_board_flags_risk_and_duplicates_prominently(cast: Cast, login: Login) -> None:
    f.web_inquiry(cast, phone="(310) 555-0142", self_harm_thoughts=True)
    f.screen(
        cast,
        f.inquiry(cast, phone="(213) 555-0166"),
        answers={**f.NEGATIVE_SCREEN, "cssrs-screen": f.CSSRS_HIGH},
        disposition="emergency",
    )
    page = login(cast.ivan).get("/intake/").content.decode()
    assert "Possible duplicate (phone)" in page and "Self-harm thoughts" in page and "C-SSRS high" in page


@pytest.mark.parametrize("size", [10, 400])
def test_the_board_runs_a_constant_number_of_queries(
    cast: Cast, login: Login, size: int, django_assert_max_num_queries: Any
) -> None:
    _grow(cast, size)
    http = login(cast.ivan)
    # 15: the possible duplicates among what Ivan may see cost two queries for the whole board.
    with django_assert_max_num_queries(15):
        assert http.get("/intake/").status_code == 200


@pytest.mark.parametrize("size", [10, 400])
def test_the_inquiry_list_runs_a_constant_number_of_queries(
    cast: Cast, login: Login, size: int, django_assert_max_num_queries: Any
) -> None:
    _grow(cast, size)
    http = login(cast.ivan)
    with django_assert_max_num_queries(15):  # two for the possible duplicates of the whole page
        assert http.get("/intake/inquiries/").status_code == 200


def test_the_list_filters_by_status_and_finds_by_phone_digits(cast: Cast, login: Login) -> None:
    f.inquiry(cast, name="Quinn Phone", phone="(213) 555-0101")
    f.web_inquiry(cast, name="Robin Web", phone="(213) 555-0777")
    http = login(cast.ivan)
    assert [i.name for i in http.get("/intake/inquiries/", {"q": "555 0777"}).context["page_obj"]] == ["Robin Web"]
    assert http.get("/intake/inquiries/", {"status": "screened"}).context["page_obj"].paginator.count == 0
    body = http.get("/intake/inquiries/", {"q": "quinn"}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="results"' in body and "<html" not in body and "Quinn Phone" in body


def test_a_phone_call_is_entered_by_staff(cast: Cast, login: Login) -> None:
    response = login(cast.ivan).post(
        "/intake/inquiries/new/",
        {
            "channel": "phone",
            "name": "Caller Person",
            "phone": "(213) 555-0188",
            "best_time": "any",
            "who_for": "self",
            "preferred_language": "en",
            "referral_source": "court",
            "referrer": "Probation",
            "consent_to_contact": "on",
        },
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302 and inquiry.channel == "phone" and inquiry.created_by == cast.ivan
    assert inquiry.referral_source == "court"


def test_a_bad_phone_call_entry_stores_nothing(cast: Cast, login: Login) -> None:
    response = login(cast.ivan).post("/intake/inquiries/new/", {"channel": "phone", "name": "", "phone": "1"})
    assert response.status_code == 422 and not Inquiry.objects.exists()


def test_the_inquiry_page_is_audited_and_shows_the_duplicate(cast: Cast, login: Login) -> None:
    inquiry = f.web_inquiry(cast, phone="(310) 555-0142")
    page = login(cast.ivan).get(f"/intake/inquiries/{inquiry.pk}/").content.decode()
    assert "Possible duplicate" in page
    assert AuditEvent.objects.filter(object_type="inquiry", action="view", object_id=str(inquiry.pk)).exists()


def test_status_call_and_follow_up_forms_work_and_bad_input_comes_back_422(
    cast: Cast, login: Login, inquiry: Inquiry
) -> None:
    http = login(cast.ivan)
    base = f"/intake/inquiries/{inquiry.pk}"
    assert http.post(f"{base}/status", {"to": "lost"}).status_code == 422  # no note
    assert http.post(f"{base}/calls", {"direction": "outbound", "outcome": "reached"}).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "contacted"
    due = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert http.post(f"{base}/follow-ups", {"due_at": due, "what": "Call back"}).status_code == 302
    assert http.post(f"{base}/follow-ups", {"due_at": "soon", "what": ""}).status_code == 422
    task = inquiry.follow_ups.get()
    assert http.post(f"/intake/follow-ups/{task.pk}/done").status_code == 302
    task.refresh_from_db()
    assert task.done_by == cast.ivan


def test_a_follow_up_due_time_is_read_in_the_sites_time_zone(cast: Cast, login: Login, inquiry: Inquiry) -> None:
    login(cast.ivan).post(f"/intake/inquiries/{inquiry.pk}/follow-ups", {"due_at": "2026-12-01T17:00", "what": "Call"})
    due = inquiry.follow_ups.get().due_at
    assert due == dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC)  # 17:00 in Los Angeles


def test_the_screening_form_saves_and_shows_the_risk_first(cast: Cast, login: Login, inquiry: Inquiry) -> None:
    data: dict[str, Any] = {"disposition": "emergency", "sex_for_scoring": "male"}
    for number, value in zip(["1", "2", "3", "4", "5", "6"], [1, 1, 1, 1, 0, 0], strict=True):
        data[f"cssrs_screen__{number}"] = value
    data.update({"phq2__1": 2, "phq2__2": 2})
    http = login(cast.ivan)
    response = http.post(f"/intake/inquiries/{inquiry.pk}/screening/", data)
    screening = Screening.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/intake/screenings/{screening.pk}/"
    page = http.get(response["Location"]).content.decode()
    assert "C-SSRS high risk" in page and "PHQ-2 positive" in page and 'role="alert"' in page


def test_a_screening_with_an_impossible_answer_comes_back_with_the_item_marked(
    cast: Cast, login: Login, inquiry: Inquiry
) -> None:
    data = {
        "disposition": "book_assessment",
        "cssrs_screen__1": 0,
        "cssrs_screen__2": 0,
        "cssrs_screen__3": 1,
        "cssrs_screen__6": 0,
    }
    response = login(cast.ivan).post(f"/intake/inquiries/{inquiry.pk}/screening/", data)
    assert response.status_code == 422 and "cssrs_screen__3" in response.context["form"].errors
    assert not Screening.objects.exists()


def test_conversion_and_booking_through_the_pages(cast: Cast, login: Login) -> None:
    inquiry = f.inquiry(cast, name="Kim Lee")
    f.screen(cast, inquiry)
    http = login(cast.ivan)
    assert http.get(f"/intake/inquiries/{inquiry.pk}/convert/").context["form"].initial["legal_last_name"] == "Lee"
    response = http.post(
        f"/intake/inquiries/{inquiry.pk}/convert/",
        {
            "legal_first_name": "Kim",
            "legal_last_name": "Lee",
            "date_of_birth": "1990-02-03",
            "sex_assigned_at_birth": "female",
        },
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.client is not None
    response = http.post(
        f"/intake/inquiries/{inquiry.pk}/book/", {"clinician": cast.alice.pk, "scheduled_at": "2026-12-03T10:00"}
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "assessment_booked"
    assessment = inquiry.assessments.get()
    assert assessment.scheduled_at == dt.datetime(2026, 12, 3, 18, 0, tzinfo=dt.UTC)


def test_conversion_offers_the_duplicate_client_when_the_coordinator_may_see_it(cast: Cast, login: Login) -> None:
    inquiry = f.web_inquiry(cast, phone="(310) 555-0142")  # Erin, Frank (admitted) and Nora (not yet) share it
    form = login(cast.ivan).get(f"/intake/inquiries/{inquiry.pk}/convert/").context["form"]
    assert [pk for pk, _ in form.fields["existing_client"].choices][1:] == [cast.nora.pk]
    form = login(cast.dana).get(f"/intake/inquiries/{inquiry.pk}/convert/").context["form"]
    assert [pk for pk, _ in form.fields["existing_client"].choices][1:] == [cast.erin.pk]  # the first she sees


def test_a_clinician_sees_only_the_inquiries_booked_with_them(cast: Cast, login: Login) -> None:
    assessment = f.booked(cast)
    other = f.web_inquiry(cast)
    http = login(cast.alice)
    assert http.get(f"/intake/inquiries/{assessment.inquiry_id}/").status_code == 200
    assert http.get(f"/intake/inquiries/{other.pk}/").status_code == 404
    assert login(cast.bob).get(f"/intake/inquiries/{assessment.inquiry_id}/").status_code == 404
