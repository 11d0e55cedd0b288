from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.clients.selectors import client_get_for_user
from openiop.measures import selectors, services
from openiop.measures.forms import AlertCloseForm, InstrumentForm
from openiop.measures.instruments import REGISTRY


def _add_errors(form: Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _chart_url(client_id: int, anchor: str) -> str:
    return reverse("clients:detail", args=[client_id]) + f"#{anchor}"


@staff_required(policy.RECORD_ROLES)
def record_choose(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_get_for_user(user=request.user, pk=pk, what="measures")
    if not policy.can_record_measures(request.user, client):
        raise PermissionDenied("Your role may not record measures for this client.")
    due = selectors.due_for_client(client=client)
    due_codes = {d.instrument for d in due if d.status != "upcoming"}
    instruments = [(instrument, instrument.code in due_codes) for instrument in REGISTRY.values()]
    return render(
        request,
        "measures/record_choose.html",
        {
            "client": client,
            "instruments": instruments,
            "due": selectors.due_views(d for d in due if d.status != "upcoming"),
        },
    )


@staff_required(policy.RECORD_ROLES)
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    instrument = REGISTRY.get(code)
    if instrument is None:
        raise Http404("No such instrument")
    client = selectors.client_for_recording(
        user=request.user, pk=pk, code=instrument.code, showing_form=request.method == "GET"
    )
    form = InstrumentForm(request.POST or None, instrument=instrument, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            administration = services.administration_record(
                actor=acting_user(request),
                client=client,
                code=instrument.code,
                answers=form.answers(),
                sex=form.cleaned_data.get("sex") or None,
                administered_at=form.cleaned_data["administered_at"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            result = administration.score
            described = ", ".join(
                part
                for part in (
                    f"total {result.total}" if result.total is not None else "",
                    f"band {result.band}" if result.band else "",
                    ("screen positive" if result.positive else "screen negative")
                    if result.positive is not None
                    else "",
                )
                if part
            )
            messages.success(
                request, f"{selectors.short_name(instrument.code)} recorded{': ' + described if described else ''}."
            )
            raised = list(administration.alerts.all())
            if raised:
                messages.warning(
                    request,
                    "Alert raised: "
                    + "; ".join(a.summary for a in raised)
                    + " It stays open until someone documents the action taken.",
                )
            return redirect(_chart_url(client.pk, "client-alerts" if raised else "measures"))
    return render(
        request,
        "measures/record.html",
        {
            "client": client,
            "instrument": instrument,
            "form": form,
            "short_name": selectors.short_name(instrument.code),
            "cutoff_note": selectors.cutoff_note(
                instrument.code,
                configured=selectors.scoring_config(site_id=client.site_id, code=instrument.code) is not None,
            ),
        },
        status=422 if form.errors else 200,
    )


@staff_required()
@require_http_methods(["GET", "POST"])
def alert_close(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_get_for_user(user=request.user, pk=pk, record=request.method == "GET")
    form = AlertCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_close(
                actor=acting_user(request),
                alert=alert,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Alert closed: {alert.get_closing_action_display()}.")
            return redirect(_chart_url(alert.client_id, "client-alerts"))
    return render(
        request,
        "measures/alert_close.html",
        {"alert": alert, "client": alert.client, "form": form},
        status=422 if form.errors else 200,
    )
