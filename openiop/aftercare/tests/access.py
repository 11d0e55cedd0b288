"""Every page of the aftercare app, for every member of the cast (no API operations yet)."""

import datetime as dt

from django.utils import timezone

from conftest import Cast
from openiop.aftercare.models import AftercarePlan, Meeting, MeetingSource, PlanMeeting
from openiop.aftercare.tests import followups_access
from tests.access import CLIENT_PAGE, STAFF_PAGE, ApiCase, Case, row

# Erin's plan: directors and clinicians who see her write it; medical staff read it; billing never.
W = row("403", anonymous="login", dana="ok", alice="ok", bob="404", carol="404")
R = row("ok", anonymous="login", bob="404", carol="404", ivan="404", bill="403", ava="403", erin="403", frank="403")
DIRECTOR = row("403", anonymous="login", dana="ok")


def _meeting(c: Cast) -> Meeting:
    source, _ = MeetingSource.objects.get_or_create(slug="access-la")
    meeting, _ = Meeting.objects.get_or_create(
        source=source,
        slug="sunday-serenity",
        defaults={
            "name": "Sunday Serenity",
            "days": [0],
            "time": dt.time(18),
            "attendance": "in_person",
            "changed_at": timezone.now(),
        },
    )
    return meeting


def _plan(c: Cast) -> AftercarePlan:
    plan = AftercarePlan.objects.filter(client=c.erin).first()
    if plan is None:
        plan = AftercarePlan.objects.create(client=c.erin, site=c.site_a, version=1, created_by=c.alice)
    return plan


def _chosen(c: Cast) -> int:
    plan = _plan(c)
    chosen = PlanMeeting.objects.filter(plan=plan).first()
    if chosen is None:
        chosen = PlanMeeting.objects.create(plan=plan, meeting=_meeting(c), day=0)
    return chosen.pk


def _feed(c: Cast) -> int:
    # Port 9 (discard) refuses at once: the refresh records a failed fetch without waiting.
    source, _ = MeetingSource.objects.get_or_create(slug="access-url", defaults={"url": "http://127.0.0.1:9/feed.json"})
    return source.pk


URL_TABLE: dict[str, Case] = {
    "aftercare:finder": ("GET", lambda c: "/aftercare/meetings/", STAFF_PAGE),
    "aftercare:feeds": ("GET", lambda c: "/aftercare/feeds/", STAFF_PAGE),
    "aftercare:feed_create": ("GET", lambda c: "/aftercare/feeds/new/", DIRECTOR),
    "aftercare:feed_refresh": ("POST", lambda c: f"/aftercare/feeds/{_feed(c)}/refresh/", DIRECTOR),
    "aftercare:plan": ("GET", lambda c: f"/aftercare/clients/{c.erin.pk}/plan/", R),
    "aftercare:plan_edit": ("GET", lambda c: f"/aftercare/clients/{c.erin.pk}/plan/edit/", W),
    "aftercare:plan_add_meeting": ("POST", lambda c: f"/aftercare/clients/{c.erin.pk}/plan/meetings/", W),
    "aftercare:plan_remove_meeting": ("POST", lambda c: f"/aftercare/plan-meetings/{_chosen(c)}/remove/", W),
    "aftercare:plan_sign": ("POST", lambda c: f"/aftercare/plans/{_plan(c).pk}/sign/", W),
    "aftercare:participation": ("GET", lambda c: f"/aftercare/clients/{c.erin.pk}/participation/", R),
    "aftercare:my_plan": ("GET", lambda c: "/aftercare/my/plan/", CLIENT_PAGE),
    "aftercare:my_plan_calendar": ("GET", lambda c: "/aftercare/my/plan.ics", CLIENT_PAGE),
    "aftercare:my_meetings": ("GET", lambda c: "/aftercare/my/meetings/", CLIENT_PAGE),
    "aftercare:my_participation": ("GET", lambda c: "/aftercare/my/participation/", CLIENT_PAGE),
}
API_TABLE: dict[tuple[str, str], ApiCase] = {**followups_access.API_TABLE}
URL_TABLE.update(followups_access.URL_TABLE)
