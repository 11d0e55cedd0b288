from tests.access import STAFF_PAGE, ApiCase, Case, row

URL_TABLE: dict[str, Case] = {
    "clients:list": ("GET", lambda c: "/clients/", STAFF_PAGE),
    "clients:create": (
        "GET",
        lambda c: "/clients/new/",
        row("ok", anonymous="login", bill="403", mel="403", ava="403", erin="403", frank="403"),
    ),
    "clients:detail": (
        "GET",
        lambda c: f"/clients/{c.erin.pk}/",
        row("ok", anonymous="login", bob="404", carol="404", ivan="404", ava="403", erin="403", frank="403"),
    ),
    "clients:edit": (
        "GET",
        lambda c: f"/clients/{c.erin.pk}/edit/",
        row("403", anonymous="login", dana="ok", alice="ok", bob="404", carol="404", ivan="404"),
    ),
}

API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("GET", "/api/v1/clients"): (
        lambda c: "/api/v1/clients",
        None,
        row("ok", anonymous="401", ava="403", erin="403", frank="403"),
    ),
    ("POST", "/api/v1/clients"): (
        lambda c: "/api/v1/clients",
        {
            "site_id": "SITE_A",
            "legal_first_name": "New",
            "legal_last_name": "Person",
            "date_of_birth": "1988-02-03",
            "sex_assigned_at_birth": "male",
        },
        row("403", anonymous="401", dana="ok", alice="ok", bob="ok", ivan="ok"),
    ),
    ("GET", "/api/v1/clients/{client_id}"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}",
        None,
        row("ok", anonymous="401", bob="404", carol="404", ivan="404", ava="404", frank="404"),
    ),
    ("PATCH", "/api/v1/clients/{client_id}"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}",
        {"pronouns": "she/they"},
        row("404", anonymous="401", dana="ok", alice="ok", bill="403", mel="403", erin="403"),
    ),
    ("GET", "/api/v1/clients/{client_id}/episodes"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}/episodes",
        None,
        row("ok", anonymous="401", bob="404", carol="404", ivan="404", ava="404", frank="404"),
    ),
}


# ---------------------------------------------------------------- the stay (issue 12)
from conftest import Cast  # noqa: E402
from openiop.clients.tests import stay_factories as f  # noqa: E402

SEEN_BY_ERIN_TEAM = row("ok", anonymous="login", bob="404", carol="404", ivan="404", ava="403", erin="403", frank="403")
CHANGE_ERIN = row("403", anonymous="login", dana="ok", alice="ok", bob="404", carol="404", ivan="404")
MANAGE_ERIN = row(
    "403", anonymous="login", dana="ok", alice="ok", bob="404", carol="404", erin="403", frank="403"
)  # ivan, bill, mel, ava: no treating role → 403
API_SEEN = row("ok", anonymous="401", bob="404", carol="404", ivan="404", ava="404", frank="404")
API_MANAGE = row(
    "403", anonymous="401", dana="ok", alice="ok", bob="404", carol="404", ivan="404", ava="404", frank="404"
)
API_CHANGE = row(
    "403", anonymous="401", dana="ok", alice="ok", bob="404", carol="404", ivan="404", ava="404", frank="404"
)
API_NORA = row(
    "403",
    anonymous="401",
    dana="ok",
    alice="ok",
    bob="404",
    carol="404",
    ivan="404",
    ava="404",
    erin="404",
    frank="404",
)
STAY_STAFF = row("403", anonymous="login", dana="ok", alice="ok", bob="ok", carol="ok")


def _ep(c: Cast) -> str:
    return f"/api/v1/clients/{c.erin.pk}/episodes/{f.erin_episode(c).pk}"


def _contact_api(c: Cast) -> str:
    return f"/api/v1/clients/{c.erin.pk}/support-contacts/{f.contact(c).pk}"


