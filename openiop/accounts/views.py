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
from openiop.accounts.types import acting_user
from openiop.clients import selectors
from openiop.core.extensions import render_home_parts
from openiop.core.time import monday_of, site_time, site_today


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
    sites = list(Site.objects.filter(pk__in=policy.site_roles(request.user).keys()).order_by("pk"))
    # "Today" and every time on the page are the (first) site's, never UTC's.
    home_site = sites[0] if sites else None
    today = site_today(home_site) if home_site is not None else timezone.localdate()
    with site_time(home_site):
        return render(
            request,
            "accounts/staff_home.html",
            {
                "role": role,
                "caseload": caseload,
                "sites": sites,
                "today": today,
                "week_start": monday_of(today),
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
    user_logout_everywhere(user=acting_user(request))
    logout(request)
    return redirect("account_login")
