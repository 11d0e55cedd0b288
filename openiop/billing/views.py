"""Billing pages: the billing home, authorizations and reviews, charges, claim files, remittances."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.billing import forms, selectors
from openiop.billing.models import Payer
from openiop.billing.services import authorizations as auth_services
from openiop.billing.services import charges as charge_services
from openiop.billing.services import claims as claim_services
from openiop.clients.selectors import client_get_for_user
from openiop.core.concurrency import StaleVersion

ROLES = policy.BILLING_ROLES


def _errors_into(form: Any, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _home_url(site_id: int) -> str:
    return f"{reverse('billing:home')}?site={site_id}"


@staff_required(ROLES)
def home(request: HttpRequest) -> HttpResponse:
    site = selectors.billing_site_for_user(user=request.user, pk=request.GET.get("site"))
    data = selectors.billing_home(user=request.user, site=site)
    context = {
        "home": data,
        "week_form": forms.WeekForm(initial={"week": data.today}),
        "export_form": forms.ClaimExportForm(initial={"first_day": data.today.replace(day=1), "last_day": data.today}),
        "remittance_form": forms.RemittanceForm(),
    }
    return render(request, "billing/home.html", context)


@staff_required(ROLES)
@require_POST
def charges_compute(request: HttpRequest) -> HttpResponse:
    site = selectors.billing_site_for_user(user=request.user, pk=request.POST.get("site"))
    form = forms.WeekForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a valid day of the week to compute.")
        return redirect(_home_url(site.pk))
    run = charge_services.charges_compute(actor=acting_user(request), site=site, week_start=form.cleaned_data["week"])
    messages.success(
        request,
        f"Week of {run.week_start:%b %-d}: {run.charges} new charges, {run.held} held days, {run.clients} clients.",
    )
    return redirect(_home_url(site.pk))


@staff_required(ROLES)
@require_POST
def claims_export(request: HttpRequest) -> HttpResponse:
    site = selectors.billing_site_for_user(user=request.user, pk=request.POST.get("site"))
    form = forms.ClaimExportForm(request.POST)
    if form.is_valid():
        try:
            export = claim_services.claims_generate(
                actor=acting_user(request),
                site=site,
                first_day=form.cleaned_data["first_day"],
                last_day=form.cleaned_data["last_day"],
                kind=form.cleaned_data["format"],
            )
        except ValidationError as e:
            _errors_into(form, e)
        else:
            if export.file is None:
                messages.warning(request, "No unbilled, authorized, documented days in those dates for that format.")
                return redirect(_home_url(site.pk))
            skipped = f" ({len(export.skipped)} clients skipped: see the billing home)" if export.skipped else ""
            messages.success(request, f"{len(export.claims)} claims in file #{export.file.control_number}{skipped}.")
            return redirect(reverse("billing:claim_file", args=[export.file.pk]))
    home = selectors.billing_home(user=request.user, site=site)
    context = {
        "home": home,
        "week_form": forms.WeekForm(),
        "export_form": form,
        "remittance_form": forms.RemittanceForm(),
    }
    return render(request, "billing/home.html", context, status=422)


@staff_required(ROLES)
def claim_file(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.claim_file_get_for_user(user=request.user, pk=pk)
    if request.GET.get("download"):
        response = HttpResponse(found.content, content_type="application/edi-x12")
        response["Content-Disposition"] = f'attachment; filename="claims-{found.control_number:09d}.{found.kind}.x12"'
        return response
    claims = list(found.claims.select_related("client", "payer").order_by("control_number"))
    return render(request, "billing/claim_file.html", {"file": found, "claims": claims})


@staff_required(ROLES)
@require_POST
def claim_status(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_get_for_user(user=request.user, pk=pk)
    form = forms.ClaimStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
    else:
        try:
            claim_services.claim_status_set(
                actor=acting_user(request),
                claim=claim,
                status=form.cleaned_data["status"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as e:
            messages.error(request, " ".join(m for ms in e.message_dict.values() for m in ms))
    return redirect(reverse("billing:claim_file", args=[claim.file_id]))


@staff_required(ROLES)
@require_POST
def remittance_import(request: HttpRequest) -> HttpResponse:
    site = selectors.billing_site_for_user(user=request.user, pk=request.POST.get("site"))
    form = forms.RemittanceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            remit = claim_services.remittance_import(
                actor=acting_user(request), site=site, text=form.cleaned_data["file"]
            )
        except ValidationError as e:
            _errors_into(form, e)
        else:
            messages.success(request, f"Remittance {remit.trace_number}: {remit.claims_matched} claims updated.")
            return redirect(_home_url(site.pk))
    home = selectors.billing_home(user=request.user, site=site)
    context = {
        "home": home,
        "week_form": forms.WeekForm(),
        "export_form": forms.ClaimExportForm(),
        "remittance_form": form,
    }
    return render(request, "billing/home.html", context, status=422)


@staff_required(ROLES)
@require_http_methods(["GET", "POST"])
def authorization_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = client_get_for_user(user=request.user, pk=client_pk, action=None)
    selectors.billing_site_for_user(user=request.user, pk=client.site_id)
    payers = Payer.objects.filter(site_id=client.site_id).order_by("name")
    form = forms.AuthorizationForm(request.POST or None, payers=payers)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "payer"}
        try:
            row = auth_services.authorization_save(
                actor=acting_user(request), client=client, payer=form.cleaned_data["payer"], **data
            )
        except ValidationError as e:
            _errors_into(form, e)
        else:
            return redirect(reverse("billing:authorization", args=[row.pk]))
    status = 422 if form.errors else 200
    return render(request, "billing/authorization_form.html", {"form": form, "client": client}, status=status)


@staff_required(ROLES)
@require_http_methods(["GET", "POST"])
def authorization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.authorization_get_for_user(user=request.user, pk=pk)
    payers = Payer.objects.filter(site_id=found.client.site_id).order_by("name")
    form = forms.AuthorizationForm(request.POST or None, instance=found, payers=payers)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "payer"}
        try:
            auth_services.authorization_save(
                actor=acting_user(request),
                client=found.client,
                payer=form.cleaned_data["payer"],
                authorization=found,
                version=int(request.POST.get("version") or 0) or None,
                **data,
            )
        except StaleVersion as e:
            form.add_error(None, str(e))
        except ValidationError as e:
            _errors_into(form, e)
        else:
            messages.success(request, "Authorization saved.")
            return redirect(reverse("billing:authorization", args=[found.pk]))
    if form.errors:
        status = 422
    reviews = list(found.reviews.order_by("-due_on"))
    consents = _payment_consents(found.client)
    context = {
        "authorization": found,
        "form": form,
        "reviews": reviews,
        "due_form": forms.ReviewDueForm(initial={"due_on": found.next_review_on}),
        "packet_form": forms.PacketForm(consents=consents, initial={"recipient": found.payer.name}),
        "outcome_forms": {r.pk: forms.ReviewOutcomeForm(initial={"version": r.version}) for r in reviews},
    }
    return render(request, "billing/authorization.html", context, status=status)


def _payment_consents(client: Any) -> Any:
    from openiop.consents.models import ConsentDocument

    return ConsentDocument.objects.filter(client=client, signed_at__isnull=False, revoked_at__isnull=True).order_by(
        "-signed_at"
    )


@staff_required(ROLES)
@require_POST
def review_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.authorization_get_for_user(user=request.user, pk=pk)
    form = forms.ReviewDueForm(request.POST)
    if form.is_valid():
        auth_services.review_schedule(
            actor=acting_user(request), authorization=found, due_on=form.cleaned_data["due_on"]
        )
        messages.success(request, f"Review due {form.cleaned_data['due_on']:%b %-d}.")
    else:
        messages.error(request, "Give the date the review is due.")
    return redirect(reverse("billing:authorization", args=[found.pk]))


@staff_required(ROLES)
@require_POST
def review_packet(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    client = review.authorization.client
    form = forms.PacketForm(request.POST, consents=_payment_consents(client))
    if form.is_valid():
        try:
            auth_services.review_packet_send(
                actor=acting_user(request),
                review=review,
                consent=form.cleaned_data["consent"],
                recipient=form.cleaned_data["recipient"],
            )
        except ValidationError as e:
            messages.error(request, " ".join(m for ms in e.message_dict.values() for m in ms))
        else:
            messages.success(
                request, "Review packet released to the payer and entered in the accounting of disclosures."
            )
    else:
        messages.error(request, "Choose the consent that covers the payer.")
    return redirect(reverse("billing:authorization", args=[review.authorization_id]))


@staff_required(ROLES)
@require_POST
def review_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    form = forms.ReviewOutcomeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            auth_services.review_outcome_record(
                actor=acting_user(request),
                review=review,
                status=data["status"],
                approved_units=data["approved_units"],
                approved_through=data["approved_through"],
                note=data["note"],
                version=data["version"],
            )
        except (ValidationError, StaleVersion) as e:
            text = str(e) if isinstance(e, StaleVersion) else " ".join(m for ms in e.message_dict.values() for m in ms)
            messages.error(request, text)
        else:
            messages.success(request, "Review outcome recorded.")
    else:
        messages.error(
            request,
            "Check the outcome: " + "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items()),
        )
    return redirect(reverse("billing:authorization", args=[review.authorization_id]))
