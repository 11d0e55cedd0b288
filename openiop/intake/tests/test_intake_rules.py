"""The pure intake rules (docs/algorithms/intake.md), table by table."""

import pytest

from openiop.intake import rules
from openiop.intake.rules import ScreeningFacts, advise_disposition

S = rules
ALLOWED = {
    (S.NEW, S.CONTACTED),
    (S.NEW, S.SCREENED),
    (S.NEW, S.REFERRED_OUT),
    (S.NEW, S.NOT_A_FIT),
    (S.NEW, S.LOST),
    (S.CONTACTED, S.SCREENED),
    (S.CONTACTED, S.REFERRED_OUT),
    (S.CONTACTED, S.NOT_A_FIT),
    (S.CONTACTED, S.LOST),
    (S.SCREENED, S.ASSESSMENT_BOOKED),
    (S.SCREENED, S.REFERRED_OUT),
    (S.SCREENED, S.NOT_A_FIT),
    (S.SCREENED, S.LOST),
    (S.ASSESSMENT_BOOKED, S.ADMITTED),
    (S.ASSESSMENT_BOOKED, S.SCREENED),
    (S.ASSESSMENT_BOOKED, S.REFERRED_OUT),
    (S.ASSESSMENT_BOOKED, S.NOT_A_FIT),
    (S.ASSESSMENT_BOOKED, S.LOST),
    (S.REFERRED_OUT, S.CONTACTED),
    (S.NOT_A_FIT, S.CONTACTED),
    (S.LOST, S.CONTACTED),
}


@pytest.mark.parametrize("current", rules.STATUSES)
@pytest.mark.parametrize("target", rules.STATUSES)
def test_only_the_documented_transitions_are_allowed(current: str, target: str) -> None:
    assert rules.can_transition(current, target) == ((current, target) in ALLOWED)


@pytest.mark.parametrize(
    ("current", "manual"),
    [
        (S.NEW, [S.CONTACTED, S.REFERRED_OUT, S.NOT_A_FIT, S.LOST]),
        (S.SCREENED, [S.REFERRED_OUT, S.NOT_A_FIT, S.LOST]),
        (S.ASSESSMENT_BOOKED, [S.REFERRED_OUT, S.NOT_A_FIT, S.LOST]),
        (S.ADMITTED, []),
        (S.LOST, [S.CONTACTED]),
    ],
)
def test_staff_may_not_move_an_inquiry_into_a_status_that_has_its_own_step(current: str, manual: list[str]) -> None:
    assert rules.manual_targets(current) == manual


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("(310) 555-0142", "3105550142"),
        ("310.555.0142", "3105550142"),
        ("1-310-555-0142", "3105550142"),
        ("+1 310 555 0142", "3105550142"),
        ("+44 20 7946 0958", "442079460958"),
        ("", ""),
    ],
)
def test_a_phone_number_is_compared_by_its_digits(raw: str, digits: str) -> None:
    assert rules.phone_digits(raw) == digits


def test_an_email_is_compared_trimmed_and_in_lower_case() -> None:
    assert rules.normal_email("  Jo.Doe@Example.COM ") == "jo.doe@example.com"


def _facts(**overrides: object) -> ScreeningFacts:
    values: dict[str, object] = {
        "cssrs_risk": "none",
        "phq2_positive": False,
        "auditc_positive": False,
        "dast10_positive": False,
        "scoff_positive": False,
        "withdrawal_seizures": False,
        "delirium_tremens": False,
        "days_since_last_use": 3,
        "available_hours_per_week": 12.0,
    }
    values.update(overrides)
    return ScreeningFacts(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("facts", "disposition"),
    [
        ({}, "book_assessment"),
        ({"cssrs_risk": "high"}, "emergency"),
        ({"cssrs_risk": "high", "withdrawal_seizures": True}, "emergency"),
        ({"cssrs_risk": "moderate"}, "book_assessment"),
        ({"cssrs_risk": None}, "book_assessment"),
        ({"withdrawal_seizures": True, "days_since_last_use": 0}, "refer_higher"),
        ({"delirium_tremens": True, "days_since_last_use": 7}, "refer_higher"),
        ({"delirium_tremens": True, "days_since_last_use": 8}, "book_assessment"),
        ({"withdrawal_seizures": True, "days_since_last_use": None}, "refer_higher"),
        ({"phq2_positive": True, "scoff_positive": True}, "book_assessment"),
    ],
)
def test_the_suggested_disposition_follows_the_rules_in_order(facts: dict[str, object], disposition: str) -> None:
    assert advise_disposition(_facts(**facts)).disposition == disposition


@pytest.mark.parametrize(
    ("facts", "flags"),
    [
        ({}, []),
        ({"cssrs_risk": "high"}, [rules.FLAG_SUICIDE_RISK_HIGH]),
        (
            {"cssrs_risk": "moderate", "phq2_positive": True},
            [rules.FLAG_SUICIDE_RISK_MODERATE, rules.FLAG_DEPRESSION_POSITIVE],
        ),
        ({"auditc_positive": True, "dast10_positive": True}, [rules.FLAG_ALCOHOL_POSITIVE, rules.FLAG_DRUG_POSITIVE]),
        ({"scoff_positive": True}, [rules.FLAG_EATING_POSITIVE]),
        ({"delirium_tremens": True, "days_since_last_use": 30}, [rules.FLAG_WITHDRAWAL_HISTORY]),
        ({"available_hours_per_week": 8.5}, [rules.FLAG_FEW_HOURS]),
        ({"available_hours_per_week": 9.0}, []),
        ({"available_hours_per_week": 6.0, "adolescent": True}, []),
    ],
)
def test_positive_screens_become_flags_for_the_assessing_clinician(facts: dict[str, object], flags: list[str]) -> None:
    assert advise_disposition(_facts(**facts)).flags == flags


@pytest.mark.parametrize(
    ("suggested", "chosen", "needs_note"),
    [
        ("emergency", "emergency", False),
        ("emergency", "refer_higher", True),
        ("emergency", "book_assessment", True),
        ("refer_higher", "book_assessment", True),
        ("refer_higher", "emergency", False),
        ("book_assessment", "refer_higher", False),
        ("book_assessment", "book_assessment", False),
    ],
)
def test_a_less_urgent_disposition_than_suggested_needs_a_note(suggested: str, chosen: str, needs_note: bool) -> None:
    assert rules.disposition_needs_note(suggested, chosen) == needs_note


@pytest.mark.parametrize(
    ("recommended", "decided", "reason", "cosign"),
    [
        ("2.1", "2.1", False, False),
        ("2.5", "2.1", True, False),
        ("1", "2.1", True, False),
        ("crisis", "2.1", True, True),
        ("3.7-WM", "2.1", True, True),
        ("2-WM", "2.1", True, True),
        ("3.7-WM", "3.7-WM", False, False),
        ("2-WM", "2.5", True, False),
        ("2.1", "1", True, False),
    ],
)
def test_a_differing_decision_needs_a_reason_and_iop_against_crisis_or_withdrawal_a_cosignature(
    recommended: str, decided: str, reason: bool, cosign: bool
) -> None:
    assert rules.decision_needs_reason(recommended, decided) == reason
    assert rules.cosignature_required(recommended, decided) == cosign
