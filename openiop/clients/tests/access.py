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
