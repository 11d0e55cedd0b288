"""Calendar feeds: creating the secret URLs and serving them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.models import Site, hash_token
from openiop.accounts.types import acting_user
from openiop.clients.selectors import client_get_for_user
from openiop.scheduling import selectors, services


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("scheduling:feed", args=[token]))


@staff_required(policy.CHANGE_ROLES)
@require_POST
def client_feed(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_get_for_user(user=request.user, pk=pk, action=None)
    if not policy.can_change_client(request.user, client):
        raise PermissionDenied("You may not change this client.")
    action = request.POST.get("action")
    if action == "create":
        _, token = services.calendar_feed_create_for_client(actor=acting_user(request), client=client)
        return render(
            request,
            "scheduling/feed_link.html",
            {"url": _feed_url(request, token), "whose": client.display_name, "client": client},
        )
    if action == "revoke":
        feed = selectors.active_feed_for_client(client=client)
        if feed is not None:
            services.calendar_feed_revoke(actor=acting_user(request), feed=feed)
            messages.success(request, "The calendar link no longer works.")
        return redirect(f"{reverse('clients:detail', args=[client.pk])}#schedule")
    return render(request, "scheduling/feed_link.html", {"error": "Choose to create or revoke the link."}, status=422)


@staff_required(policy.CLINICAL_ROLES)
@require_http_methods(["GET", "POST"])
def my_calendar(request: HttpRequest) -> HttpResponse:
    feed = selectors.active_feed_for_user(user=acting_user(request))
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            site = Site.objects.filter(pk__in=policy.sites_with(request.user, policy.CLINICAL_ROLES)).first()
            if site is None:
                raise PermissionDenied("You do not work at a site.")
            _, token = services.calendar_feed_create_for_staff(actor=acting_user(request), site=site)
            return render(request, "scheduling/feed_link.html", {"url": _feed_url(request, token), "whose": "you"})
        if action == "revoke" and feed is not None:
            services.calendar_feed_revoke(actor=acting_user(request), feed=feed)
            messages.success(request, "Your calendar link no longer works.")
            return redirect("scheduling:my_calendar")
        return render(
            request,
            "scheduling/my_calendar.html",
            {"feed": feed, "error": "Choose to create or revoke the link."},
            status=422,
        )
    return render(request, "scheduling/my_calendar.html", {"feed": feed})


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar feed: no login (calendar apps cannot log in), the secret token is the key."""
    found, body = selectors.feed_read(token_hash=hash_token(token))
    found.last_fetched_at = timezone.now()
    found.save(update_fields=["last_fetched_at"])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="schedule.ics"'
    return response
