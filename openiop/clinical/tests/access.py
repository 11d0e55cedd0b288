"""Every page and API operation of the clinical app, for every member of the cast."""

from conftest import Cast
from openiop.clinical.models import Note, SafetyPlan, TreatmentPlan
from openiop.program.models import GroupSession
from tests.access import ApiCase, Case, row

W = row("403", anonymous="login", dana="ok", alice="ok", bob="404", carol="404")  # write pages about Erin
R = row("ok", anonymous="login", bob="404", carol="404", ivan="404", bill="403", ava="403", erin="403", frank="403")
SESSION = row("403", anonymous="login", dana="ok", alice="ok", carol="404")  # Alice facilitates; Bob does not


def _session(c: Cast) -> int:
    from openiop.clinical.tests.conftest import make_session

    existing = GroupSession.objects.filter(site=c.site_a).first()
    return (existing or make_session(c, clients=[c.erin])).pk


def _draft(c: Cast) -> int:
    from openiop.clinical.tests.conftest import draft_note

    existing = Note.objects.filter(client=c.erin, status="draft").first()
    return (existing or draft_note(c)).pk


def _signed(c: Cast) -> int:
    from openiop.clinical.tests.conftest import signed_note

    existing = Note.objects.filter(client=c.erin, status="signed").first()
    return (existing or signed_note(c)).pk


def _plan(c: Cast) -> int:
    existing = TreatmentPlan.objects.filter(client=c.erin).first()
    if existing is None:
        import datetime as dt

        existing = TreatmentPlan.objects.create(
            client=c.erin, site=c.site_a, created_by=c.alice, effective_on=dt.date(2026, 11, 2)
        )
    return existing.pk


def _safety(c: Cast) -> int:
    existing = SafetyPlan.objects.filter(client=c.erin).first()
    if existing is None:
        from django.utils import timezone

        existing = SafetyPlan.objects.create(
            client=c.erin,
            site=c.site_a,
            version=1,
            warning_signs="w",
            internal_coping="i",
            distractions="d",
            help_contacts="h",
            environment="e",
            created_by=c.alice,
            created_at=timezone.now(),
        )
    return existing.pk


URL_TABLE: dict[str, Case] = {
    "clinical:session_attendance": ("GET", lambda c: f"/clinical/sessions/{_session(c)}/attendance/", SESSION),
    "clinical:session_dropin": ("POST", lambda c: f"/clinical/sessions/{_session(c)}/drop-in/", SESSION),
    "clinical:group_note": ("GET", lambda c: f"/clinical/sessions/{_session(c)}/note/", SESSION),
    # An empty POST: who may save is decided first; those who may get the formset's 422.
    "clinical:group_note_autosave": (
        "POST",
        lambda c: f"/clinical/sessions/{_session(c)}/note/draft/",
        {**SESSION, "dana": "422", "alice": "422"},
    ),
    "clinical:note_list": (
        "GET",
        lambda c: "/clinical/notes/",
        row("ok", anonymous="login", bill="403", ava="403", erin="403", frank="403"),
    ),
    "clinical:note_detail": ("GET", lambda c: f"/clinical/notes/{_draft(c)}/", R),
    "clinical:note_edit": ("GET", lambda c: f"/clinical/notes/{_draft(c)}/edit/", {**W, "dana": "403"}),
    "clinical:note_addendum": (
        "POST",
        lambda c: f"/clinical/notes/{_signed(c)}/addenda/",
        {**W, "dana": "422", "alice": "422"},
    ),
    "clinical:note_cosign": ("POST", lambda c: f"/clinical/notes/{_signed(c)}/cosign/", W),
    "clinical:note_create": ("GET", lambda c: f"/clinical/clients/{c.erin.pk}/notes/new/", W),
    "clinical:plan": ("GET", lambda c: f"/clinical/clients/{c.erin.pk}/plan/", R),
    "clinical:plan_edit": ("POST", lambda c: f"/clinical/plans/{_plan(c)}/", W),
    "clinical:screens": ("GET", lambda c: f"/clinical/clients/{c.erin.pk}/screens/", R),
    "clinical:medications": (
        "POST",
        lambda c: f"/clinical/clients/{c.erin.pk}/medications/",
        {**W, "dana": "422", "alice": "422", "mel": "422"},
    ),
    "clinical:safety_plan": (
        "GET",
        lambda c: f"/clinical/clients/{c.erin.pk}/safety-plan/",
        {**R, "erin": "ok", "frank": "404"},
    ),
    "clinical:safety_plan_edit": ("GET", lambda c: f"/clinical/clients/{c.erin.pk}/safety-plan/edit/", W),
    "clinical:safety_plan_sign": ("POST", lambda c: f"/clinical/safety-plans/{_safety(c)}/sign/", W),
    "clinical:safety_plan_print": (
        "GET",
        lambda c: f"/clinical/safety-plans/{_safety(c)}/print/",
        {**R, "erin": "ok", "frank": "404"},
    ),
}

API_R = row("ok", anonymous="401", bob="404", carol="404", ivan="404", bill="403", ava="403", erin="403", frank="403")
API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("GET", "/api/v1/notes"): (
        lambda c: "/api/v1/notes",
        None,
        row("ok", anonymous="401", bill="403", ava="403", erin="403", frank="403"),
    ),
    ("GET", "/api/v1/notes/{note_id}"): (lambda c: f"/api/v1/notes/{_draft(c)}", None, API_R),
    ("PATCH", "/api/v1/notes/{note_id}"): (
        lambda c: f"/api/v1/notes/{_draft(c)}",
        {"service_code": "90837"},
        {**API_R, "dana": "403", "mel": "403"},
    ),
    ("POST", "/api/v1/notes/{note_id}/sign"): (
        lambda c: f"/api/v1/notes/{_draft(c)}/sign",
        {"password": "not-the-password"},
        {**API_R, "dana": "403", "alice": "422", "mel": "403"},
    ),
    ("POST", "/api/v1/notes/{note_id}/addenda"): (
        lambda c: f"/api/v1/notes/{_signed(c)}/addenda",
        {"text": "Correction: the session ended at 10:40.", "password": "not-the-password"},
        {**API_R, "dana": "422", "alice": "422", "mel": "403"},
    ),
}
