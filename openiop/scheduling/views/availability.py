"""A client's availability, planning profile and completed modules."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.audit.models import Action
from openiop.clients.selectors import client_get_for_user
from openiop.program.rendering import posted_int
from openiop.scheduling import selectors, services
from openiop.scheduling.forms import (
    AvailabilityWindowForm,
    CompletedModulesForm,
    PlanProfileForm,
)
from openiop.scheduling.models import ClientAvailability


@staff_required(policy.CLINICAL_ROLES)
@require_http_methods(["GET", "POST"])
def client_availability(request: HttpRequest, pk: int) -> HttpResponse:
    showing = request.method == "GET"
    client = client_get_for_user(
        user=request.user, pk=pk, action=Action.VIEW if showing else None, what="client_availability"
    )
    can_change = policy.can_change_client(request.user, client)
    which = request.POST.get("form")
    window_form = AvailabilityWindowForm(request.POST if which == "window" else None)
    profile = selectors.plan_profile_for_client(client=client)
    profile_form = PlanProfileForm(
        request.POST if which == "profile" else None,
        initial={
            "individual_minutes": profile.individual_minutes if profile else 50,
            "notes": profile.notes if profile else "",
        },
    )
    done = selectors.completions_for_client(client=client)
    modules_form = CompletedModulesForm(
        request.POST if which == "modules" else None, initial={"modules": [c.module_id for c in done]}
    )
    status = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("You may not change this client.")
        if _availability_post(request, client, which, window_form, profile_form, modules_form):
            messages.success(request, "Saved.")
            return redirect("scheduling:client_availability", pk=client.pk)
        status = 422
    return render(
        request,
        "scheduling/client_availability.html",
        {
            "client": client,
            "can_change": can_change,
            "windows": selectors.availability_for_client(client=client),
            "completions": done,
            "window_form": window_form,
            "profile_form": profile_form,
            "modules_form": modules_form,
        },
        status=status,
    )


def _availability_post(
    request: HttpRequest,
    client: Any,
    which: str | None,
    window_form: AvailabilityWindowForm,
    profile_form: PlanProfileForm,
    modules_form: CompletedModulesForm,
) -> bool:
    try:
        if which == "window" and window_form.is_valid():
            data = window_form.cleaned_data
            with_days = [
                {"weekday": day, "start_time": data["start_time"], "end_time": data["end_time"], "kind": data["kind"]}
                for day in data["weekdays"]
            ]
            for item in with_days:
                services.client_availability_add(actor=acting_user(request), client=client, **item)
            return True
        if which == "remove":
            window = ClientAvailability.objects.filter(pk=posted_int(request, "id"), client=client).current().first()
            if window is None:
                raise Http404("No such window")
            services.client_availability_remove(actor=acting_user(request), window=window)
            return True
        if which == "profile" and profile_form.is_valid():
            services.client_plan_profile_set(actor=acting_user(request), client=client, **profile_form.cleaned_data)
            return True
        if which == "modules" and modules_form.is_valid():
            services.module_completions_set(
                actor=acting_user(request),
                client=client,
                modules=list(modules_form.cleaned_data["modules"]),
                on=timezone.localdate(),
            )
            return True
    except ValidationError as exc:
        form = {"window": window_form, "profile": profile_form}.get(which or "", modules_form)
        form.add_error(None, exc)
        return False
    if which not in ("window", "profile", "modules"):
        messages.error(request, "Choose what to change.")
    return False
