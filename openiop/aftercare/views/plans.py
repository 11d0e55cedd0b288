"""Staff pages of the aftercare plan and the participation log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.aftercare import selectors
from openiop.aftercare.forms import AddMeetingForm, AftercarePlanForm, ParticipationForm, PlanSignForm
from openiop.aftercare.models import PLAN_TEXT_FIELDS, AftercarePlan, Meeting, PlanMeeting
from openiop.aftercare.services import participation as participation_services
from openiop.aftercare.services import plans as plan_services
from openiop.audit.models import Action
from openiop.clients.models import Client
from openiop.clinical.models.safety import CRISIS_LINES
from openiop.clinical.selectors.charts import narrative_client_get
from openiop.core.time import site_time, site_today

WRITE_ROLES = policy.AFTERCARE_WRITE_ROLES


def _reader(request: HttpRequest, pk: int, *, action: str | None = Action.VIEW, what: str = "aftercare_plan") -> Client:
    return narrative_client_get(user=request.user, pk=pk, action=action, what=what)


def _writer(request: HttpRequest, pk: int) -> Client:
    client = _reader(request, pk, action=None)
    if not policy.can_write_aftercare(request.user, client):
        raise PermissionDenied("You may not write this client's aftercare plan.")
    return client


def form_errors(form: BaseForm, exc: ValidationError) -> None:
    """A service's errors on the form: on the field when the form has it, else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@staff_required(policy.NARRATIVE_ROLES)
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The current version (draft or signed), its meetings, and the earlier versions."""
    client = _reader(request, pk)
    versions = selectors.plan_versions(client=client)
    with site_time(client.site):
        return render(
            request,
            "aftercare/plan.html",
            {
                "client": client,
                "current": versions[0] if versions else None,
                "versions": versions,
                "can_write": policy.can_write_aftercare(request.user, client),
                "sign_form": PlanSignForm(),
            },
        )


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the plan with the client: into the draft, or a new version after a signed one."""
    client = _writer(request, pk)
    current = selectors.current_plan(client=client)
    initial = (
        {name: getattr(current, name) for name in ("step_down_level", "provider", *PLAN_TEXT_FIELDS)}
        if current
        else {"crisis_lines": CRISIS_LINES}
    )
    form = AftercarePlanForm(request.POST or None, initial=initial, site_id=client.site_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_services.aftercare_plan_save(
                actor=acting_user(request),
                client=client,
                step_down_level=data.get("step_down_level") or "",
                provider=data.get("provider"),
                **{name: data.get(name) or "" for name in PLAN_TEXT_FIELDS},
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "Aftercare plan saved. Sign it with the client when it is complete.")
            return redirect("aftercare:plan", pk=client.pk)
    return render(
        request,
        "aftercare/plan_form.html",
        {"form": form, "client": client, "current": current},
        status=422 if form.errors else 200,
    )


@staff_required(WRITE_ROLES)
@require_POST
def plan_add_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    client = _writer(request, pk)
    form = AddMeetingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a meeting from the finder.")
        return redirect("aftercare:plan", pk=client.pk)
    meeting = Meeting.objects.filter(pk=form.cleaned_data["meeting"]).first()
    try:
        if meeting is None:
            raise ValidationError({"meeting": "This meeting is no longer listed."})
        plan_services.aftercare_plan_add_meeting(
            actor=acting_user(request), client=client, meeting=meeting, day=form.cleaned_data["day"]
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Added to the aftercare plan: {meeting.name}.")
    back = request.POST.get("back", "")
    return redirect(back) if back.startswith("/aftercare/meetings/") else redirect("aftercare:plan", pk=client.pk)


@staff_required(WRITE_ROLES)
@require_POST
def plan_remove_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = get_object_or_404(PlanMeeting.objects.select_related("plan__client", "meeting"), pk=pk)
    client = _writer(request, chosen.plan.client_id)
    try:
        plan_services.aftercare_plan_remove_meeting(actor=acting_user(request), chosen=chosen)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Taken off the plan: {chosen.meeting.name}.")
    return redirect("aftercare:plan", pk=client.pk)


@staff_required(WRITE_ROLES)
@require_POST
def plan_sign(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(AftercarePlan, pk=pk)
    client = _writer(request, version.client_id)
    form = PlanSignForm(request.POST)
    form.is_valid()
    try:
        plan_services.aftercare_plan_sign(
            actor=acting_user(request),
            plan=version,
            client_agreed=bool(form.cleaned_data.get("client_agreed")),
            password=form.cleaned_data.get("password", ""),
            code=form.cleaned_data.get("code", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Aftercare plan version {version.version} signed.")
    return redirect("aftercare:plan", pk=client.pk)


@staff_required(policy.NARRATIVE_ROLES)
@require_http_methods(["GET", "POST"])
def participation(request: HttpRequest, pk: int) -> HttpResponse:
    """The participation log, and a staff entry (meeting, sponsor contact, step work)."""
    client = _reader(request, pk, action=Action.VIEW if request.method == "GET" else None, what="participation")
    can_log = policy.can_log_participation(request.user, client)
    form = ParticipationForm(request.POST or None, initial={"on": site_today(client.site)})
    if request.method == "POST":
        if not can_log:
            raise PermissionDenied("You may not log participation for this client.")
        if form.is_valid():
            try:
                participation_services.participation_log(actor=acting_user(request), client=client, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, "Logged.")
                return redirect("aftercare:participation", pk=client.pk)
    today = site_today(client.site)
    return render(
        request,
        "aftercare/participation.html",
        {
            "client": client,
            "entries": selectors.participation_for(client=client),
            "count_30d": selectors.self_help_count(client, today),
            "form": form,
            "can_log": can_log,
        },
        status=422 if form.errors else 200,
    )
