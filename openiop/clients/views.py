from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.models import Site
from openiop.accounts.types import acting_user
from openiop.clients import selectors, services
from openiop.clients.forms import ClientForm, SearchForm
from openiop.core.concurrency import (
    PENDING,
    StaleVersion,
    stale_message,
    submission_claim,
    submission_done,
    submission_release,
)
from openiop.core.extensions import CHART_ALERTS, CHART_PANELS, render_chart_parts


@staff_required()
def client_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page_obj = selectors.client_page_for_user(user=request.user, query=query, page=request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj, "query": query}
    template = "clients/client_list.html#results" if request.htmx else "clients/client_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@staff_required()
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_user(user=request.user, pk=pk)
    narratives = policy.can_view_narratives(request.user, client)
    context = {
        "client": client,
        "episodes": selectors.episodes_for_client(client=client),
        "can_change": policy.can_change_client(request.user, client),
        "panels": render_chart_parts(CHART_PANELS, request, client, narratives=narratives),
        "alerts": render_chart_parts(CHART_ALERTS, request, client, narratives=narratives),
    }
    return render(request, "clients/client_detail.html", context)


def _creation_sites(request: HttpRequest) -> list[Site]:
    return list(Site.objects.filter(pk__in=policy.sites_with(request.user, policy.CHANGE_ROLES)))


@staff_required(policy.CHANGE_ROLES)
@require_http_methods(["GET", "POST"])
def client_create(request: HttpRequest) -> HttpResponse:
    sites = _creation_sites(request)
    form = ClientForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        site = data.pop("site", sites[0])
        token = data.pop("token", "")
        first = submission_claim(user_id=request.user.pk, token=token)
        if first is not None:
            messages.info(request, "This client was already saved (the form was sent twice).")
            return redirect(first if first != PENDING else "clients:list")
        try:
            client = services.client_create(actor=acting_user(request), site=site, **data)
        except ValidationError as exc:
            submission_release(user_id=request.user.pk, token=token)
            form.add_error(None, exc)
        else:
            submission_done(user_id=request.user.pk, token=token, url=reverse("clients:detail", args=[client.pk]))
            return redirect("clients:detail", pk=client.pk)
    return render(
        request, "clients/client_form.html", {"form": form, "client": None}, status=422 if form.errors else 200
    )


@staff_required(policy.CHANGE_ROLES)
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(user=request.user, pk=pk, showing_form=request.method == "GET")
    form = ClientForm(request.POST or None, instance=client)
    stale = ""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version", None)
        try:
            services.client_update(actor=acting_user(request), client=client, expected_version=expected, **data)
        except ValidationError as exc:
            client.refresh_from_db()
            form.add_error(None, exc)
        except StaleVersion as exc:
            client.refresh_from_db()
            with timezone.override(client.site.time_zone):
                stale = stale_message(exc)
            form = ClientForm(instance=client)  # their version, to change again
        else:
            return redirect("clients:detail", pk=client.pk)
    return render(
        request,
        "clients/client_form.html",
        {"form": form, "client": client, "stale": stale},
        status=409 if stale else 422 if form.errors else 200,
    )
