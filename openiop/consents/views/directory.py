"""Staff pages: the provider directory, referrals out and consent template versions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.models import Site
from openiop.accounts.types import acting_user
from openiop.audit.models import Action
from openiop.clients.selectors import client_get_for_user
from openiop.consents import selectors, services
from openiop.consents.forms import ChecklistForm, ProviderForm, ReferralForm, TemplateForm
from openiop.consents.models import ConsentTemplate, ProviderLevel
from openiop.consents.services import referrals
from openiop.consents.views.documents import add_service_errors


@staff_required()
def providers(request: HttpRequest) -> HttpResponse:
    level = request.GET.get("level", "")
    level = level if level in ProviderLevel.values else ""
    editable = set(policy.directed_sites(request.user))
    rows = selectors.providers_for_user(user=request.user, level=level, include_inactive=bool(editable))
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "level": level, "levels": ProviderLevel.choices, "editable": editable}
    return render(request, "consents/providers.html", context)


def _director_sites(request: HttpRequest) -> list[Site]:
    return list(Site.objects.filter(pk__in=policy.directed_sites(request.user)).order_by("name"))


@staff_required(policy.DIRECTOR_ROLES)
@require_http_methods(["GET", "POST"])
def provider_create(request: HttpRequest) -> HttpResponse:
    sites = _director_sites(request)
    form = ProviderForm(request.POST if request.method == "POST" else None)
    if len(sites) > 1:
        form.fields["site"] = forms.ModelChoiceField(queryset=Site.objects.filter(pk__in=[s.pk for s in sites]))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        site = data.pop("site", sites[0])
        try:
            referrals.provider_create(actor=acting_user(request), site=site, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{data['name']} added to the directory.")
            return redirect("consents:providers")
    status = 422 if form.errors else 200
    return render(request, "consents/provider_form.html", {"form": form, "provider": None}, status=status)


@staff_required(policy.DIRECTOR_ROLES)
@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, pk: int) -> HttpResponse:
    provider = selectors.provider_get_for_user(user=request.user, pk=pk)
    if not policy.can_edit_directory(request.user, provider.site_id):
        raise PermissionDenied("Only the site's program director edits the provider directory.")
    initial = {f: getattr(provider, f) for f in ("name", "levels", "phone", "address", "notes", "active")}
    form = ProviderForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            referrals.provider_update(actor=acting_user(request), provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            provider.refresh_from_db()
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{provider.name} saved.")
            return redirect("consents:providers")
    status = 422 if form.errors else 200
    return render(request, "consents/provider_form.html", {"form": form, "provider": provider}, status=status)


@staff_required()
def referral_list(request: HttpRequest) -> HttpResponse:
    page_obj = selectors.referral_page_for_user(user=request.user, page=request.GET.get("page"))
    return render(request, "consents/referrals.html", {"page_obj": page_obj})


@staff_required(policy.CHANGE_ROLES)
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_user(user=request.user, pk=client_id, what="referral_form")
    if not policy.can_change_client(request.user, client):
        raise PermissionDenied("You may not refer this client.")
    choices = [p for p in selectors.providers_for_user(user=request.user) if p.site_id == client.site_id]
    form = ReferralForm(request.POST if request.method == "POST" else None, providers=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = referrals.referral_create(
                actor=acting_user(request),
                client=client,
                provider=data["provider"],
                level_of_care=data["level_of_care"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Referral recorded. Work through the warm hand-off below.")
            return redirect("consents:referral", pk=referral.pk)
    status = 422 if form.errors else 200
    return render(request, "consents/referral_form.html", {"client": client, "form": form}, status=status)


@staff_required()
@require_http_methods(["GET", "POST"])
def referral(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get_for_user(user=request.user, pk=pk, action=Action.VIEW)
    can_change = referrals.can_change_referral(request.user, referral)
    initial = {f: getattr(referral, f) for f in referrals.CHECKLIST_FIELDS}
    form = ChecklistForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("You may not change this referral.")
        if form.is_valid():
            try:
                referrals.referral_update(actor=acting_user(request), referral=referral, **form.cleaned_data)
            except ValidationError as exc:
                referral.refresh_from_db()
                add_service_errors(form, exc)
            else:
                messages.success(request, "Hand-off checklist saved.")
                return redirect("consents:referral", pk=referral.pk)
    release = None
    if referral.client is not None:
        release = (
            selectors.documents_for_client(client=referral.client)
            .filter(provider=referral.provider, status="signed")
            .first()
        )
    context = {"referral": referral, "form": form, "can_change": can_change, "release": release}
    return render(request, "consents/referral.html", context, status=422 if form.errors else 200)


@staff_required()
def template_list(request: HttpRequest) -> HttpResponse:
    services.templates_ensure_defaults()
    templates = list(ConsentTemplate.objects.order_by("kind", "language", "-version"))
    can_add = bool(policy.directed_sites(request.user))
    return render(request, "consents/templates.html", {"templates": templates, "can_add": can_add})


@staff_required(policy.DIRECTOR_ROLES)
@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    source_id = request.GET.get("from", "")
    source = ConsentTemplate.objects.filter(pk=int(source_id)).first() if source_id.isdigit() else None
    initial: dict[str, str] = {}
    if source is not None:
        initial = {
            f: getattr(source, f)
            for f in (
                "kind",
                "language",
                "title",
                "body",
                "revocation_text",
                "redisclosure_text",
                "refusal_text",
                "default_information",
                "default_recipients",
            )
        }
    form = TemplateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.consent_template_create(actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{template} saved; documents prepared from {template.effective_date} use it.")
            return redirect("consents:templates")
    return render(request, "consents/template_form.html", {"form": form}, status=422 if form.errors else 200)
