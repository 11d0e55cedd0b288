"""Every intake page and API operation, for every member of the cast (see tests/access.py).

Decisions: the pipeline (board, new inquiry, status, calls, follow-ups, screening, conversion,
booking) is for intake coordinators and directors. Clinicians read only the inquiries of the
assessments booked with them; medical staff read every inquiry of their sites. Assessments are
client records: who may open one follows ``accounts.policy`` (the booked clinician joins the
care team). Billing, auditors and clients have no intake pages; the get-help page is public.
"""

from conftest import Cast
from openiop.intake.tests import factories as f
from tests.access import ApiCase, Case, row

PIPELINE_PAGE = row("403", anonymous="login", dana="ok", ivan="ok")
# An inquiry of site A with no assessment: intake, directors and medical staff of site A see it.
INQUIRY_PAGE = row("403", anonymous="login", dana="ok", ivan="ok", mel="ok", alice="404", bob="404", carol="404")
INQUIRY_WRITE = row("403", anonymous="login", dana="ok", ivan="ok")
INQUIRY_POST = row("403", anonymous="login", dana="422", ivan="422")
# An assessment booked with Alice for a client not yet admitted.
ASSESSMENT_PAGE = row("403", anonymous="login", dana="ok", alice="ok", ivan="ok", mel="ok", bob="404", carol="404")
ASSESSMENT_EDIT = row("403", anonymous="login", dana="ok", alice="ok", mel="ok", bob="404", carol="404")


def _inquiry(c: Cast) -> int:
    return int(f.once(c, "inquiry", f.inquiry).pk)


def _screened(c: Cast) -> int:
    def make(cast: Cast) -> object:
        target = f.inquiry(cast, name="Sam Screened", phone="(213) 555-0111")
        f.screen(cast, target)
        return target

    return int(f.once(c, "screened", make).pk)


def _screening(c: Cast) -> int:
    return int(f.once(c, "screening", lambda cast: f.screen(cast, f.inquiry(cast, phone="(213) 555-0112"))).pk)


def _follow_up(c: Cast) -> int:
    import datetime as dt

    from django.utils import timezone

    from openiop.intake import services

    def make(cast: Cast) -> object:
        target = f.inquiry(cast, phone="(213) 555-0113")
        return services.follow_up_create(
            actor=cast.ivan, inquiry=target, due_at=timezone.now() + dt.timedelta(hours=2), what="Call back"
        )

    return int(f.once(c, "follow_up", make).pk)


def _booked(c: Cast) -> int:
    return int(f.once(c, "booked", f.booked).pk)


def _signed_wm(c: Cast) -> int:
    """Signed with CIWA-Ar 22 (recommendation 3.7-WM) and an IOP decision with a reason: needs co-signing."""
    return int(
        f.once(c, "signed_wm", lambda cast: f.signed(cast, ciwa_total=22, decided="2.1", reason="Supports at home")).pk
    )


def _signed_iop(c: Cast) -> int:
    return int(f.once(c, "signed_iop", f.signed).pk)


