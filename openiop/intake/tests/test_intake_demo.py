import pytest

from openiop.accounts.models import User
from openiop.audit.models import AuditEvent
from openiop.core.demo_data import seed_demo
from openiop.intake.duplicates import duplicates_seen_by
from openiop.intake.models import Assessment, Inquiry, InquiryStatus

INTAKE_OBJECTS = ["inquiry", "inquiry_call", "inquiry_follow_up", "screening", "assessment", "admission"]


@pytest.mark.django_db
def test_the_demo_shows_a_live_pipeline_at_westside_and_a_second_run_adds_nothing() -> None:
    first = seed_demo()
    westside = Inquiry.objects.filter(site__name="Westside IOP")
    assert set(westside.values_list("status", flat=True)) == set(InquiryStatus.values)
    assert Assessment.objects.filter(status__in=["booked", "in_progress"]).count() == 1
    dana = User.objects.get(email="dana@westside.example")
    assert len(duplicates_seen_by(user=dana, inquiries=westside)) == 1
    assert first["inquiries"] == Inquiry.objects.count()
    intake_events = AuditEvent.objects.filter(object_type__in=INTAKE_OBJECTS)
    events = intake_events.count()
    second = seed_demo()
    assert {k: second[k] for k in ("inquiries", "screenings", "assessments", "admissions")} == dict.fromkeys(
        ("inquiries", "screenings", "assessments", "admissions"), 0
    )
    assert intake_events.count() == events
