from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.clinical.forms import AddendumForm, NoteForm, SignForm
from openiop.clinical.models import SECTIONS, Note, NoteLocked, Objective, ObjectiveStatus
from openiop.clinical.selectors import notes as note_selectors
from openiop.clinical.services import notes as note_services
from openiop.clinical.services.common import settings_for_site
from openiop.clinical.views.common import READ_ROLES, WRITE_ROLES, add_errors, narrative_client
from openiop.core.concurrency import (
    PENDING,
    Conflict,
    StaleVersion,
    new_form_token,
    stale_message,
    submission_claim,
    submission_done,
    submission_release,
)


def _objectives(client_id: int) -> object:
    return Objective.objects.filter(
        problem__plan__client_id=client_id, problem__plan__status="active", status=ObjectiveStatus.OPEN
    )


@staff_required(READ_ROLES)
def note_list(request: HttpRequest) -> HttpResponse:
    """My drafts (late ones first), notes awaiting my co-signature."""
    cutoff = note_selectors.late_cutoff()
    drafts = list(note_selectors.drafts_for_author(user=request.user)[:200])
    return render(
        request,
        "clinical/note_list.html",
        {
            "drafts": drafts,
            "cutoff": cutoff,
            "to_cosign": list(note_selectors.awaiting_cosign_for(user=request.user)[:200]),
        },
    )


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def note_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = narrative_client(request, pk, action=None)
    if not policy.can_write_notes(request.user, client):
        raise PermissionDenied("You may not write notes for this client.")
    note_format = settings_for_site(client.site_id).note_format
    with timezone.override(client.site.time_zone):
        form = NoteForm(
            request.POST or None,
            note_format=note_format,
            objectives=_objectives(client.pk),
            creating=True,
            initial={"kind": request.GET.get("kind", "individual"), "token": new_form_token()},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            first = submission_claim(user_id=request.user.pk, token=data["token"])
            if first is not None:
                messages.info(request, "This note was already saved (the form was sent twice).")
                return redirect(first if first != PENDING else "clinical:note_list")
            try:
                note = note_services.note_create(
                    actor=acting_user(request),
                    client=client,
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    sections=form.sections(),
                    service_code=data["service_code"] or None,
                    objective=data["objective"],
                )
            except ValidationError as exc:
                submission_release(user_id=request.user.pk, token=data["token"])
                add_errors(form, exc)
            else:
                submission_done(
                    user_id=request.user.pk, token=data["token"], url=reverse("clinical:note_detail", args=[note.pk])
                )
                return redirect("clinical:note_detail", pk=note.pk)
        return render(
            request,
            "clinical/note_form.html",
            {"form": form, "client": client, "note": None, "format": note_format.upper()},
            status=422 if form.errors else 200,
        )


@staff_required(READ_ROLES)
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    note = note_selectors.note_get_for_user(user=request.user, pk=pk)
    can_write = policy.can_write_notes(request.user, note.client)
    with timezone.override(note.client.site.time_zone):
        return render(
            request,
            "clinical/note_detail.html",
            {
                "note": note,
                "client": note.client,
                "can_edit": not note.is_signed and note.author_id == request.user.pk,
                "can_add": note.is_signed and can_write,
                "can_cosign": note.awaiting_cosign
                and note_selectors.awaiting_cosign_for(user=request.user).filter(pk=note.pk).exists(),
                "addendum_form": AddendumForm(),
                "sign_form": SignForm(),
            },
        )


def _edit_form(note: Note, data: object = None) -> NoteForm:
    initial = {
        "starts_at": note.starts_at,
        "ends_at": note.ends_at,
        "service_code": note.service_code,
        "objective": note.objective_id,
        "version": note.version,
        **{f"section_{k}": v for k, v in note.sections.items()},
    }
    return NoteForm(
        data, note_format=note.format, objectives=_objectives(note.client_id), creating=False, initial=initial
    )


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft; "Sign" saves, re-authenticates and locks it."""
    note = note_selectors.note_get_for_edit(user=request.user, pk=pk, showing_form=request.method == "GET")
    if note.is_signed:
        messages.info(request, "This note is signed and locked; add an addendum to correct it.")
        return redirect("clinical:note_detail", pk=note.pk)
    mine: list[tuple[str, str]] = []
    stale = ""
    with timezone.override(note.client.site.time_zone):
        form = _edit_form(note, request.POST or None)
        sign_form = SignForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and sign_form.is_valid():
            data = form.cleaned_data
            try:
                note_services.note_update(
                    actor=acting_user(request),
                    note=note,
                    expected_version=data["version"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    sections=form.sections(),
                    service_code=data["service_code"],
                    objective=data["objective"],
                )
                if request.POST.get("action") == "sign":
                    note_services.note_sign(
                        actor=acting_user(request),
                        note=note,
                        password=sign_form.cleaned_data["password"],
                        code=sign_form.cleaned_data["code"],
                        expected_version=note.version,
                    )
                    messages.success(request, "Note signed and locked.")
            except ValidationError as exc:
                add_errors(sign_form if {"password", "code"} & set(getattr(exc, "error_dict", {})) else form, exc)
            except StaleVersion as exc:
                # Show their version in the fields and keep this author's text beside it.
                mine = [(label, form.cleaned_data.get(f"section_{key}", "")) for key, label in SECTIONS[note.format]]
                note.refresh_from_db()
                form, stale = _edit_form(note), stale_message(exc)
            except Conflict as exc:
                messages.error(request, str(exc))
                return redirect("clinical:note_detail", pk=note.pk)
            else:
                return redirect("clinical:note_detail", pk=note.pk)
        errors = form.errors or sign_form.errors
        return render(
            request,
            "clinical/note_form.html",
            {
                "form": form,
                "sign_form": sign_form,
                "client": note.client,
                "note": note,
                "format": note.format.upper(),
                "mine": mine,
                "stale": stale,
            },
            status=409 if stale else 422 if errors else 200,
        )


@staff_required(WRITE_ROLES)
@require_POST
def note_addendum(request: HttpRequest, pk: int) -> HttpResponse:
    note = note_selectors.note_get_for_user(user=request.user, pk=pk, action=None)
    form = AddendumForm(request.POST)
    if form.is_valid():
        try:
            note_services.note_addendum_add(
                actor=acting_user(request),
                note=note,
                text=form.cleaned_data["text"],
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Addendum signed and added.")
            return redirect("clinical:note_detail", pk=note.pk)
    with timezone.override(note.client.site.time_zone):
        return render(
            request,
            "clinical/note_detail.html",
            {
                "note": note,
                "client": note.client,
                "can_add": note.is_signed,
                "addendum_form": form,
                "sign_form": SignForm(),
            },
            status=422,
        )


@staff_required(WRITE_ROLES)
@require_POST
def note_cosign(request: HttpRequest, pk: int) -> HttpResponse:
    note = note_selectors.note_get_for_user(user=request.user, pk=pk, action=None)
    form = SignForm(request.POST)
    form.is_valid()
    try:
        note_services.note_cosign(
            actor=acting_user(request),
            note=note,
            password=form.cleaned_data.get("password", ""),
            code=form.cleaned_data.get("code", ""),
        )
    except (ValidationError, NoteLocked) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, "Note co-signed.")
    return redirect("clinical:note_detail", pk=note.pk)
