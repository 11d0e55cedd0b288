from openiop.program.tests.world import world_for
from openiop.scheduling.tests.plans import run_for
from tests.access import ApiCase, Case, row

READ = row("403", anonymous="login", dana="ok", alice="ok", bob="ok", carol="ok")
RUN = row("403", anonymous="login", dana="ok", alice="ok", bob="ok", carol="404")
# A bogus token: no feed, for everyone (the feed URL needs no login; the token is the key).
NO_FEED = row("404")

URL_TABLE: dict[str, Case] = {
    "scheduling:week": ("GET", lambda c: "/scheduling/", READ),
    # POST-only pages get {"language": "en"}: no week, so nothing is planned, moved or created.
    "scheduling:plan": ("POST", lambda c: "/scheduling/plan/", row("403", anonymous="login", dana="422")),
    "scheduling:run": ("GET", lambda c: f"/scheduling/runs/{run_for(world_for(c)).pk}/", RUN),
    "scheduling:run_move": (
        "POST",
        lambda c: f"/scheduling/runs/{run_for(world_for(c)).pk}/move/",
        row("403", anonymous="login", dana="422"),
    ),
    "scheduling:run_accept": (
        "POST",
        lambda c: f"/scheduling/runs/{run_for(world_for(c)).pk}/accept/",
        row("403", anonymous="login", dana="ok"),  # accepted (a redirect back to the plan)
    ),
    "scheduling:client_availability": (
        "GET",
        lambda c: f"/scheduling/clients/{c.erin.pk}/availability/",
        row("ok", anonymous="login", bob="404", carol="404", ivan="404", ava="403", erin="403", frank="403"),
    ),
    "scheduling:client_feed": (
        "POST",
        lambda c: f"/scheduling/clients/{c.erin.pk}/calendar/",
        row("403", anonymous="login", dana="422", alice="422", bob="404", carol="404", ivan="404"),
    ),
    "scheduling:my_calendar": (
        "GET",
        lambda c: "/scheduling/my-calendar/",
        row("ok", anonymous="login", ava="403", erin="403", frank="403"),
    ),
    "scheduling:feed": ("GET", lambda c: "/scheduling/feeds/not-a-real-token.ics", NO_FEED),
}

API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("POST", "/api/v1/plan-runs"): (
        lambda c: "/api/v1/plan-runs",
        {"site_id": "SITE_A", "week": "2026-12-07", "time_limit_s": 1},
        row("403", anonymous="401", dana="ok"),
    ),
    ("GET", "/api/v1/plan-runs/{run_id}"): (
        lambda c: f"/api/v1/plan-runs/{run_for(world_for(c)).pk}",
        None,
        row("403", anonymous="401", dana="ok", alice="ok", bob="ok", carol="404"),
    ),
    ("POST", "/api/v1/plan-runs/{run_id}/accept"): (
        lambda c: f"/api/v1/plan-runs/{run_for(world_for(c)).pk}/accept",
        None,
        row("403", anonymous="401", dana="ok", carol="404"),
    ),
    ("GET", "/api/v1/clients/{client_id}/availability"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}/availability",
        None,
        row("ok", anonymous="401", bob="404", carol="404", ivan="404", ava="403", erin="403", frank="403"),
    ),
    ("PUT", "/api/v1/clients/{client_id}/availability"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}/availability",
        {"windows": [{"weekday": 0, "start_time": "08:00", "end_time": "13:00", "kind": "available"}]},
        row("404", anonymous="401", dana="ok", alice="ok", bill="403", mel="403", erin="403"),
    ),
}
