"""Assessment pages: worklist, the assessment, its live recommendation, sign, co-sign, cancel, admit."""

import contextlib
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.audit.models import Action
from openiop.core.concurrency import Conflict
from openiop.core.time import site_time, site_today
from openiop.intake import instruments, rules, selectors, services
from openiop.intake.forms import (
    AdmitForm,
    AssessmentForm,
    CancelForm,
    CosignForm,
    DiagnosisFormSet,
    SignForm,
    SubstanceFormSet,
    WindowFormSet,
    rows_of,
)
from openiop.intake.models import Admission, Assessment, Cosignature, PlacementLevel
from openiop.intake.recommendation import Inputs, live_inputs, recommend_from, stored_inputs
from openiop.intake.views.common import add_errors, status_for


@staff_required(policy.INTAKE_STAFF)
def assessment_list(request: HttpRequest) -> HttpResponse:
    items = selectors.assessment_worklist(user=request.user)
    return render(request, "intake/assessment_list.html", {"assessments": items})


def _detail_context(request: HttpRequest, assessment: Assessment, **forms: Any) -> dict[str, Any]:
    results = {r.code: r for r in assessment.results.all()}
    inputs = stored_inputs(assessment, results)
    recommendation = recommend_from(inputs, assessment.site_id) if not assessment.is_signed else None
    cosignature = Cosignature.objects.filter(assessment=assessment).select_related("by").first()
    admission = Admission.objects.filter(assessment=assessment).select_related("episode").first()
    cosign_needed = services.cosignature_required(assessment)
    user = request.user
    return {
        "assessment": assessment,
        "client": assessment.client,
        "results": results,
        "short_names": instruments.SHORT_NAMES,
        "inputs": inputs,
        "recommendation": recommendation,
        "stored_recommendation": assessment.recommendation,
        "substances": list(assessment.substances.all()),
        "windows": list(assessment.availability.all()),
        "diagnoses": list(assessment.diagnoses.all()),
        "cosignature": cosignature,
        "cosign_needed": cosign_needed,
        "admission": admission,
        "can_open_chart": policy.can_view_client(user, assessment.client),
        "can_edit": policy.can_edit_assessment(user, assessment),
        "can_sign": policy.can_sign_assessment(user, assessment),
        "can_cosign": cosign_needed and cosignature is None and policy.can_cosign(user, assessment),
        "can_admit": assessment.is_signed
        and admission is None
        and assessment.decided_level == rules.IOP_LEVEL
        and policy.can_admit(user, assessment),
        "can_cancel": assessment.is_open
        and (policy.can_change_inquiry(user, assessment.inquiry) or policy.can_sign_assessment(user, assessment)),
        "sign_form": forms.get("sign_form")
        or SignForm(initial={"decided_level": recommendation.level if recommendation else ""}),
        "cosign_form": forms.get("cosign_form") or CosignForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
    }


@staff_required(policy.INTAKE_STAFF)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk)
    with site_time(assessment.site):
        return render(request, "intake/assessment_detail.html", _detail_context(request, assessment))


def _rerender(request: HttpRequest, assessment: Assessment, **forms: Any) -> HttpResponse:
    with site_time(assessment.site):
        return render(
            request, "intake/assessment_detail.html", _detail_context(request, assessment, **forms), status=422
        )


