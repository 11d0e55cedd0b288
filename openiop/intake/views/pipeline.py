"""Staff pages of the pipeline: board, list, inquiry, calls, follow-ups, conversion, screening, booking."""

import contextlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.models import Site
from openiop.accounts.types import acting_user
from openiop.audit.models import Action
from openiop.clients.models import Client
from openiop.core.time import site_time
from openiop.intake import instruments, rules, selectors, services
from openiop.intake.duplicates import clients_matching
from openiop.intake.forms import (
    BookForm,
    CallForm,
    ConvertForm,
    FollowUpForm,
    InquiryFilterForm,
    InquiryForm,
    LinkForm,
    ScreeningForm,
    TransitionForm,
)
from openiop.intake.models import FollowUp, Inquiry, InquiryStatus
from openiop.intake.views.common import add_errors, status_for

BOARD_COLUMN_SIZE = 10


@staff_required(policy.PIPELINE_ROLES)
def board(request: HttpRequest) -> HttpResponse:
    columns = selectors.inquiry_board(user=request.user, per_column=BOARD_COLUMN_SIZE)
    return render(request, "intake/board.html", {"columns": columns, "total": sum(c.count for c in columns)})


@staff_required(policy.INTAKE_STAFF)
def inquiry_list(request: HttpRequest) -> HttpResponse:
    form = InquiryFilterForm(request.GET)
    status, query = (form.cleaned_data["status"], form.cleaned_data["q"]) if form.is_valid() else ("", "")
    page_obj = selectors.inquiry_page(user=request.user, status=status, query=query, page=request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj, "status": status, "query": query}
    template = "intake/inquiry_list.html#results" if request.htmx else "intake/inquiry_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _pipeline_sites(request: HttpRequest) -> list[Site]:
    return list(Site.objects.filter(pk__in=policy.pipeline_sites(request.user)).order_by("pk"))


