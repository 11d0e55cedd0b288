import datetime as dt

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.audit import selectors
from openiop.core.forms import BoundedDatesMixin


class EventFilterForm(BoundedDatesMixin, forms.Form):
    client = forms.IntegerField(required=False, min_value=1, label="Client id")
    user = forms.CharField(required=False, max_length=254, label="User e-mail")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data


@staff_required(policy.can_read_audit)
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = selectors.events_for_user(
        user=request.user,
        client_id=filters.get("client"),
        user_email=filters.get("user") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page_obj = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/event_list.html", {"form": form, "page_obj": page_obj})