def _initial_instruments(assessment: Assessment, codes: tuple[str, ...]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for result in assessment.results.all():
        if result.code in codes:
            for name, value in zip(instruments.field_names(result.code), result.answers, strict=False):
                initial[name] = value
    return initial


@staff_required(policy.ASSESSMENT_EDIT_ROLES)
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = Action.VIEW if request.method == "GET" else None
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk, action=action, what="assessment_form")
    if not policy.can_edit_assessment(request.user, assessment):
        raise PermissionDenied("You may not edit this assessment.")
    medical_only = policy.edits_medical_part_only(request.user, assessment)
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(
        data,
        instance=assessment,
        medical_only=medical_only,
        initial=_initial_instruments(assessment, instruments.ASSESSMENT_CODES),
    )
    formsets: dict[str, Any] = {}
    if not medical_only:
        formsets = {
            "substances": SubstanceFormSet(
                data,
                prefix="substances",
                initial=[
                    {
                        k: getattr(s, k)
                        for k in ("substance", "route", "frequency", "age_at_first_use", "last_use_date", "note")
                    }
                    for s in assessment.substances.all()
                ],
            ),
            "availability": WindowFormSet(
                data,
                prefix="availability",
                initial=[
                    {"weekday": w.weekday, "start": w.start_time, "end": w.end_time}
                    for w in assessment.availability.all()
                ],
            ),
            "diagnoses": DiagnosisFormSet(
                data,
                prefix="diagnoses",
                initial=[{"code": d.code, "description": d.description} for d in assessment.diagnoses.all()],
            ),
        }
    if request.method == "POST" and form.is_valid() and all(fs.is_valid() for fs in formsets.values()):
        cleaned = form.cleaned_data
        try:
            services.assessment_update(
                actor=acting_user(request),
                assessment=assessment,
                fields=form.model_fields(),
                instruments={code: instruments.answers_from(code, cleaned) for code in form.codes},
                substances=rows_of(formsets["substances"]) if formsets else None,
                availability=rows_of(formsets["availability"]) if formsets else None,
                diagnoses=rows_of(formsets["diagnoses"]) if formsets else None,
            )
        except ValidationError as exc:
            assessment.refresh_from_db()
            add_errors(form, exc)
        else:
            return redirect("intake:assessment_detail", pk=assessment.pk)
    with site_time(assessment.site):
        context = {
            "form": form,
            "assessment": assessment,
            "client": assessment.client,
            "medical_only": medical_only,
            "groups": instruments.groups(form, form.codes),
            "formsets": formsets,
            "dimension_fields": [
                (form[f"dimension_{d}"], form[f"dimension_{d}_rationale"])
                for d in range(1, 7)
                if f"dimension_{d}" in form.fields
            ],
            "recommendation": recommend_from(stored_inputs(assessment), assessment.site_id),
            "inputs": stored_inputs(assessment),
        }
        return render(request, "intake/assessment_form.html", context, status=status_for(form, *formsets.values()))


def _posted_score(code: str, form: AssessmentForm, notes: list[str]) -> tuple[bool, Any]:
    """(given, score): not given when the block is blank or not on the form; a note when it cannot be scored."""
    if instruments.field_names(code)[0] not in form.fields:
        return False, None
    answers = instruments.answers_from(code, getattr(form, "cleaned_data", {}))
    if answers is None:
        return True, None
    try:
        return True, instruments.score_or_error(code, answers)
    except ValidationError:
        notes.append(f"{instruments.SHORT_NAMES[code]} is incomplete, so it is left out.")
        return True, None


@staff_required(policy.ASSESSMENT_EDIT_ROLES)
@require_POST
def assessment_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    """The live recommendation (HTMX partial) for the ratings and scores on the form, not yet saved."""
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk, action=None)
    if not policy.can_edit_assessment(request.user, assessment):
        raise PermissionDenied("You may not edit this assessment.")
    form = AssessmentForm(
        request.POST, instance=assessment, medical_only=policy.edits_medical_part_only(request.user, assessment)
    )
    form.is_valid()  # partial input is expected; only the valid fields are used
    cleaned = getattr(form, "cleaned_data", {})
    stored = stored_inputs(assessment)
    notes: list[str] = []
    ratings = {
        d: cleaned.get(f"dimension_{d}") if f"dimension_{d}" in form.fields else stored.ratings[d] for d in range(1, 7)
    }
    totals: dict[str, int | None] = {}
    for code, fallback in (("ciwa-ar", stored.ciwa_ar), ("cows", stored.cows)):
        given, result = _posted_score(code, form, notes)
        totals[code] = (None if result is None else int(result.total)) if given else fallback
    given, cssrs = _posted_score("cssrs-screen", form, notes)
    cssrs_risk = (
        (cssrs.band if cssrs else None)
        if given
        else (stored.cssrs_risk if stored.cssrs_source == "assessment" else None)
    )
    hours = cleaned.get("available_hours_per_week") if "available_hours_per_week" in form.fields else stored.hours
    inputs: Inputs = live_inputs(
        assessment,
        ratings=ratings,
        ciwa_ar=totals["ciwa-ar"],
        cows=totals["cows"],
        cssrs_risk=cssrs_risk,
        hours=hours if isinstance(hours, Decimal | float | int) else None,
    )
    context = {
        "assessment": assessment,
        "recommendation": recommend_from(inputs, assessment.site_id),
        "inputs": inputs,
        "notes": notes,
        "live": True,
    }
    return render(request, "intake/_recommendation.html", context)


