from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.models import Site
from openiop.clients import selectors, services
from openiop.clients.forms import ClientForm, SearchForm
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
        try:
            client = services.client_create(actor=request.user, site=site, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("clients:detail", pk=client.pk)
    return render(
        request, "clients/client_form.html", {"form": form, "client": None}, status=422 if form.errors else 200
    )


@staff_required(policy.CHANGE_ROLES)
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_change(user=request.user, pk=pk, showing_form=request.method == "GET")
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(actor=request.user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            client.refresh_from_db()
            form.add_error(None, exc)
        else:
            return redirect("clients:detail", pk=client.pk)
    return render(
        request, "clients/client_form.html", {"form": form, "client": client}, status=422 if form.errors else 200
    )
