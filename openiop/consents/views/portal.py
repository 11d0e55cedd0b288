"""The client's own pages: sign, decline or revoke their documents, print them and their accounting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts.decorators import client_user_required
from openiop.accounts.types import acting_user
from openiop.audit.models import Action
from openiop.clients.selectors import client_get_for_user
from openiop.consents import pdf, selectors, services
from openiop.consents.models import ConsentDocument, ConsentStatus
from openiop.consents.views.documents import accounting_context, sign_page


def _own_document(request: HttpRequest, pk: int, action: str | None = Action.VIEW) -> ConsentDocument:
    """The client's own document (404 for anyone else's, so its existence stays private)."""
    return selectors.document_get_for_user(user=request.user, pk=pk, action=action)


@client_user_required
def my_documents(request: HttpRequest) -> HttpResponse:
    client = client_get_for_user(user=request.user, pk=selectors.own_client_id(request.user), what="consents")
    documents = list(selectors.documents_for_client(client=client))
    context = {
        "client": client,
        "pending": [d for d in documents if d.status == ConsentStatus.PENDING],
        "done": [d for d in documents if d.status != ConsentStatus.PENDING],
    }
    return render(request, "consents/portal/documents.html", context)


@client_user_required
@require_http_methods(["GET", "POST"])
def my_sign(request: HttpRequest, pk: int) -> HttpResponse:
    document = _own_document(request, pk)
    if not document.is_pending:
        return redirect("consents:my_documents")
    done = reverse("consents:my_documents")
    return sign_page(request, document, staff_device=False, done_url=done, template="consents/portal/sign.html")


@client_user_required
def my_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = _own_document(request, pk, action=Action.PRINT)
    return pdf.pdf_response(pdf.html_to_pdf(pdf.document_html(document)), f"consent-{document.pk}.pdf")


@client_user_required
@require_POST
def my_decline(request: HttpRequest, pk: int) -> HttpResponse:
    document = _own_document(request, pk, action=None)
    try:
        services.consent_decline(actor=acting_user(request), document=document)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("consents:my_documents")
    messages.success(request, pgettext("consents", "You chose not to sign: %(title)s.") % {"title": document.title})
    return redirect("consents:my_documents")


@client_user_required
@require_POST
def my_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    document = _own_document(request, pk, action=None)
    if request.POST.get("confirm") != "yes":
        messages.error(request, pgettext("consents", "Tick the box to confirm that you want to revoke this consent."))
        return redirect("consents:my_documents")
    try:
        services.consent_revoke(actor=acting_user(request), document=document)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("consents:my_documents")
    messages.success(
        request,
        pgettext("consents", "Revoked: %(title)s. The program will not share your records under it from today.")
        % {"title": document.title},
    )
    return redirect("consents:my_documents")


@client_user_required
def my_accounting(request: HttpRequest) -> HttpResponse:
    client = client_get_for_user(
        user=request.user, pk=selectors.own_client_id(request.user), what="disclosure_accounting"
    )
    return render(request, "consents/portal/accounting.html", accounting_context(client))


@client_user_required
def my_accounting_pdf(request: HttpRequest) -> HttpResponse:
    client = client_get_for_user(
        user=request.user, pk=selectors.own_client_id(request.user), action=Action.PRINT, what="disclosure_accounting"
    )
    return pdf.pdf_response(pdf.html_to_pdf(pdf.accounting_html(accounting_context(client))), "accounting.pdf")
