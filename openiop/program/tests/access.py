from conftest import Cast
from openiop.program import services
from openiop.program.models import SessionEnrollment
from openiop.program.tests.world import world_for
from tests.access import ApiCase, Case, row


def _erin_enrolled(c: Cast) -> str:
    """Erin on Wednesday's roster, and the URL that takes her off it."""
    world = world_for(c)
    if not SessionEnrollment.objects.filter(session=world.wednesday, client=c.erin).exists():
        services.enrollment_add(actor=c.dana, session=world.wednesday, client=c.erin)
    return f"/api/v1/sessions/{world.wednesday.pk}/enrollments/{c.erin.pk}"


# Program design: directors write, clinicians read (design, "Who uses it"); Carol's site is B.
READ = row("403", anonymous="login", dana="ok", alice="ok", bob="ok", carol="ok")
DIRECTOR_ONLY = row("403", anonymous="login", dana="ok")
# Rosters: any clinical role at the session's site opens the session (seeing only the clients
# their role allows); another site's staff get 404.
SESSION = row("ok", anonymous="login", carol="404", ava="403", erin="403", frank="403")

URL_TABLE: dict[str, Case] = {
    "program:home": ("GET", lambda c: "/program/", READ),
    "program:modules": ("GET", lambda c: "/program/modules/", READ),
    "program:week": (
        "GET",
        lambda c: f"/program/week/?week=2026-12-07&site={c.site_a.pk}",
        row("403", anonymous="login", dana="ok", alice="ok", bob="ok", carol="404"),
    ),
    "program:track_create": ("GET", lambda c: "/program/tracks/new/", DIRECTOR_ONLY),
    "program:track_edit": (
        "GET",
        lambda c: f"/program/tracks/{world_for(c).mornings.pk}/edit/",
        row("403", anonymous="login", dana="ok"),
    ),
    "program:room_create": ("GET", lambda c: "/program/rooms/new/", DIRECTOR_ONLY),
    "program:series_create": ("GET", lambda c: "/program/series/new/", DIRECTOR_ONLY),
    "program:session": ("GET", lambda c: f"/program/sessions/{world_for(c).monday.pk}/", SESSION),
    "program:session_move": (
        "GET",
        lambda c: f"/program/sessions/{world_for(c).monday.pk}/move/",
        row("403", anonymous="login", dana="ok"),
    ),
    # POST-only: the table posts {"language": "en"}; a cancellation needs a reason, so nothing changes.
    "program:session_cancel": (
        "POST",
        lambda c: f"/program/sessions/{world_for(c).monday.pk}/cancel/",
        row("403", anonymous="login", dana="422"),
    ),
    "program:session_roster": (
        "POST",
        lambda c: f"/program/sessions/{world_for(c).monday.pk}/roster/",
        row("403", anonymous="login", dana="422", alice="422", carol="404", ava="403"),
    ),
    "program:staff_hours": (
        "GET",
        lambda c: f"/program/staff/{c.alice.pk}/hours/?site={c.site_a.pk}",
        row("403", anonymous="login", dana="ok", alice="ok", carol="404"),
    ),
}

API_READ = row("403", anonymous="401", dana="ok", alice="ok", bob="ok", carol="ok")
ROSTER = row("ok", anonymous="401", carol="404", ava="403", erin="403", frank="403")

API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("GET", "/api/v1/tracks"): (lambda c: "/api/v1/tracks", None, API_READ),
    ("GET", "/api/v1/modules"): (lambda c: "/api/v1/modules", None, API_READ),
    ("GET", "/api/v1/sessions"): (lambda c: "/api/v1/sessions?week=2026-12-07", None, API_READ),
    ("GET", "/api/v1/sessions/{session_id}"): (
        lambda c: f"/api/v1/sessions/{world_for(c).monday.pk}",
        None,
        row("403", anonymous="401", dana="ok", alice="ok", bob="ok", carol="404"),
    ),
    ("GET", "/api/v1/sessions/{session_id}/roster"): (
        lambda c: f"/api/v1/sessions/{world_for(c).monday.pk}/roster",
        None,
        ROSTER,
    ),
    # Alice facilitates Monday and Erin is hers; Bob and Ivan may not see Erin; billing and
    # medical see her but do not run groups.
    ("POST", "/api/v1/sessions/{session_id}/enrollments"): (
        lambda c: f"/api/v1/sessions/{world_for(c).monday.pk}/enrollments",
        {"client_id": "ERIN"},
        row("403", anonymous="401", dana="ok", alice="ok", bob="404", carol="404", ivan="404"),
    ),
    ("DELETE", "/api/v1/sessions/{session_id}/enrollments/{client_id}"): (
        _erin_enrolled,
        None,
        row("403", anonymous="401", dana="ok", alice="ok", bob="404", carol="404", ivan="404"),
    ),
    ("POST", "/api/v1/sessions/{session_id}/cancel"): (
        lambda c: f"/api/v1/sessions/{world_for(c).monday.pk}/cancel",
        {"reason": "Holiday"},
        row("403", anonymous="401", dana="ok", carol="404"),
    ),
}
