"""Access rows of the alumni follow-ups (gathered by ``access.py``)."""

from openiop.clients.tests import stay_factories as f
from tests.access import ApiCase, Case, row

FOLLOWUP = row("403", anonymous="login", dana="ok", alice="ok", bob="404", carol="404")
FOLLOWUP_POST = row("403", anonymous="login", dana="422", alice="422", bob="404", carol="404")  # empty form
API_FOLLOWUP = row("403", anonymous="401", dana="ok", alice="ok", bob="404", carol="404", ivan="404", ava="404",
                   erin="404", frank="404")  # fmt: skip

URL_TABLE: dict[str, Case] = {
    "followups:due": (
        "GET",
        lambda c: "/aftercare/followups/",
        row("403", anonymous="login", dana="ok", alice="ok", bob="ok", carol="ok"),
    ),
    "followups:detail": ("GET", lambda c: f"/aftercare/followups/{f.followup(c).pk}/", FOLLOWUP),
    "followups:attempt": ("POST", lambda c: f"/aftercare/followups/{f.followup(c).pk}/attempts/", FOLLOWUP_POST),
    "followups:check": ("POST", lambda c: f"/aftercare/followups/{f.followup(c).pk}/check/", FOLLOWUP_POST),
    "followups:close": ("POST", lambda c: f"/aftercare/followups/{f.followup(c).pk}/close/", FOLLOWUP_POST),
    "followups:readmit": ("POST", lambda c: f"/aftercare/followups/{f.followup(c).pk}/readmit/", FOLLOWUP_POST),
}

API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("GET", "/api/v1/followups"): (
        lambda c: "/api/v1/followups",
        None,
        row("403", anonymous="401", dana="ok", alice="ok", bob="ok", carol="ok"),
    ),
    ("GET", "/api/v1/followups/{followup_id}"): (lambda c: f"/api/v1/followups/{f.followup(c).pk}", None, API_FOLLOWUP),
    ("POST", "/api/v1/followups/{followup_id}/attempts"): (
        lambda c: f"/api/v1/followups/{f.followup(c).pk}/attempts",
        {"method": "phone", "outcome": "no_answer"},
        API_FOLLOWUP,
    ),
    ("POST", "/api/v1/followups/{followup_id}/check"): (
        lambda c: f"/api/v1/followups/{f.followup(c).pk}/check",
        {"phq9": [0, 0, 0, 0, 0, 0, 0, 0, 0]},
        API_FOLLOWUP,
    ),
    ("POST", "/api/v1/followups/{followup_id}/close"): (
        lambda c: f"/api/v1/followups/{f.followup(c).pk}/close",
        {"alumni_status": "in_recovery"},
        API_FOLLOWUP,
    ),
    ("POST", "/api/v1/followups/{followup_id}/readmit"): (
        lambda c: f"/api/v1/followups/{f.followup(c).pk}/readmit",
        {"admission_date": "2026-11-20", "reason": "Relapse", "evidence_text": "Reassessed"},
        API_FOLLOWUP,
    ),
}
