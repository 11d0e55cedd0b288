"""PDFs rendered on the fly with WeasyPrint from stored, immutable text: nothing extra is kept on disk.

A signed document prints its stored rendered text and signature; a disclosure prints its stored
snapshot of the released records with the §2.32 notice on every page; the accounting prints the
disclosure rows. WeasyPrint may load only ``data:`` URLs (the drawn signature), never files or
the network.
"""

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from openiop.consents import texts
from openiop.consents.models import ConsentDocument, Disclosure


def pdf_document(html: str) -> Any:
    """The laid-out WeasyPrint document (tests inspect its pages)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).render()


def html_to_pdf(html: str) -> bytes:
    pdf: bytes = pdf_document(html).write_pdf()
    return pdf


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def notice_context() -> dict[str, Any]:
    return {
        "statement_1": texts.NOTICE_STATEMENT_1,
        "statement_1_items": texts.NOTICE_STATEMENT_1_ITEMS,
        "statement_1_end": texts.NOTICE_STATEMENT_1_END,
        "statement_2": texts.NOTICE_STATEMENT_2,
    }


def document_html(document: ConsentDocument) -> str:
    context = {"document": document, "printed_at": timezone.now(), "tz": document.site.time_zone}
    return render_to_string("consents/pdf/document.html", context)


def disclosure_html(disclosure: Disclosure) -> str:
    return render_to_string(
        "consents/pdf/disclosure.html",
        {
            "disclosure": disclosure,
            "consent": disclosure.consent,
            "client": disclosure.client,
            "tz": disclosure.site.time_zone,
            **notice_context(),
        },
    )


def accounting_html(context: dict[str, Any]) -> str:
    """``context``: client, entries (disclosures), start, today and tz, as the accounting page has them."""
    return render_to_string("consents/pdf/accounting.html", context)
