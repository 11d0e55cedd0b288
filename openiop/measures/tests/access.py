from django.utils import timezone

from conftest import Cast
from openiop.measures.models import Alert, AlertKind, AlertSeverity
from tests.access import ApiCase, Case, row


def _erin_alert(c: Cast) -> int:
    """An open alert on Erin's chart (Alice's client at site A)."""
    alert = Alert.objects.filter(client=c.erin).first() or Alert.objects.create(
        client=c.erin,
        site=c.site_a,
        kind=AlertKind.SUICIDAL_IDEATION,
        severity=AlertSeverity.HIGH,
        summary="PHQ-9 item 9 answered 1 — Several days.",
        assigned_to=c.alice,
        opened_at=timezone.now(),
    )
    return alert.pk


# Recording needs a recording role at the client's site and sight of the client: Bob, Carol and
# Ivan cannot see Erin (not theirs; already admitted), Bill may see her but not record.
RECORDING = row(
    "ok", anonymous="login", bob="404", carol="404", ivan="404", bill="403", ava="403", erin="403", frank="403"
)

URL_TABLE: dict[str, Case] = {
    "measures:record-choose": ("GET", lambda c: f"/measures/clients/{c.erin.pk}/record/", RECORDING),
    "measures:record": ("GET", lambda c: f"/measures/clients/{c.erin.pk}/record/phq9/", RECORDING),
    "measures:alert-close": ("GET", lambda c: f"/measures/alerts/{_erin_alert(c)}/close/", RECORDING),
}

STAFF_API = row("ok", anonymous="401", ava="403", erin="403", frank="403")
ERIN_MEASURES_API = row(
    "ok", anonymous="401", bob="404", carol="404", ivan="404", bill="403", ava="404", erin="403", frank="403"
)

API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("GET", "/api/v1/instruments"): (lambda c: "/api/v1/instruments", None, STAFF_API),
    ("POST", "/api/v1/instruments/{code}/score"): (
        lambda c: "/api/v1/instruments/phq9/score",
        {"answers": [1, 1, 1, 1, 1, 1, 1, 1, 0]},
        STAFF_API,
    ),
    ("GET", "/api/v1/clients/{client_id}/administrations"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}/administrations",
        None,
        ERIN_MEASURES_API,
    ),
    ("POST", "/api/v1/clients/{client_id}/administrations"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}/administrations",
        {"instrument": "gad7", "answers": [1, 1, 1, 0, 0, 0, 0]},
        ERIN_MEASURES_API,
    ),
}
