"""The meeting finder (staff, and the same search for clients in the portal) and the feeds page."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.aftercare.forms import DAY_LABELS, AddMeetingForm, FinderForm, MeetingSourceForm
from openiop.aftercare.meetings.places import zip_centroid
from openiop.aftercare.meetings.search import DAY_NAMES
from openiop.aftercare.meetings.types import type_name
from openiop.aftercare.models import MeetingSource
from openiop.aftercare.selectors.meetings import meeting_sources, meetings_by_key, meetings_search
from openiop.aftercare.services.meetings import meeting_source_save
from openiop.clients.models import Client
from openiop.clients.selectors import client_get_for_user

# core.models.Weekday (0 = Monday) → Meeting Guide day (0 = Sunday)
MG_DAY = {weekday: (weekday + 1) % 7 for weekday in range(7)}


def schedule_windows(client: Client) -> list[dict[str, str]]:
    """The client's free windows this week (their current availability), as finder presets."""
    from openiop.scheduling.models import AvailabilityKind, ClientAvailability

    free = (AvailabilityKind.AVAILABLE, AvailabilityKind.PREFERRED)
    rows = ClientAvailability.objects.current().filter(client=client, kind__in=free).order_by("weekday", "start_time")
    return [
        {
            "day": DAY_NAMES[MG_DAY[row.weekday]],
            "day_index": str(MG_DAY[row.weekday]),
            "start": row.start_time.strftime("%H:%M"),
            "end": row.end_time.strftime("%H:%M"),
        }
        for row in rows
    ]


def finder_context(request: HttpRequest, client: Client | None) -> dict[str, Any]:
    """Run the finder on the GET parameters; the client's ZIP code is the default place."""
    data = request.GET.copy() if request.GET else None
    if data is not None and not data.get("zip_code") and client is not None and client.postal_code:
        data["zip_code"] = client.postal_code[:5]
    initial = {"zip_code": client.postal_code[:5] if client is not None and client.postal_code else ""}
    form = FinderForm(data, initial=initial)
    rows: list[dict[str, Any]] = []
    place_missing = False
    if data is not None and form.is_valid():
        near = zip_centroid(form.cleaned_data.get("zip_code") or "")
        if near is None and not form.cleaned_data.get("online"):
            place_missing = True
            form.add_error("zip_code", "Enter a known ZIP code, or choose online meetings.")
        else:
            found = meetings_search(form.query(near))
            stored = meetings_by_key(found)
            language = get_language() or "en"
            for row in found:
                meeting = stored.get((row.source, row.slug))
                if meeting is None:
                    continue
                rows.append(
                    {
                        "row": row,
                        "day_label": DAY_LABELS[row.day],
                        "meeting": meeting,
                        "types": [type_name(code, language) for code in meeting.types],
                        "add_form": AddMeetingForm(initial={"meeting": meeting.pk, "day": row.day}),
                    }
                )
    return {
        "form": form,
        "rows": rows,
        "searched": data is not None,
        "place_missing": place_missing,
        "windows": schedule_windows(client) if client is not None else [],
    }


@staff_required(policy.FINDER_ROLES)
def finder(request: HttpRequest) -> HttpResponse:
    """Meetings near a ZIP code or online; opened from a chart (``?client=``), it starts at the
    client's ZIP code, offers their free windows and adds meetings to their aftercare plan."""
    client = None
    raw = request.GET.get("client", "")
    if raw:
        if not raw.isdigit():
            raise Http404("No such client")
        client = client_get_for_user(user=request.user, pk=int(raw), what="meeting_finder")
    context = finder_context(request, client)
    context.update(
        client=client,
        can_add=client is not None and policy.can_write_aftercare(request.user, client),
    )
    return render(request, "aftercare/finder.html", context, status=422 if context["form"].errors else 200)


@staff_required(policy.FINDER_ROLES)
def feeds(request: HttpRequest) -> HttpResponse:
    """Every feed with its last import's result; directors add feeds and refresh them."""
    return render(
        request,
        "aftercare/feeds.html",
        {"sources": meeting_sources(), "can_manage": policy.can_manage_meeting_feeds(request.user)},
    )


@staff_required(policy.can_manage_meeting_feeds)
@require_http_methods(["GET", "POST"])
def feed_create(request: HttpRequest) -> HttpResponse:
    form = MeetingSourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_source_save(actor=acting_user(request), source=form.instance)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Feed {form.instance.slug} added; it refreshes on the schedule.")
            return redirect("aftercare:feeds")
    return render(request, "aftercare/feed_form.html", {"form": form}, status=422 if form.errors else 200)


@staff_required(policy.can_manage_meeting_feeds)
@require_POST
def feed_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a refresh of one feed now (the worker runs it; the page shows the result)."""
    from openiop.aftercare.tasks import refresh_meeting_feed

    source = get_object_or_404(MeetingSource, pk=pk)
    if not source.url:
        messages.error(request, "This feed has no URL: import its file with `openiop meetings import`.")
    else:
        refresh_meeting_feed.enqueue(source.pk)
        messages.success(request, f"Refresh of {source.slug} queued.")
    return redirect("aftercare:feeds")
