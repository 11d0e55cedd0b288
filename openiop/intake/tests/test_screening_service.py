import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.intake.models import Inquiry, InstrumentResult, Screening
from openiop.intake.tests import factories as f


def test_a_screening_scores_each_instrument_through_the_library_and_marks_the_inquiry_screened(
    cast: Cast, inquiry: Inquiry
) -> None:
    screening = f.screen(cast, inquiry)
    results = {r.code: r for r in InstrumentResult.objects.filter(screening=screening)}
    assert set(results) == {"cssrs-screen", "phq2", "auditc", "dast10", "scoff"}
    assert results["auditc"].total == 3 and results["auditc"].positive is True  # female cut-off 3
    assert results["dast10"].total == 0  # item 3 answered yes is reverse-scored
    assert results["cssrs-screen"].band == "none" and screening.cssrs_risk == "none"
    assert inquiry.status == "screened"
    assert AuditEvent.objects.get(object_type="screening").detail["disposition"] == "book_assessment"


def test_instruments_left_blank_are_not_administered(cast: Cast, inquiry: Inquiry) -> None:
    screening = f.screen(cast, inquiry, answers={"cssrs-screen": f.CSSRS_NONE, "phq2": None})
    assert list(screening.results.values_list("code", flat=True)) == ["cssrs-screen"]
    assert screening.phq2_positive is None


def test_every_screening_asks_the_cssrs(cast: Cast, inquiry: Inquiry) -> None:
    with pytest.raises(ValidationError) as info:
        f.screen(cast, inquiry, answers={"phq2": [0, 0]})
    assert "cssrs_screen__1" in info.value.message_dict
    assert not Screening.objects.exists() and inquiry.status == "new"


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"phq2": [0, 5]}, "phq2__2"),
        ({"cssrs-screen": [0, 0, 1, None, None, 0, None]}, "cssrs_screen__3"),  # asked 3 although 2 was no
        ({"dast10": [0, 0]}, "dast10__1"),
    ],
)
def test_answers_the_library_refuses_come_back_on_the_item_and_nothing_is_stored(
    cast: Cast, inquiry: Inquiry, answers: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        f.screen(cast, inquiry, answers={**f.NEGATIVE_SCREEN, **answers})
    assert field in info.value.message_dict
    assert not Screening.objects.exists() and not InstrumentResult.objects.exists()


def test_the_audit_c_needs_the_sex_assigned_at_birth(cast: Cast, inquiry: Inquiry) -> None:
    with pytest.raises(ValidationError) as info:
        f.screen(cast, inquiry, sex_for_scoring="")
    assert "sex_for_scoring" in info.value.message_dict


def test_a_high_cssrs_suggests_an_emergency_and_a_lesser_choice_needs_a_note(cast: Cast, inquiry: Inquiry) -> None:
    answers = {**f.NEGATIVE_SCREEN, "cssrs-screen": f.CSSRS_HIGH}
    with pytest.raises(ValidationError) as info:
        f.screen(cast, inquiry, answers=answers, disposition="book_assessment")
    assert "disposition_note" in info.value.message_dict
    screening = f.screen(cast, inquiry, answers=answers, disposition="emergency")
    assert screening.suggested_disposition == "emergency" and screening.cssrs_risk == "high"
    assert screening.urgent and "suicide-risk-high" in screening.flags


def test_a_positive_phq2_is_kept_on_the_screening_for_the_lists(cast: Cast, inquiry: Inquiry) -> None:
    screening = f.screen(cast, inquiry, answers={**f.NEGATIVE_SCREEN, "phq2": [2, 2]})
    assert screening.phq2_positive is True and screening.urgent


def test_seizures_in_withdrawal_and_recent_use_suggest_a_higher_level(cast: Cast, inquiry: Inquiry) -> None:
    today = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    screening = f.screen(cast, inquiry, withdrawal_seizures=True, last_use_date=today, disposition="refer_higher")
    assert screening.suggested_disposition == "refer_higher"


def test_a_last_use_in_the_future_is_refused(cast: Cast, inquiry: Inquiry) -> None:
    with pytest.raises(ValidationError) as info:
        f.screen(cast, inquiry, last_use_date=dt.date(2099, 1, 1))
    assert "last_use_date" in info.value.message_dict


def test_a_closed_inquiry_is_not_screened(cast: Cast, inquiry: Inquiry) -> None:
    from openiop.intake import services

    services.inquiry_transition(actor=cast.ivan, inquiry=inquiry, to="lost", note="No answer.")
    with pytest.raises(ValidationError):
        f.screen(cast, inquiry)


@pytest.mark.parametrize("person", ["alice", "mel", "bill"])
def test_only_intake_and_directors_screen(cast: Cast, inquiry: Inquiry, person: str) -> None:
    from openiop.intake import services

    with pytest.raises(PermissionDenied):
        services.screening_create(
            actor=getattr(cast, person), inquiry=inquiry, answers=f.NEGATIVE_SCREEN, disposition="book_assessment"
        )
