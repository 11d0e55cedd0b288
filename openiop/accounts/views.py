import datetime as dt

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import client_user_required, staff_required
from openiop.accounts.models import Site
from openiop.accounts.services import user_logout_everywhere
from openiop.clients import selectors
from openiop.core.extensions import render_home_parts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their role's home page."""
    if policy.is_client_user(request.user):
        return redirect("portal:home")
    if policy.audits_only(request.user):
        return redirect("audit:events")
    if not policy.is_staff_member(request.user):
        return render(request, "accounts/no_access.html", status=403)
    return redirect("staff_home")


@staff_required()
def staff_home(request: HttpRequest) -> HttpResponse:
    role = policy.primary_role(request.user)
    caseload = selectors.caseload_shown(user=request.user, limit=50) if policy.home_shows_caseload(request.user) else []
    sites = Site.objects.filter(pk__in=policy.site_roles(request.user).keys())
    today = timezone.localdate()
    return render(
        request,
        "accounts/staff_home.html",
        {
            "role": role,
            "caseload": caseload,
            "sites": sites,
            "today": today,
            "week_start": today - dt.timedelta(days=today.weekday()),
            "panels": render_home_parts(request, role),
        },
    )


@client_user_required
def portal_home(request: HttpRequest) -> HttpResponse:
    client = selectors.client_get_for_user(user=request.user, pk=policy.clients_for(request.user).get().pk)
    return render(request, "portal/home.html", {"client": client})


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    user_logout_everywhere(user=request.user)
    logout(request)
    return redirect("account_login")
