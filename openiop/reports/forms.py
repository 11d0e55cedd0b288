"""The dashboard's choices: site, period and filters (a GET form; bad values are field errors)."""

import datetime as dt
from typing import Any

from django import forms

from openiop.accounts.models import Site
from openiop.clients.models import GenderIdentity, Language, LevelOfCare
from openiop.core.forms import BoundedDatesMixin
from openiop.reports.figures import AGE_BANDS, Filters
from openiop.reports.services import period_problem

DEFAULT_DAYS = 90


class DashboardForm(BoundedDatesMixin, forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), empty_label=None)
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    track = forms.ChoiceField(required=False)
    level = forms.ChoiceField(label="Level of care", required=False, choices=[("", "Any"), *LevelOfCare.choices])
    gender = forms.ChoiceField(required=False, choices=[("", "Any"), *GenderIdentity.choices])
    age_band = forms.ChoiceField(
        label="Age at admission", required=False, choices=[("", "Any"), *((b[0], b[0]) for b in AGE_BANDS)]
    )
    language = forms.ChoiceField(required=False, choices=[("", "Any"), *Language.choices])

    def __init__(self, *args: Any, sites: Any, tracks: list[str], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field: Any = self.fields["site"]
        site_field.queryset = sites
        track_field: Any = self.fields["track"]
        track_field.choices = [("", "Any"), *((t, t) for t in tracks)]
        self.fields["start"].initial = today - dt.timedelta(days=DEFAULT_DAYS)
        self.fields["end"].initial = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            problem = period_problem(start, end)
            if problem:
                self.add_error("end", problem)
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            track=data.get("track", ""),
            level=data.get("level", ""),
            gender=data.get("gender", ""),
            age_band=data.get("age_band", ""),
            language=data.get("language", ""),
        )
