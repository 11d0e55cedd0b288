"""The client's own pages: their signed aftercare plan, the meeting finder and their log."""

import datetime as dt

import icalendar
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openiop.accounts import policy
from openiop.accounts.decorators import client_user_required
from openiop.accounts.types import acting_user
from openiop.aftercare import selectors
from openiop.aftercare.forms import DAY_LABELS, ParticipationForm
from openiop.aftercare.meetings.types import type_name
from openiop.aftercare.services import participation as participation_services
from openiop.aftercare.views.meetings import finder_context
from openiop.aftercare.views.plans import form_errors
from openiop.audit.models import Action
from openiop.clients.models import Client
from openiop.clients.selectors import client_get_for_user
from openiop.core.time import site_time, site_today

ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


def _own(request: HttpRequest, *, what: str, action: str | None = Action.VIEW) -> Client:
    return client_get_for_user(
        user=request.user, pk=policy.clients_for(request.user).get().pk, action=action, what=what
    )


@client_user_required
def my_plan(request: HttpRequest) -> HttpResponse:
    """The latest signed version (a draft is still being written with the counselor)."""
    client = _own(request, what="aftercare_plan")
    plan = selectors.signed_plan_for_client(client=client)
    language = get_language() or "en"
    meetings = [
        {"chosen": pm, "day_label": DAY_LABELS[pm.day], "types": [type_name(c, language) for c in pm.meeting.types]}
        for pm in (plan.plan_meetings.all() if plan else [])
    ]
    with site_time(client.site):
        return render(request, "aftercare/portal/plan.html", {"client": client, "plan": plan, "meetings": meetings})


@client_user_required
def my_plan_calendar(request: HttpRequest) -> HttpResponse:
    """The plan's meetings as a weekly calendar file (.ics) to add to the phone's calendar."""
    client = _own(request, what="aftercare_plan", action=Action.EXPORT)
    plan = selectors.signed_plan_for_client(client=client)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//openiop//aftercare meetings//EN")
    calendar.add("version", "2.0")
    now = timezone.now()
    today = site_today(client.site)
    for pm in plan.plan_meetings.all() if plan else []:
        meeting = pm.meeting
        if meeting.time is None:
            continue
        first = today + dt.timedelta(days=(pm.day - (today.weekday() + 1) % 7) % 7)
        start = dt.datetime.combine(first, meeting.time)
        end = dt.datetime.combine(first, meeting.end_time) if meeting.end_time else start + dt.timedelta(hours=1)
        event = icalendar.Event()
        event.add("uid", f"aftercare-{pm.pk}@openiop")
        event.add("summary", meeting.name)
        event.add("dtstart", start, parameters={"TZID": meeting.timezone or client.site.time_zone})
        event.add("dtend", end, parameters={"TZID": meeting.timezone or client.site.time_zone})
        event.add("dtstamp", now)
        event.add("rrule", {"FREQ": "WEEKLY", "BYDAY": ICAL_DAYS[pm.day]})
        if meeting.address or meeting.conference_url:
            event.add("location", meeting.address or meeting.conference_url)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-meetings.ics"'
    return response


@client_user_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    """Meetings near home (the ZIP code on file) or online, around the client's free times."""
    client = _own(request, what="meeting_finder")
    context = finder_context(request, client)
    context["client"] = client
    return render(request, "aftercare/portal/meetings.html", context, status=422 if context["form"].errors else 200)


@client_user_required
@require_http_methods(["GET", "POST"])
def my_participation(request: HttpRequest) -> HttpResponse:
    """What the client reports: meetings they went to, sponsor contact, step work."""
    client = _own(request, what="participation", action=Action.VIEW if request.method == "GET" else None)
    today = site_today(client.site)
    form = ParticipationForm(request.POST or None, initial={"on": today})
    if request.method == "POST" and form.is_valid():
        try:
            participation_services.participation_log(actor=acting_user(request), client=client, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Thank you. It is in your log."))
            return redirect("aftercare:my_participation")
    return render(
        request,
        "aftercare/portal/participation.html",
        {
            "client": client,
            "form": form,
            "entries": selectors.participation_for(client=client),
            "count_30d": selectors.self_help_count(client, today),
        },
        status=422 if form.errors else 200,
    )
