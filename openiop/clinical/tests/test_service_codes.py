import pytest

from openiop.clinical.service_codes import suggest_code


@pytest.mark.parametrize(
    ("kind", "minutes", "code"),
    [
        ("individual", 0, None),
        ("individual", 15, None),
        ("individual", 16, "90832"),
        ("individual", 37, "90832"),
        ("individual", 38, "90834"),
        ("individual", 52, "90834"),
        ("individual", 53, "90837"),
        ("individual", 120, "90837"),
        ("family", 15, None),
        ("family", 16, "90832"),
        ("family", 38, "90834"),
        ("family", 53, "90837"),
        ("group", 10, "90853"),
        ("group", 90, "90853"),
        ("case_management", 45, None),
        ("case_management", 60, None),
    ],
)
def test_the_suggested_code_follows_the_duration_at_every_boundary(kind: str, minutes: int, code: str | None) -> None:
    """ref §7: 90832 = 16–37 min; 90834 = 38–52 min; 90837 = ≥53 min; group 90853 is not time-based."""
    assert suggest_code(kind, minutes) == code
