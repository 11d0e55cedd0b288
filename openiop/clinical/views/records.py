from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.models import Membership, User
from openiop.accounts.types import acting_user
from openiop.audit.models import Action
from openiop.clients.models import Client
from openiop.clinical.forms import (
    InterventionForm,
    MedicationForm,
    ObjectiveForm,
    PlanSignForm,
    ProblemForm,
    ReviewForm,
    SafetyPlanForm,
    SafetySignForm,
    ScreenForm,
)
from openiop.clinical.models import STEPS, Objective, Problem, SafetyPlan, TreatmentPlan
from openiop.clinical.screen_schedule import suggest_week
from openiop.clinical.selectors import records
from openiop.clinical.selectors.charts import safety_plan_printed
from openiop.clinical.services import plans as plan_services
from openiop.clinical.services import safety as safety_services
from openiop.clinical.services import screens as screen_services
from openiop.clinical.views.common import READ_ROLES, SCREEN_ROLES, WRITE_ROLES, add_errors, narrative_client
from openiop.core.time import monday_of, site_time, site_today

# --- treatment plan ----------------------------------------------------------------------------


def _plan_context(request: HttpRequest, client: Client, plan: TreatmentPlan | None) -> dict[str, object]:
    today = site_today(client.site)
    staff = Membership.objects.filter(site_id=client.site_id).select_related("user").order_by("user__full_name")
    objectives = [o for p in plan.problems.all() for o in p.objectives.all()] if plan else []
    return {
        "client": client,
        "plan": plan,
        "review": records.plan_status(plan, today) if plan else None,
        "can_write": policy.can_write_notes(request.user, client),
        "problem_form": ProblemForm(),
        "objective_form": ObjectiveForm(),
        "intervention_form": InterventionForm(),
        "staff": sorted({m.user for m in staff}, key=lambda u: u.full_name),
        "sign_form": PlanSignForm(),
        "review_form": ReviewForm(objectives=objectives, initial={"reviewed_on": today}),
        "today": today,
    }


@staff_required(READ_ROLES)
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The client's current treatment plan; POST starts a new draft."""
    client = narrative_client(
        request, pk, action=None if request.method == "POST" else Action.VIEW, what="treatment_plan"
    )
    if request.method == "POST":
        if not policy.can_write_notes(request.user, client):
            raise PermissionDenied("You may not write treatment plans for this client.")
        try:
            plan_services.plan_create(actor=acting_user(request), client=client, effective_on=site_today(client.site))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("clinical:plan", pk=client.pk)
    return render(request, "clinical/plan.html", _plan_context(request, client, records.current_plan(client=client)))


@staff_required(WRITE_ROLES)
@require_POST
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a problem, objective or intervention to a draft; sign it; or review an active plan."""
    plan_row = get_object_or_404(TreatmentPlan.objects.select_related("client"), pk=pk)
    client = narrative_client(request, plan_row.client_id, action=None)
    if not policy.can_write_notes(request.user, client):
        raise PermissionDenied("You may not write treatment plans for this client.")
    action = request.POST.get("action", "")
    form: Any = None
    try:
        if action == "problem":
            form = ProblemForm(request.POST)
            if form.is_valid():
                plan_services.problem_add(actor=acting_user(request), plan=plan_row, **form.cleaned_data)
        elif action == "objective":
            form = ObjectiveForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                problem = get_object_or_404(Problem, pk=data["problem"], plan=plan_row)
                plan_services.objective_add(
                    actor=acting_user(request), problem=problem, text=data["text"], target_date=data["target_date"]
                )
        elif action == "intervention":
            form = InterventionForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                objective = get_object_or_404(Objective, pk=data["objective"], problem__plan=plan_row)
                responsible = User.objects.filter(pk=data["responsible"], memberships__site_id=plan_row.site_id).first()
                if responsible is None:
                    raise ValidationError({"responsible": "Choose a staff member of the site."})
                plan_services.intervention_add(
                    actor=acting_user(request),
                    objective=objective,
                    modality=data["modality"],
                    frequency=data["frequency"],
                    responsible=responsible,
                )
        elif action == "sign":
            form = PlanSignForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                plan_services.plan_sign(
                    actor=acting_user(request),
                    plan=plan_row,
                    client_signature=data["client_signature"],
                    password=data["password"],
                    code=data["code"],
                )
                messages.success(request, "Treatment plan signed.")
        elif action == "review":
            objectives = list(Objective.objects.filter(problem__plan=plan_row))
            form = ReviewForm(request.POST, objectives=objectives)
            if form.is_valid():
                plan_services.plan_review_add(
                    actor=acting_user(request),
                    plan=plan_row,
                    reviewed_on=form.cleaned_data["reviewed_on"],
                    summary=form.cleaned_data["summary"],
                    objective_statuses=form.statuses(),
                )
                messages.success(request, "Review recorded.")
        else:
            messages.error(request, "Nothing to do.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if form is not None and getattr(form, "errors", None):
        messages.error(
            request,
            " ".join(f"{name}: {' '.join(errs)}" for name, errs in form.errors.items()),
        )
    return redirect("clinical:plan", pk=client.pk)


def _admitted(client: Client) -> Any:
    episodes = getattr(client, "active_episodes", [])
    return episodes[0].admission_date if episodes else None


# --- drug screens and medications --------------------------------------------------------------


def _screen_context(
    request: HttpRequest, client: Client, form: ScreenForm, med_form: MedicationForm
) -> dict[str, object]:
    screens = records.screens_for(client=client)
    columns, rows = records.screen_table(screens)
    today = site_today(client.site)
    week = monday_of(today)
    last = max((s.collected_at for s in screens), default=None)
    schedule = suggest_week(
        week_start=week,
        seed=client.pk * 10_000 + week.toordinal(),
        last_test=last.astimezone(timezone.get_current_timezone()).date() if last else None,
        admitted_on=_admitted(client),
    )
    return {
        "client": client,
        "form": form,
        "med_form": med_form,
        "columns": columns,
        "rows": rows,
        "medications": records.medications_for(client=client),
        "can_record": policy.can_record_screens(request.user, client),
        "schedule": schedule,
        "week": week,
    }


@staff_required(READ_ROLES)
@require_http_methods(["GET", "POST"])
def screens(request: HttpRequest, pk: int) -> HttpResponse:
    """Results over time, the medication list, this week's suggested tests; POST records a screen."""
    client = narrative_client(
        request, pk, action=None if request.method == "POST" else Action.VIEW, what="drug_screens"
    )
    with site_time(client.site):
        form = ScreenForm(
            request.POST or None, initial={"collected_at": timezone.localtime().replace(second=0, microsecond=0)}
        )
        if request.method == "POST":
            if not policy.can_record_screens(request.user, client):
                raise PermissionDenied("You may not record screens for this client.")
            if form.is_valid():
                data = form.cleaned_data
                try:
                    screen = screen_services.drug_screen_record(
                        actor=acting_user(request),
                        client=client,
                        collected_at=data["collected_at"],
                        specimen=data["specimen"],
                        method=data["method"],
                        observed=data["observed"],
                        results=form.results(),
                        comment=data["comment"],
                    )
                except ValidationError as exc:
                    add_errors(form, exc)
                else:
                    if screen.unexpected_positive:
                        messages.warning(request, "Unexpected positive: an alert was raised for the primary clinician.")
                    else:
                        messages.success(request, "Screen recorded.")
                    return redirect("clinical:screens", pk=client.pk)
        context = _screen_context(
            request, client, form, MedicationForm(initial={"started_on": site_today(client.site)})
        )
        return render(request, "clinical/screens.html", context, status=422 if form.errors else 200)