def _signable(request: HttpRequest, pk: int) -> Assessment:
    return selectors.assessment_get_for_user(user=request.user, pk=pk, action=None)


@staff_required(policy.SIGN_ROLES)
@require_POST
def assessment_sign(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _signable(request, pk)
    if not policy.can_sign_assessment(request.user, assessment):
        raise PermissionDenied("Only the assessing clinician or a director signs this assessment.")
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_sign(
                actor=acting_user(request),
                assessment=assessment,
                decided_level=form.cleaned_data["decided_level"],
                decision_reason=form.cleaned_data["decision_reason"],
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as exc:
            assessment.refresh_from_db()
            add_errors(form, exc)
        else:
            return redirect("intake:assessment_detail", pk=assessment.pk)
    return _rerender(request, assessment, sign_form=form)


@staff_required(policy.COSIGN_ROLES)
@require_POST
def assessment_cosign(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _signable(request, pk)
    if not policy.can_cosign(request.user, assessment):
        raise PermissionDenied("Only medical staff of this site co-sign.")
    form = CosignForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_cosign(
                actor=acting_user(request), assessment=assessment, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("intake:assessment_detail", pk=assessment.pk)
    return _rerender(request, assessment, cosign_form=form)


@staff_required(policy.ASSESSOR_ROLES)
@require_POST
def assessment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _signable(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.assessment_cancel(
                actor=acting_user(request), assessment=assessment, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("intake:inquiry_detail", pk=assessment.inquiry_id)
    elif not (
        policy.can_change_inquiry(request.user, assessment.inquiry)
        or policy.can_sign_assessment(request.user, assessment)
    ):
        raise PermissionDenied("You may not cancel this assessment.")
    return _rerender(request, assessment, cancel_form=form)


def _prepare_admission_documents(request: HttpRequest, episode: Any) -> None:
    """The point of need: the admission (a POST) prepares the documents to sign, so that the consents
    page it lands on only reads. Without the consents app, or for someone who may not prepare them,
    nothing happens here (the consents page offers its own button)."""
    if not apps.is_installed("openiop.consents"):
        return
    from openiop.consents import services as consent_services

    with contextlib.suppress(PermissionDenied):
        consent_services.admission_documents_prepare(actor=acting_user(request), client=episode.client)


def after_admission_url(client_id: int) -> str:
    """The consents step when that app provides it, else the client's chart."""
    try:
        return reverse("consents:admission", args=[client_id])
    except NoReverseMatch:
        return reverse("clients:detail", args=[client_id])


@staff_required(policy.ADMIT_ROLES)
@require_http_methods(["GET", "POST"])
def assessment_admit(request: HttpRequest, pk: int) -> HttpResponse:
    action = Action.VIEW if request.method == "GET" else None
    assessment = selectors.assessment_get_for_user(user=request.user, pk=pk, action=action, what="admission_form")
    if not policy.can_admit(request.user, assessment):
        raise PermissionDenied("Only a director or a clinician of the client admits.")
    with site_time(assessment.site):
        hours = assessment.available_hours_per_week
        low = Decimal(6) if assessment.population == "adolescent" else Decimal(9)
        initial = {
            "admission_date": site_today(assessment.site),
            "primary_clinician": assessment.clinician_id,
            "prescribed_hours_per_week": min(max(hours, low), Decimal(12)) if hours else Decimal(12),
        }
        form = AdmitForm(request.POST or None, site=assessment.site, initial=initial)
        conflict = False
        if request.method == "POST" and form.is_valid():
            try:
                episode = services.episode_admit(actor=acting_user(request), assessment=assessment, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, str(exc))
                conflict = True
            else:
                _prepare_admission_documents(request, episode)
                return redirect(after_admission_url(episode.client_id))
        context = {
            "form": form,
            "assessment": assessment,
            "client": assessment.client,
            "cosign_needed": services.cosignature_required(assessment),
            "cosigned": Cosignature.objects.filter(assessment=assessment).exists(),
            "levels": dict(PlacementLevel.choices),
        }
        return render(request, "intake/assessment_admit.html", context, status=409 if conflict else status_for(form))