URL_TABLE.update(
    {
        "clients:support": ("GET", lambda c: f"/clients/{c.erin.pk}/support/", SEEN_BY_ERIN_TEAM),
        "clients:support_edit": ("GET", lambda c: f"/clients/{c.erin.pk}/support/{f.contact(c).pk}/", CHANGE_ERIN),
        "clients:support_retire": (
            "POST",
            lambda c: f"/clients/{c.erin.pk}/support/{f.contact(c).pk}/retire/",
            CHANGE_ERIN,
        ),
        "clients:family_attendees": (
            "GET",
            lambda c: f"/clients/family-sessions/{f.family_note(c).pk}/attendees/",
            MANAGE_ERIN,
        ),
        "clients:episode": ("GET", lambda c: f"/clients/episodes/{f.erin_episode(c).pk}/", SEEN_BY_ERIN_TEAM),
        "clients:episode_step": ("GET", lambda c: f"/clients/episodes/{f.erin_episode(c).pk}/step/", MANAGE_ERIN),
        "clients:episode_prescription": (
            "GET",
            lambda c: f"/clients/episodes/{f.erin_episode(c).pk}/prescription/",
            MANAGE_ERIN,
        ),
        "clients:episode_transfer": (
            "GET",
            lambda c: f"/clients/episodes/{f.erin_episode(c).pk}/transfer/",
            MANAGE_ERIN,
        ),
        "clients:episode_discharge": (
            "GET",
            lambda c: f"/clients/episodes/{f.erin_episode(c).pk}/discharge/",
            MANAGE_ERIN,
        ),
        "clients:episode_readmit": (
            "GET",
            lambda c: f"/clients/episodes/{f.past_episode(c).pk}/readmit/",
            row("403", anonymous="login", dana="ok", alice="ok", bob="404", carol="404"),
        ),
        "clients:discharge_summary_pdf": (
            "GET",
            lambda c: f"/clients/episodes/{f.signed_summary(c).episode_id}/summary.pdf",
            row(
                "ok",
                anonymous="login",
                bob="404",
                carol="404",
                ivan="404",
                bill="403",
                ava="403",
                erin="403",
                frank="403",
            ),
        ),
        "clients:discharge_proposals": ("GET", lambda c: "/clients/discharge-proposals/", STAY_STAFF),
    }
)

API_TABLE.update(
    {
        ("GET", "/api/v1/clients/{client_id}/episodes/{episode_id}/transitions"): (
            lambda c: f"{_ep(c)}/transitions",
            None,
            API_SEEN,
        ),
        ("POST", "/api/v1/clients/{client_id}/episodes/{episode_id}/step"): (
            lambda c: f"{_ep(c)}/step",
            {
                "to_level": "1",
                "effective_date": "2026-11-20",
                "reason": "Stable",
                "prescribed_hours": 6,
                "evidence_text": "Continued-stay review",
            },
            API_MANAGE,
        ),
        ("POST", "/api/v1/clients/{client_id}/episodes/{episode_id}/prescription"): (
            lambda c: f"{_ep(c)}/prescription",
            {"prescribed_hours": 15, "effective_date": "2026-11-23", "reason": "More support"},
            API_MANAGE,
        ),
        ("POST", "/api/v1/clients/{client_id}/episodes/{episode_id}/transfer"): (
            lambda c: f"{_ep(c)}/transfer",
            {"to_site_id": "SITE_B", "effective_date": "2026-11-20", "reason": "Moved"},
            {**API_MANAGE, "dana": "422", "alice": "403"},  # only the director transfers; a site B clinician is needed
        ),
        ("POST", "/api/v1/clients/{client_id}/episodes/{episode_id}/discharge"): (
            lambda c: f"{_ep(c)}/discharge",
            {"discharge_date": "2026-11-25", "teds_reason": 1, "reason": "Completed"},
            API_MANAGE,
        ),
        ("POST", "/api/v1/clients/{client_id}/episodes/{episode_id}/readmit"): (
            lambda c: f"/api/v1/clients/{c.nora.pk}/episodes/{f.past_episode(c).pk}/readmit",
            {"admission_date": "2026-11-20", "reason": "Relapse", "evidence_text": "Reassessed"},
            API_NORA,
        ),
        ("GET", "/api/v1/clients/{client_id}/support-contacts"): (
            lambda c: f"/api/v1/clients/{c.erin.pk}/support-contacts",
            None,
            API_SEEN,
        ),
        ("POST", "/api/v1/clients/{client_id}/support-contacts"): (
            lambda c: f"/api/v1/clients/{c.erin.pk}/support-contacts",
            {"name": "Sam Castillo", "relationship": "brother"},
            API_CHANGE,
        ),
        ("PATCH", "/api/v1/clients/{client_id}/support-contacts/{contact_id}"): (
            _contact_api,
            {"phone": "(310) 555-0100"},
            API_CHANGE,
        ),
        ("POST", "/api/v1/clients/{client_id}/support-contacts/{contact_id}/retire"): (
            lambda c: f"{_contact_api(c)}/retire",
            {"reason": "Moved away"},
            API_CHANGE,
        ),
        ("POST", "/api/v1/clients/{client_id}/support-contacts/{contact_id}/disclosures"): (
            lambda c: f"{_contact_api(c)}/disclosures",
            {"consent_id": 2_000_000_000, "purpose": "family_involvement", "records": ["demographics"]},
            {**API_MANAGE, "dana": "422", "alice": "422"},  # no consent names Jo: refused
        ),
        ("PUT", "/api/v1/clients/family-sessions/{note_id}/attendees"): (
            lambda c: f"/api/v1/clients/family-sessions/{f.family_note(c).pk}/attendees",
            {"contact_ids": []},
            API_MANAGE,
        ),
        ("GET", "/api/v1/clients/episodes/discharge-proposals"): (
            lambda c: "/api/v1/clients/episodes/discharge-proposals",
            None,
            row("403", anonymous="401", dana="ok", alice="ok", bob="ok", carol="ok"),
        ),
    }
)