@staff_required(SCREEN_ROLES)
@require_POST
def medications(request: HttpRequest, pk: int) -> HttpResponse:
    client = narrative_client(request, pk, action=None)
    if not policy.can_record_screens(request.user, client):
        raise PermissionDenied("You may not change this client's medications.")
    form = MedicationForm(request.POST)
    if form.is_valid():
        try:
            screen_services.medication_add(actor=acting_user(request), client=client, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Medication added.")
            return redirect("clinical:screens", pk=client.pk)
    with site_time(client.site):
        return render(
            request, "clinical/screens.html", _screen_context(request, client, ScreenForm(), form), status=422
        )


# --- safety plan -------------------------------------------------------------------------------


def _safety_client(request: HttpRequest, pk: int) -> Client:
    """Staff who read narratives, or the client themself (their own plan, in the portal)."""
    if policy.is_client_user(request.user):
        from openiop.clients.selectors import client_get_for_user

        return client_get_for_user(user=request.user, pk=pk, what="safety_plan")
    if not policy.sites_with(request.user, READ_ROLES):
        raise PermissionDenied("Your role does not see safety plans.")
    return narrative_client(request, pk, what="safety_plan")


@login_required
def safety_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The current safety plan (linked from suicide-risk alerts) and its earlier versions."""
    client = _safety_client(request, pk)
    versions = records.safety_plans_for(client=client)
    staff = not policy.is_client_user(request.user)
    with site_time(client.site):
        return render(
            request,
            "clinical/safety_plan.html",
            {
                "client": client,
                "current": versions[0] if versions else None,
                "versions": versions,
                "can_write": staff and policy.can_write_notes(request.user, client),
                "sign_form": SafetySignForm(),
                "staff": staff,
            },
        )


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def safety_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the next version (starting from the current one); 988 and the crisis lines come prefilled."""
    client = narrative_client(request, pk, action=None)
    if not policy.can_write_notes(request.user, client):
        raise PermissionDenied("You may not write this client's safety plan.")
    current = SafetyPlan.objects.filter(client=client).first()
    initial = (
        {key: getattr(current, key) for key, _, _ in STEPS}
        if current
        else {"professionals": SafetyPlan._meta.get_field("professionals").default}
    )
    if current:
        initial["kept_where"] = current.kept_where
    form = SafetyPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            safety_services.safety_plan_save(actor=acting_user(request), client=client, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Safety plan saved as a new version. Sign it with the client.")
            return redirect("clinical:safety_plan", pk=client.pk)
    return render(
        request,
        "clinical/safety_plan_form.html",
        {"form": form, "client": client, "current": current},
        status=422 if form.errors else 200,
    )


@staff_required(WRITE_ROLES)
@require_POST
def safety_plan_sign(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(SafetyPlan, pk=pk)
    client = narrative_client(request, version.client_id, action=None)
    form = SafetySignForm(request.POST)
    form.is_valid()
    try:
        safety_services.safety_plan_sign(
            actor=acting_user(request),
            plan=version,
            client_agreed=bool(form.cleaned_data.get("client_agreed")),
            password=form.cleaned_data.get("password", ""),
            code=form.cleaned_data.get("code", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Safety plan version {version.version} signed.")
    return redirect("clinical:safety_plan", pk=client.pk)


@login_required
def safety_plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A print view of one version, for the client to keep (a print is audited)."""
    version = get_object_or_404(SafetyPlan.objects.select_related("client__site", "signed_by"), pk=pk)
    client = _safety_client(request, version.client_id)
    safety_plan_printed(user=request.user, version=version)
    with site_time(client.site):
        return render(
            request,
            "clinical/safety_plan_print.html",
            {"client": client, "plan": version, "today": site_today(version.client.site)},
        )
