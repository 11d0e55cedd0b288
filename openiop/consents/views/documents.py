"""Staff pages: admission documents, signing on a staff device, documents, disclosures, accounting."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user
from openiop.audit.models import Action
from openiop.clients.models import Client
from openiop.clients.selectors import client_get_for_user
from openiop.consents import pdf, rendering, selectors, services
from openiop.consents.forms import DisclosureForm, ReleaseForm, RevokeForm, SignForm
from openiop.consents.models import ConsentDocument, ConsentStatus
from openiop.core.middleware import client_ip
from openiop.core.time import site_today


def add_service_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's field errors on the form's fields (or at the top when the form has no such field)."""
    for field, errors in exc.message_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif field == NON_FIELD_ERRORS:
            form.add_error(None, errors)
        else:
            form.add_error(None, [f"{field.replace('_', ' ').capitalize()}: {e}" for e in errors])


def _changeable_client(request: HttpRequest, client_id: int, what: str) -> Client:
    client = client_get_for_user(user=request.user, pk=client_id, what=what)
    if not policy.can_change_client(request.user, client):
        raise PermissionDenied("You may not change this client.")
    return client


def sign_page(
    request: HttpRequest, document: ConsentDocument, *, staff_device: bool, done_url: str, template: str
) -> HttpResponse:
    """The signing page, shared by the staff device and the client's own portal."""
    shown = rendering.text_sha256(document.rendered_text)
    form = SignForm(
        request.POST if request.method == "POST" else None, staff_device=staff_device, initial={"text_sha256": shown}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # On a staff device the client reads the page in the document's language; errors follow it.
        language = document.language if staff_device else translation.get_language()
        try:
            with translation.override(language):
                services.consent_sign(
                    actor=acting_user(request),
                    document=document,
                    typed_name=data["typed_name"],
                    agreed=data["agree"],
                    signer_role=data.get("signer_role") or "client",
                    signature_image=data["signature"],
                    shown_sha256=data["text_sha256"],
                    ip=client_ip(request),
                    user_agent=str(request.headers.get("User-Agent", "")),
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            with translation.override(language):
                done_message = pgettext("consents", "Signed: %(title)s. Thank you.") % {"title": document.title}
            messages.success(request, done_message)
            return redirect(done_url)
    context = {"document": document, "client": document.client, "form": form, "staff_device": staff_device}
    return render(request, template, context, status=422 if form.errors else 200)


@staff_required(policy.CHANGE_ROLES)
@require_http_methods(["GET", "POST"])
def admission(request: HttpRequest, client_id: int) -> HttpResponse:
    """The documents to sign after admission. A GET only reads; the documents the client has never
    been given are prepared by a POST (this page's button, or the admission itself)."""
    client = _changeable_client(request, client_id, "consent_admission")
    if request.method == "POST":
        prepared = services.admission_documents_prepare(actor=acting_user(request), client=client)
        if prepared:
            messages.success(request, f"{len(prepared)} documents prepared for signature.")
        return redirect("consents:admission", client_id=client.pk)
    documents = list(selectors.documents_for_client(client=client))
    missing_kinds, missing_people = services.admission_documents_missing(client=client)
    required = [d for d in documents if not d.is_part2]
    context = {
        "client": client,
        "documents": documents,
        "missing": len(missing_kinds) + len(missing_people),
        "all_required_signed": bool(required) and all(d.status == ConsentStatus.SIGNED for d in required),
        "pending": sum(1 for d in documents if d.is_pending),
    }
    return render(request, "consents/admission.html", context)


@staff_required(policy.CHANGE_ROLES)
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    if not policy.can_change_client(request.user, document.client):
        raise PermissionDenied("You may not collect signatures for this client.")
    if not document.is_pending:
        return redirect("consents:document", pk=document.pk)
    done = reverse("consents:admission", args=[document.client_id])
    return sign_page(request, document, staff_device=True, done_url=done, template="consents/sign.html")


def _document_context(request: HttpRequest, document: ConsentDocument, **extra: Any) -> dict[str, Any]:
    can_change = policy.can_change_client(request.user, document.client)
    return {
        "document": document,
        "client": document.client,
        "can_change": can_change,
        "revoke_form": extra.pop("revoke_form", None) or (RevokeForm() if can_change else None),
        "tz": document.site.time_zone,
        **extra,
    }


@staff_required()
def document(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    return render(request, "consents/document.html", _document_context(request, document))


@staff_required()
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(user=request.user, pk=pk, action=Action.PRINT)
    return pdf.pdf_response(pdf.html_to_pdf(pdf.document_html(document)), f"consent-{document.pk}.pdf")


@staff_required(policy.CHANGE_ROLES)
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(user=request.user, pk=pk, action=None)
    if not policy.can_change_client(request.user, document.client):
        raise PermissionDenied("You may not change this client's documents.")
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.consent_revoke(
                actor=acting_user(request),
                document=document,
                effective_date=form.cleaned_data["effective_date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, "Revocation recorded: no disclosure may be made under it from its effective date."
            )
            return redirect("consents:document", pk=document.pk)
    document.refresh_from_db()
    return render(request, "consents/document.html", _document_context(request, document, revoke_form=form), status=422)


@staff_required(policy.CHANGE_ROLES)
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(user=request.user, pk=pk, action=None)
    try:
        services.consent_decline(actor=acting_user(request), document=document)
    except ValidationError as exc:
        context = _document_context(request, document, errors=exc.messages)
        return render(request, "consents/document.html", context, status=422)
    messages.success(request, "Recorded: the client declined this document.")
    return redirect("consents:admission", client_id=document.client_id)


@staff_required(policy.CHANGE_ROLES)
@require_http_methods(["GET", "POST"])
def release_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _changeable_client(request, client_id, "consent_release_form")
    providers = [p for p in selectors.providers_for_user(user=request.user) if p.site_id == client.site_id]
    form = ReleaseForm(request.POST if request.method == "POST" else None, client=client, providers=providers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.consent_prepare(
                actor=acting_user(request),
                client=client,
                kind="part2_release",
                support_contact=data["support_contact"],
                provider=data["provider"],
                recipient_name=data["recipient_name"],
                recipient_details=data["recipient_details"],
                information=data["information"],
                information_kinds=data["information_kinds"] or None,
                purposes=data["purposes"] or None,
                expiration_kind=data["expiration_kind"],
                expires_on=data["expires_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Release prepared. The client can sign it now or in the portal.")
            return redirect("consents:document", pk=document.pk)
    status = 422 if form.errors else 200
    return render(request, "consents/release_form.html", {"client": client, "form": form}, status=status)


@staff_required(policy.CHANGE_ROLES)
@require_http_methods(["GET", "POST"])
def disclosure_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _changeable_client(request, client_id, "disclosure_form")
    today = site_today(client.site)
    valid = selectors.valid_consents_for_client(client=client, on=today)
    narratives = policy.can_view_narratives(request.user, client)
    form = DisclosureForm(
        request.POST if request.method == "POST" else None, client=client, valid=valid, narratives=narratives
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            disclosure = services.disclosure_create(
                actor=acting_user(request),
                client=client,
                consent=data["consent"],
                recipient=data["recipient"],
                recipient_class=data["recipient_class"],
                recipient_address=data["recipient_address"],
                purpose=data["purpose"],
                records=data["records"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Disclosure {disclosure.pk} recorded in the accounting. Download its PDF below.")
            return redirect("consents:accounting", client_id=client.pk)
    context = {"client": client, "form": form, "valid": valid}
    return render(request, "consents/disclosure_form.html", context, status=422 if form.errors else 200)


@staff_required()
def disclosure_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = selectors.disclosure_get_for_pdf(user=request.user, pk=pk)
    return pdf.pdf_response(pdf.html_to_pdf(pdf.disclosure_html(disclosure)), f"disclosure-{disclosure.pk}.pdf")


def accounting_context(client: Client) -> dict[str, Any]:
    today = site_today(client.site)
    return {
        "client": client,
        "entries": list(selectors.accounting_for_client(client=client, today=today)),
        "start": selectors.accounting_start(today),
        "today": today,
        "tz": client.site.time_zone,
    }


@staff_required()
def accounting(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_user(user=request.user, pk=client_id, what="disclosure_accounting")
    context = accounting_context(client)
    context["can_change"] = policy.can_change_client(request.user, client)
    return render(request, "consents/accounting.html", context)


@staff_required()
def accounting_pdf(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get_for_user(user=request.user, pk=client_id, action=Action.PRINT, what="disclosure_accounting")
    html = pdf.accounting_html(accounting_context(client))
    return pdf.pdf_response(pdf.html_to_pdf(html), f"accounting-{client.pk}.pdf")


@staff_required(policy.AUDIT_ROLES)
def disclosure_log(request: HttpRequest) -> HttpResponse:
    """Every disclosure at the sites whose audit data the user reads (compliance review)."""
    page_obj = selectors.disclosure_page_for_auditor(user=request.user, page=request.GET.get("page"))
    return render(request, "consents/disclosure_log.html", {"page_obj": page_obj})