URL_TABLE: dict[str, Case] = {
    "intake:get_help": ("GET", lambda c: "/intake/get-help", row("ok")),
    "intake:get_help_thanks": ("GET", lambda c: "/intake/get-help/thanks", row("ok")),
    "intake:board": ("GET", lambda c: "/intake/", PIPELINE_PAGE),
    "intake:inquiry_list": (
        "GET",
        lambda c: "/intake/inquiries/",
        row("403", anonymous="login", dana="ok", alice="ok", bob="ok", carol="ok", ivan="ok", mel="ok"),
    ),
    "intake:inquiry_create": ("GET", lambda c: "/intake/inquiries/new/", PIPELINE_PAGE),
    "intake:inquiry_detail": ("GET", lambda c: f"/intake/inquiries/{_inquiry(c)}/", INQUIRY_PAGE),
    "intake:inquiry_edit": ("GET", lambda c: f"/intake/inquiries/{_inquiry(c)}/edit/", INQUIRY_WRITE),
    "intake:inquiry_transition": ("POST", lambda c: f"/intake/inquiries/{_inquiry(c)}/status", INQUIRY_POST),
    "intake:call_create": ("POST", lambda c: f"/intake/inquiries/{_inquiry(c)}/calls", INQUIRY_POST),
    "intake:follow_up_create": ("POST", lambda c: f"/intake/inquiries/{_inquiry(c)}/follow-ups", INQUIRY_POST),
    "intake:inquiry_convert": ("GET", lambda c: f"/intake/inquiries/{_inquiry(c)}/convert/", INQUIRY_WRITE),
    # Linking a true duplicate to an existing client: the site's director only (staff_required: 403).
    "intake:inquiry_link": (
        "GET",
        lambda c: f"/intake/inquiries/{_inquiry(c)}/link/",
        row("403", anonymous="login", dana="ok"),
    ),
    "intake:screening_create": ("GET", lambda c: f"/intake/inquiries/{_inquiry(c)}/screening/", INQUIRY_WRITE),
    "intake:assessment_book": ("GET", lambda c: f"/intake/inquiries/{_screened(c)}/book/", INQUIRY_WRITE),
    "intake:follow_up_done": ("POST", lambda c: f"/intake/follow-ups/{_follow_up(c)}/done", INQUIRY_WRITE),
    "intake:screening_detail": ("GET", lambda c: f"/intake/screenings/{_screening(c)}/", INQUIRY_PAGE),
    "intake:assessment_list": (
        "GET",
        lambda c: "/intake/assessments/",
        row("403", anonymous="login", dana="ok", alice="ok", bob="ok", carol="ok", ivan="ok", mel="ok"),
    ),
    "intake:assessment_detail": ("GET", lambda c: f"/intake/assessments/{_booked(c)}/", ASSESSMENT_PAGE),
    "intake:assessment_edit": ("GET", lambda c: f"/intake/assessments/{_booked(c)}/edit/", ASSESSMENT_EDIT),
    "intake:assessment_recommendation": (
        "POST",
        lambda c: f"/intake/assessments/{_booked(c)}/recommendation",
        ASSESSMENT_EDIT,
    ),
    "intake:assessment_sign": (
        "POST",
        lambda c: f"/intake/assessments/{_booked(c)}/sign",
        row("403", anonymous="login", dana="422", alice="422", bob="404", carol="404"),
    ),
    "intake:assessment_cosign": (
        "POST",
        lambda c: f"/intake/assessments/{_signed_wm(c)}/cosign",
        row("403", anonymous="login", mel="422"),
    ),
    "intake:assessment_cancel": (
        "POST",
        lambda c: f"/intake/assessments/{_booked(c)}/cancel",
        row("403", anonymous="login", dana="422", alice="422", ivan="422", bob="404", carol="404"),
    ),
    "intake:assessment_admit": (
        "GET",
        lambda c: f"/intake/assessments/{_signed_iop(c)}/admit/",
        row("403", anonymous="login", dana="ok", alice="ok", bob="404", carol="404"),
    ),
}

API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("GET", "/api/v1/inquiries"): (
        lambda c: "/api/v1/inquiries",
        None,
        row("ok", anonymous="401", bill="403", ava="403", erin="403", frank="403"),
    ),
    ("POST", "/api/v1/placement/recommend"): (
        lambda c: "/api/v1/placement/recommend",
        {
            "population": "adult",
            "ciwa_ar": 6,
            "cows": None,
            "cssrs_risk": "low",
            "dimensions": {"1": 1, "2": 0, "3": 2, "4": 1, "5": 2, "6": 1},
            "available_hours_per_week": 12,
        },
        row("ok", anonymous="401", bill="403", ava="403", erin="403", frank="403"),
    ),
}
