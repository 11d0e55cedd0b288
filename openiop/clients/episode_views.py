"""Pages of an episode of care: its history, step up/down, prescription, transfer, discharge
(with the signed summary), readmission, the summary PDF and the administrative-discharge worklist."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.clients import services, stay_selectors
from openiop.clients.models import Episode
from openiop.clients.services.discharge import aftercare_plan_hook, self_help_count_hook
from openiop.clients.stay_forms import DischargeForm, PrescriptionForm, ReadmitForm, StepForm, TransferForm, add_errors
from openiop.core.concurrency import Conflict, StaleVersion, stale_message
from openiop.core.time import site_time, site_today


def _managed(request: HttpRequest, pk: int, *, showing_form: bool) -> Episode:
    return stay_selectors.episode_get_for_change(user=request.user, pk=pk, showing_form=showing_form)


@staff_required()
@require_GET
def episode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    episode = stay_selectors.episode_get_for_user(user=request.user, pk=pk)
    summary = stay_selectors.discharge_summary_for(user=request.user, episode=episode)
    context = {
        "episode": episode,
        "client": episode.client,
        "transitions": list(stay_selectors.transitions_for_episode(episode=episode)),
        "summary": summary,
        "can_manage": policy.can_manage_episode(request.user, episode),
        "can_transfer": policy.directs_site(request.user, episode.site_id),
        "readmissions": list(episode.readmissions.all()),
        "aftercare_plan": aftercare_plan_hook(episode),
    }
    with site_time(episode.site):
        return render(request, "clients/episode_detail.html", context)


def _change_page(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[Any],
    title: str,
    act: Callable[[Episode, dict[str, Any]], Any],
    initial: Callable[[Episode], dict[str, Any]] | None = None,
) -> HttpResponse:
    episode = _managed(request, pk, showing_form=request.method == "GET")
    form = form_class(
        request.POST or None, episode=episode, initial=(initial(episode) if initial and not request.POST else None)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            act(episode, data)
        except ValidationError as exc:
            add_errors(form, exc)
            status = 422
        except StaleVersion as exc:
            with timezone.override(episode.site.time_zone):
                form.add_error(None, stale_message(exc))
            status = 409
        except Conflict as exc:
            form.add_error(None, str(exc))
            status = 409
        else:
            messages.success(request, f"{title}: saved.")
            target = getattr(act, "target", None)
            return redirect(target) if target else redirect("clients:episode", pk=episode.pk)
    elif request.method == "POST":
        status = 422
    context = {"episode": episode, "client": episode.client, "form": form, "title": title}
    return render(request, "clients/episode_change.html", context, status=status)


def _common(data: dict[str, Any]) -> dict[str, Any]:
    return {"expected_version": data.pop("version", None), **data}


@staff_required(policy.STAY_ROLES)
@require_http_methods(["GET", "POST"])
def episode_step(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode: Episode, data: dict[str, Any]) -> Any:
        return services.episode_step(actor=acting_user(request), episode=episode, **_common(data))

    return _change_page(
        request,
        pk,
        form_class=StepForm,
        title="Step up or down",
        act=act,
        initial=lambda e: {"effective_date": site_today(e.site)},
    )


@staff_required(policy.STAY_ROLES)
@require_http_methods(["GET", "POST"])
def episode_prescription(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode: Episode, data: dict[str, Any]) -> Any:
        return services.episode_prescription_change(actor=acting_user(request), episode=episode, **_common(data))

    return _change_page(request, pk, form_class=PrescriptionForm, title="Change the prescribed hours", act=act)


@staff_required(policy.STAY_ROLES)
@require_http_methods(["GET", "POST"])
def episode_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode: Episode, data: dict[str, Any]) -> Any:
        return services.episode_transfer(actor=acting_user(request), episode=episode, **_common(data))

    return _change_page(request, pk, form_class=TransferForm, title="Transfer to another site", act=act)


@staff_required(policy.STAY_ROLES)
@require_http_methods(["GET", "POST"])
def episode_discharge(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode: Episode, data: dict[str, Any]) -> Any:
        from openiop.clients.models import SUMMARY_SECTIONS

        summary = {key: data.pop(key, "") for key, _ in SUMMARY_SECTIONS}
        return services.episode_discharge(
            actor=acting_user(request),
            episode=episode,
            summary=summary,
            password=data.pop("password", ""),
            code=data.pop("code", ""),
            reason=data.pop("reason", ""),
            **_common(data),
        )

    def initial(episode: Episode) -> dict[str, Any]:
        today = site_today(episode.site)
        return {"discharge_date": today, "self_help_30d": self_help_count_hook(episode.client, today)}

    return _change_page(request, pk, form_class=DischargeForm, title="Discharge", act=act, initial=initial)


@staff_required(policy.STAY_ROLES)
@require_http_methods(["GET", "POST"])
def episode_readmit(request: HttpRequest, pk: int) -> HttpResponse:
    def act(episode: Episode, data: dict[str, Any]) -> Any:
        data.pop("version", None)
        new = services.episode_readmit(actor=acting_user(request), previous=episode, **data)
        act.target = f"/clients/episodes/{new.pk}/"  # type: ignore[attr-defined]
        return new

    return _change_page(
        request,
        pk,
        form_class=ReadmitForm,
        title="Readmit",
        act=act,
        initial=lambda e: {"admission_date": site_today(e.site)},
    )


@staff_required()
@require_GET
def discharge_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed summary for the chart (printing it for a third party is a disclosure: consents)."""
    from openiop.consents.pdf import html_to_pdf, pdf_response

    summary = stay_selectors.discharge_summary_get_for_pdf(user=request.user, pk=pk)
    episode = summary.episode
    html = render_to_string(
        "clients/pdf/discharge_summary.html",
        {"episode": episode, "client": episode.client, "summary": summary, "tz": episode.site.time_zone},
    )
    return pdf_response(html_to_pdf(html), f"discharge-summary-{episode.pk}.pdf")


@staff_required(policy.STAY_ROLES)
@require_GET
def discharge_proposals(request: HttpRequest) -> HttpResponse:
    proposals = stay_selectors.discharge_proposals(user=request.user)
    return render(request, "clients/discharge_proposals.html", {"proposals": proposals[:200], "count": len(proposals)})