@staff_required(policy.PIPELINE_ROLES)
@require_http_methods(["GET", "POST"])
def inquiry_create(request: HttpRequest) -> HttpResponse:
    sites = _pipeline_sites(request)
    site = sites[0]
    if request.method == "POST" and len(sites) > 1:
        site = next((s for s in sites if str(s.pk) == request.POST.get("site")), site)
    form = InquiryForm(request.POST or None, site=site, creating=True, sites=sites)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("site", site)
        channel = data.pop("channel")
        try:
            inquiry = services.inquiry_create(actor=acting_user(request), site=chosen, channel=channel, **data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("intake:inquiry_detail", pk=inquiry.pk)
    return render(request, "intake/inquiry_form.html", {"form": form, "inquiry": None}, status=status_for(form))


def _detail_context(request: HttpRequest, inquiry: Inquiry, **forms: Any) -> dict[str, Any]:
    can_change = policy.can_change_inquiry(request.user, inquiry)
    detail = selectors.inquiry_detail(user=request.user, inquiry=inquiry)
    client_visible = bool(inquiry.client and policy.can_view_client(request.user, inquiry.client))
    latest = detail.screenings[0] if detail.screenings else None
    return {
        "inquiry": inquiry,
        "detail": detail,
        "latest_screening": latest,
        "flag_labels": rules.FLAG_LABELS,
        "can_change": can_change,
        "client_visible": client_visible,
        "can_link": policy.can_link_inquiry_to_client(request.user, inquiry) and inquiry.client_id is None,
        "can_screen": can_change and not inquiry.is_closed and inquiry.status != InquiryStatus.ADMITTED,
        "can_convert": can_change
        and inquiry.client_id is None
        and not inquiry.is_closed
        and inquiry.status != InquiryStatus.ADMITTED,
        "can_book": can_change and inquiry.status == InquiryStatus.SCREENED,
        "referral_url": _referral_url(inquiry) if can_change and client_visible else "",
        "transition_form": forms.get("transition_form") or TransitionForm(current=inquiry.status),
        "call_form": forms.get("call_form") or CallForm(),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(site=inquiry.site),
    }


def _referral_url(inquiry: Inquiry) -> str:
    """The consents app's referral-out page for the inquiry's client, when that app provides one."""
    if inquiry.client_id is None or inquiry.is_closed or inquiry.status == InquiryStatus.ADMITTED:
        return ""
    try:
        return reverse("consents:referral_create", args=[inquiry.client_id])
    except NoReverseMatch:
        return ""


@staff_required(policy.INTAKE_STAFF)
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = selectors.inquiry_get_for_user(user=request.user, pk=pk)
    with site_time(inquiry.site):
        return render(request, "intake/inquiry_detail.html", _detail_context(request, inquiry))


def _changeable(request: HttpRequest, pk: int) -> Inquiry:
    """The inquiry for a page that changes it; opening such a page (GET) is audited as a view."""
    action = Action.VIEW if request.method == "GET" else None
    inquiry = selectors.inquiry_get_for_user(user=request.user, pk=pk, action=action, what="inquiry_form")
    if not policy.can_change_inquiry(request.user, inquiry):
        raise PermissionDenied("You may not change this inquiry.")
    return inquiry


@staff_required(policy.PIPELINE_ROLES)
@require_http_methods(["GET", "POST"])
def inquiry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _changeable(request, pk)
    form = InquiryForm(request.POST or None, instance=inquiry, site=inquiry.site, creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.inquiry_update(actor=acting_user(request), inquiry=inquiry, **form.cleaned_data)
        except ValidationError as exc:
            inquiry.refresh_from_db()
            add_errors(form, exc)
        else:
            return redirect("intake:inquiry_detail", pk=inquiry.pk)
    return render(request, "intake/inquiry_form.html", {"form": form, "inquiry": inquiry}, status=status_for(form))


def _rerender(request: HttpRequest, inquiry: Inquiry, **forms: Any) -> HttpResponse:
    inquiry = selectors.inquiry_get_for_user(user=request.user, pk=inquiry.pk)  # showing it again is a read
    return render(request, "intake/inquiry_detail.html", _detail_context(request, inquiry, **forms), status=422)


@staff_required(policy.PIPELINE_ROLES)
@require_POST
def inquiry_transition(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _changeable(request, pk)
    form = TransitionForm(request.POST, current=inquiry.status)
    with site_time(inquiry.site):
        if form.is_valid():
            try:
                services.inquiry_transition(
                    actor=acting_user(request),
                    inquiry=inquiry,
                    to=form.cleaned_data["to"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                inquiry.refresh_from_db()
                add_errors(form, exc)
            else:
                return redirect("intake:inquiry_detail", pk=inquiry.pk)
        return _rerender(request, inquiry, transition_form=form)


@staff_required(policy.PIPELINE_ROLES)
@require_POST
def call_create(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _changeable(request, pk)
    form = CallForm(request.POST)
    with site_time(inquiry.site):
        if form.is_valid():
            try:
                services.call_log_create(actor=acting_user(request), inquiry=inquiry, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return redirect("intake:inquiry_detail", pk=inquiry.pk)
        return _rerender(request, inquiry, call_form=form)


@staff_required(policy.PIPELINE_ROLES)
@require_POST
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _changeable(request, pk)
    with site_time(inquiry.site):
        form = FollowUpForm(request.POST, site=inquiry.site)
        if form.is_valid():
            try:
                services.follow_up_create(actor=acting_user(request), inquiry=inquiry, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return redirect("intake:inquiry_detail", pk=inquiry.pk)
        return _rerender(request, inquiry, follow_up_form=form)


@staff_required(policy.PIPELINE_ROLES)
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(FollowUp.objects.filter(inquiry__in=policy.inquiries_for(request.user)), pk=pk)
    inquiry = _changeable(request, task.inquiry_id)
    with contextlib.suppress(ValidationError):  # already done: the page shows it
        services.follow_up_complete(actor=acting_user(request), follow_up=task)
    if request.POST.get("next") == "home":
        return redirect("staff_home")
    return redirect("intake:inquiry_detail", pk=inquiry.pk)


def _linkable_clients(request: HttpRequest, inquiry: Inquiry) -> list[tuple[int, str]]:
    duplicate = getattr(inquiry, "seen_duplicate", None)
    client = duplicate.client if duplicate else None
    if client and client.site_id == inquiry.site_id and policy.can_change_client(request.user, client):
        return [(client.pk, f"{client.display_name}, born {client.date_of_birth:%Y-%m-%d}")]
    return []


@staff_required(policy.PIPELINE_ROLES)
@require_http_methods(["GET", "POST"])
def inquiry_convert(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _changeable(request, pk)
    linkable = _linkable_clients(request, inquiry)
    first, _, last = inquiry.name.partition(" ")
    initial = {"legal_first_name": first, "legal_last_name": last}
    form = ConvertForm(request.POST or None, initial=initial, linkable=linkable)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        existing_pk = data.pop("existing_client", None)
        existing = Client.objects.filter(pk=existing_pk).first() if existing_pk in dict(linkable) else None
        try:
            services.inquiry_convert(
                actor=acting_user(request), inquiry=inquiry, existing_client=existing, **({} if existing else data)
            )
        except ValidationError as exc:
            inquiry.refresh_from_db()
            add_errors(form, exc)
        else:
            return redirect("intake:inquiry_detail", pk=inquiry.pk)
    return render(request, "intake/inquiry_convert.html", {"form": form, "inquiry": inquiry}, status=status_for(form))


@staff_required(policy.LINK_ROLES)
@require_http_methods(["GET", "POST"])
def inquiry_link(request: HttpRequest, pk: int) -> HttpResponse:
    """The director links an inquiry to an existing client of its site: a true duplicate."""
    action = Action.VIEW if request.method == "GET" else None
    inquiry = selectors.inquiry_get_for_user(user=request.user, pk=pk, action=action, what="inquiry_link_form")
    if not policy.can_link_inquiry_to_client(request.user, inquiry):
        raise PermissionDenied("Only the site's director links an inquiry to an existing client.")
    matches = clients_matching(user=request.user, inquiry=inquiry)
    candidates = [(c.pk, f"{c.display_name}, born {c.date_of_birth:%Y-%m-%d}") for c in matches]
    form = LinkForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        client = next(c for c in matches if c.pk == form.cleaned_data["client"])
        try:
            services.inquiry_link_to_client(
                actor=acting_user(request), inquiry=inquiry, client=client, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("intake:inquiry_detail", pk=inquiry.pk)
    context = {"form": form, "inquiry": inquiry, "matches": matches}
    return render(request, "intake/inquiry_link.html", context, status=status_for(form))


@staff_required(policy.PIPELINE_ROLES)
@require_http_methods(["GET", "POST"])
def screening_create(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _changeable(request, pk)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        answers = {code: instruments.answers_from(code, data) for code in instruments.SCREENING_CODES}
        try:
            screening = services.screening_create(
                actor=acting_user(request),
                inquiry=inquiry,
                answers=answers,
                disposition=data["disposition"],
                disposition_note=data["disposition_note"],
                sex_for_scoring=data["sex_for_scoring"],
                last_use_date=data["last_use_date"],
                last_use_note=data["last_use_note"],
                withdrawal_seizures=data["withdrawal_seizures"],
                delirium_tremens=data["delirium_tremens"],
                current_supports=data["current_supports"],
                available_hours_per_week=data["available_hours_per_week"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect("intake:screening_detail", pk=screening.pk)
    context = {
        "form": form,
        "inquiry": inquiry,
        "groups": instruments.groups(form, instruments.SCREENING_CODES),
    }
    return render(request, "intake/screening_form.html", context, status=status_for(form))


@staff_required(policy.INTAKE_STAFF)
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    screening = selectors.screening_get_for_user(user=request.user, pk=pk)
    context = {
        "screening": screening,
        "inquiry": screening.inquiry,
        "results": list(screening.results.all()),
        "flag_labels": rules.FLAG_LABELS,
        "short_names": instruments.SHORT_NAMES,
        "can_book": policy.can_change_inquiry(request.user, screening.inquiry)
        and screening.inquiry.status == InquiryStatus.SCREENED,
    }
    with site_time(screening.inquiry.site):
        return render(request, "intake/screening_detail.html", context)


@staff_required(policy.PIPELINE_ROLES)
@require_http_methods(["GET", "POST"])
def assessment_book(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = _changeable(request, pk)
    with site_time(inquiry.site):
        form = BookForm(request.POST or None, site=inquiry.site)
        if request.method == "POST" and form.is_valid():
            try:
                assessment = services.assessment_book(actor=acting_user(request), inquiry=inquiry, **form.cleaned_data)
            except ValidationError as exc:
                inquiry.refresh_from_db()
                add_errors(form, exc)
            else:
                return redirect("intake:inquiry_detail", pk=assessment.inquiry_id)
        return render(
            request, "intake/assessment_book.html", {"form": form, "inquiry": inquiry}, status=status_for(form)
        )
