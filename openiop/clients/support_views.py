"""Pages of the support network: list and add, edit, retire; who attended a family session."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.clients import selectors, services, stay_selectors
from openiop.clients.models import FamilySessionAttendee
from openiop.clients.stay_forms import FamilyAttendeesForm, RetireForm, SupportContactForm, add_errors
from openiop.core.concurrency import Conflict, StaleVersion


@staff_required()
@require_http_methods(["GET", "POST"])
def support_list(request: HttpRequest, pk: int) -> HttpResponse:
    client = selectors.client_get_for_user(user=request.user, pk=pk, what="support_network")
    can_change = policy.can_change_client(request.user, client)
    form = SupportContactForm(request.POST or None) if can_change else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("You may not change this client.")
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.support_contact_create(actor=acting_user(request), client=client, **data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Contact added.")
                return redirect("clients:support", pk=client.pk)
        status = 422
    contacts = list(stay_selectors.support_contacts_for_client(client=client, include_retired=True))
    context = {"client": client, "contacts": contacts, "form": form, "can_change": can_change}
    return render(request, "clients/support_list.html", context, status=status)


@staff_required(policy.CHANGE_ROLES)
@require_http_methods(["GET", "POST"])
def support_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    contact = stay_selectors.support_contact_get_for_user(
        user=request.user, client_pk=pk, pk=contact_pk, showing_form=request.method == "GET"
    )
    if not policy.can_change_client(request.user, contact.client):
        raise PermissionDenied("You may not change this client.")
    form = SupportContactForm(request.POST or None, instance=contact)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            expected = data.pop("version", None)
            try:
                services.support_contact_update(
                    actor=acting_user(request), contact=contact, expected_version=expected, **data
                )
            except ValidationError as exc:
                add_errors(form, exc)
            except (StaleVersion, Conflict) as exc:
                form.add_error(None, str(exc))
                status = 409
            else:
                return redirect("clients:support", pk=pk)
        status = status if status != 200 else 422
    context = {"client": contact.client, "contact": contact, "form": form}
    return render(request, "clients/support_edit.html", context, status=status)


@staff_required(policy.CHANGE_ROLES)
@require_POST
def support_retire(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    contact = stay_selectors.support_contact_get_for_user(user=request.user, client_pk=pk, pk=contact_pk)
    form = RetireForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.support_contact_retire(actor=acting_user(request), contact=contact, reason=reason)
    except Conflict as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, f"{contact.name} is no longer in the support network.")
    return redirect("clients:support", pk=pk)


@staff_required(policy.NOTE_ROLES)
@require_http_methods(["GET", "POST"])
def family_attendees(request: HttpRequest, note_pk: int) -> HttpResponse:
    note = stay_selectors.family_note_get_for_user(user=request.user, pk=note_pk, showing_form=request.method == "GET")
    current = list(FamilySessionAttendee.objects.filter(note=note).values_list("contact_id", flat=True))
    form = FamilyAttendeesForm(request.POST or None, client=note.client, initial={"contacts": current})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.family_attendance_set(
                    actor=acting_user(request), note=note, contacts=list(form.cleaned_data["contacts"])
                )
            except ValidationError as exc:
                add_errors(form, exc)
            except Conflict as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "Attendees recorded.")
                return redirect("clients:family_attendees", note_pk=note.pk)
        status = 422
    return render(request, "clients/family_attendees.html", {"note": note, "form": form}, status=status)
