"""The dashboard as CSV and as PDF (WeasyPrint), small groups suppressed (figures/table.py)."""

import csv
import io

from django.template.loader import render_to_string

from openiop.accounts.models import Site
from openiop.reports import charts
from openiop.reports.figures import Dashboard, Table
from openiop.reports.figures.table import SUPPRESS_BELOW, as_text_rows, by_key, suppressed

NOTICE = f"Counts from 1 to {SUPPRESS_BELOW - 1} and figures computed from them are shown as <{SUPPRESS_BELOW}."


def _header(board: Dashboard, site: Site) -> list[list[str]]:
    filters = ", ".join(f"{k}={v}" for k, v in board.filters.as_dict().items()) or "none"
    return [
        ["openiop outcomes", site.name],
        ["period", board.start.isoformat(), board.end.isoformat()],
        ["as of", board.as_of.isoformat()],
        ["filters", filters],
        ["note", NOTICE],
    ]


def csv_bytes(board: Dashboard, site: Site) -> bytes:
    """One section per figure: its title, its column names and its rows, a blank line between."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(_header(board, site))
    for table in board.tables:
        shown = suppressed(table)
        writer.writerow([])
        writer.writerow([table.title])
        if table.note:
            writer.writerow([table.note])
        writer.writerow(list(table.columns))
        writer.writerows(as_text_rows(shown))
    return out.getvalue().encode("utf-8")


def pdf_html(board: Dashboard, site: Site) -> str:
    tables = [suppressed(t) for t in board.tables]
    svgs = charts.charts_for(dict(by_key(tables)))
    return render_to_string(
        "reports/pdf.html",
        {
            "site": site,
            "board": board,
            "sections": [_section(t, svgs.get(t.key)) for t in tables],
            "notice": NOTICE,
            "filters": board.filters.as_dict(),
        },
    )


def _section(table: Table, svg: str | None) -> dict[str, object]:
    return {"table": table, "rows": as_text_rows(table), "chart": charts.uri(svg) if svg else None}


def pdf_bytes(board: Dashboard, site: Site) -> bytes:
    from openiop.consents.pdf import html_to_pdf

    return html_to_pdf(pdf_html(board, site))
