import csv
import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.audit import selectors
from openiop.audit.models import Action
from openiop.core.forms import BoundedDatesMixin

ID_MAX = 2**63 - 1
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = [
    "id",
    "when_utc",
    "user",
    "role",
    "site",
    "event",
    "object",
    "object_id",
    "client_id",
    "client",
    "ip",
    "channel",
    "request_id",
    "path",
    "status",
    "hash",
]


class EventFilterForm(BoundedDatesMixin, forms.Form):
    client_name = forms.CharField(required=False, max_length=100, label="Client name")
    client = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX, label="Client id")
    user = forms.CharField(required=False, max_length=254, label="User e-mail")
    action = forms.ChoiceField(required=False, choices=[("", "Any event"), *Action.choices], label="Event")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    before = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX, widget=forms.HiddenInput)
    after = forms.IntegerField(required=False, min_value=0, max_value=ID_MAX, widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filters(self) -> selectors.TrailFilters:
        data: dict[str, Any] = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return selectors.TrailFilters(
            client_id=data.get("client"),
            client_name=data.get("client_name") or "",
            user_email=data.get("user") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def _query(request: HttpRequest, **page: int) -> str:
    """The request's filters as a query string, without its page position, plus ``page``."""
    params = request.GET.copy()
    for name in ("before", "after"):
        params.pop(name, None)
    for name, value in page.items():
        params[name] = str(value)
    return str(params.urlencode())


@staff_required(policy.can_read_audit)
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    position = form.cleaned_data if valid else {}
    page = selectors.trail_page(
        user=request.user, filters=form.filters(), before=position.get("before"), after=position.get("after")
    )
    context = {
        "form": form,
        "page": page,
        "refused_only": form.filters().action == Action.REFUSED,
        "newer_query": _query(request, after=page.newer) if page.newer else "",
        "older_query": _query(request, before=page.older) if page.older else "",
        "export_query": _query(request),
    }
    return render(request, "audit/event_list.html", context)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


@staff_required(policy.can_read_audit)
def event_export(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/event_list.html", {"form": form, "page": selectors.TrailPage()}, status=422)
    export = selectors.trail_export(user=request.user, filters=form.filters())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["chain verification", export.verified])
    if export.truncated:
        writer.writerow(["truncated", f"the newest {len(export.events)} matching events; narrow the filters"])
    writer.writerow([])
    writer.writerow(COLUMNS)
    for e in export.events:
        detail = e.detail if isinstance(e.detail, dict) else {}
        writer.writerow(
            _cell(v)
            for v in [
                e.pk,
                e.occurred_at.isoformat(),
                e.user_email,
                e.role,
                e.site.name if e.site else "",
                e.action,
                e.object_type,
                e.object_id,
                e.client_id or "",
                str(e.client) if e.client else "",
                e.ip_address,
                e.channel,
                e.request_id,
                detail.get("path", ""),
                detail.get("status", ""),
                e.hash,
            ]
        )
    return response
