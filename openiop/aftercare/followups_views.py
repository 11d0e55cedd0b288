"""Pages of alumni follow-ups: the due list, one follow-up and what is recorded on it."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.aftercare import followups_selectors as selectors
from openiop.aftercare import followups_services as services
from openiop.aftercare.followups_forms import AttemptForm, CheckForm, CloseForm, ReadmitForm
from openiop.aftercare.models import FollowUp
from openiop.core.concurrency import Conflict
from openiop.core.time import site_time, site_today


@staff_required(policy.STAY_ROLES)
@require_GET
def due(request: HttpRequest) -> HttpResponse:
    rows, count = selectors.followups_due_shown(user=request.user, limit=100)
    return render(request, "aftercare/followups_due.html", {"followups": rows, "count": count})


def _page(request: HttpRequest, followup: FollowUp, forms: dict[str, Any], status: int = 200) -> HttpResponse:
    context = {
        "followup": followup,
        "client": followup.client,
        "attempts": list(followup.attempts.select_related("by")),
        "attempt_form": forms.get("attempt") or AttemptForm(),
        "check_form": forms.get("check") or CheckForm(),
        "close_form": forms.get("close") or CloseForm(initial={"version": followup.version}),
        "readmit_form": forms.get("readmit")
        or ReadmitForm(initial={"admission_date": site_today(followup.site), "version": followup.version}),
    }
    with site_time(followup.site):
        return render(request, "aftercare/followup_detail.html", context, status=status)


@staff_required(policy.STAY_ROLES)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.followup_get_for_user(user=request.user, pk=pk), {})


def _post(
    request: HttpRequest, pk: int, key: str, form_class: type[Any], act: Callable[[FollowUp, dict[str, Any]], Any]
) -> HttpResponse:
    followup = selectors.followup_get_for_user(user=request.user, pk=pk, action=None)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            result = act(followup, dict(form.cleaned_data))
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        except Conflict as exc:
            form.add_error(None, str(exc))
            return _page(request, followup, {key: form}, status=409)
        else:
            messages.success(request, "Saved.")
            if key == "readmit":
                return redirect("clients:episode", pk=result.pk)
            return redirect("followups:detail", pk=followup.pk)
    return _page(request, followup, {key: form}, status=422)


@staff_required(policy.STAY_ROLES)
@require_POST
def attempt(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        "attempt",
        AttemptForm,
        lambda f, d: services.followup_attempt_record(actor=acting_user(request), followup=f, **d),
    )


@staff_required(policy.STAY_ROLES)
@require_POST
def check(request: HttpRequest, pk: int) -> HttpResponse:
    def act(followup: FollowUp, data: dict[str, Any]) -> Any:
        return services.followup_check_record(
            actor=acting_user(request), followup=followup, bam_answers=data["bam"], phq9_answers=data["phq9"]
        )

    return _post(request, pk, "check", CheckForm, act)


@staff_required(policy.STAY_ROLES)
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    def act(followup: FollowUp, data: dict[str, Any]) -> Any:
        expected = data.pop("version", None)
        return services.followup_close(actor=acting_user(request), followup=followup, expected_version=expected, **data)

    return _post(request, pk, "close", CloseForm, act)


@staff_required(policy.STAY_ROLES)
@require_POST
def readmit(request: HttpRequest, pk: int) -> HttpResponse:
    def act(followup: FollowUp, data: dict[str, Any]) -> Any:
        expected = data.pop("version", None)
        return services.followup_readmit(
            actor=acting_user(request), followup=followup, expected_version=expected, **data
        )

    return _post(request, pk, "readmit", ReadmitForm, act)
