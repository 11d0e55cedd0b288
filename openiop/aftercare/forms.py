"""Forms of the aftercare app (labels the client reads are translated: the portal shows them)."""

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from openiop.aftercare.meetings.search import DAY_NAMES, Query
from openiop.aftercare.meetings.types import FINDER_TYPES, type_name
from openiop.aftercare.models import PLAN_TEXT_FIELDS, AftercarePlan, MeetingSource, ParticipationKind
from openiop.consents.models import Provider
from openiop.core.forms import BoundedDatesMixin

DAY_LABELS = (_("Sunday"), _("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"))
DEFAULT_MILES = 10
MAX_RESULTS = 50


class FinderForm(forms.Form):
    """Near a ZIP code (in person and hybrid), or online; days, a start window and types."""

    zip_code = forms.RegexField(
        regex=r"^\d{5}$",
        required=False,
        label=_("ZIP code"),
        error_messages={"invalid": _("Enter a 5-digit ZIP code.")},
    )
    miles = forms.IntegerField(
        min_value=1, max_value=100, required=False, initial=DEFAULT_MILES, label=_("Within (miles)")
    )
    days = forms.MultipleChoiceField(
        choices=list(zip(DAY_NAMES, DAY_LABELS, strict=True)),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Days"),
    )
    start_from = forms.TimeField(
        required=False, label=_("Starting from"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    start_to = forms.TimeField(
        required=False, label=_("Starting before"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    types = forms.MultipleChoiceField(
        choices=(), required=False, widget=forms.CheckboxSelectMultiple, label=_("Meetings for")
    )
    online = forms.BooleanField(required=False, label=_("Online meetings (and hybrid) instead of near me"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = get_language() or "en"
        types = self.fields["types"]
        if isinstance(types, forms.MultipleChoiceField):
            types.choices = [(code, type_name(code, language)) for code in FINDER_TYPES]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_from"), data.get("start_to")
        if start is not None and end is not None and end <= start:
            self.add_error("start_to", _("Choose a time after the first one."))
        return data

    def query(self, near: tuple[float, float] | None) -> Query:
        data = self.cleaned_data
        days = frozenset(DAY_NAMES.index(d) for d in data.get("days") or []) or None
        online = bool(data.get("online"))
        return Query(
            near=None if online else near,
            miles=None if online or near is None else float(data.get("miles") or DEFAULT_MILES),
            days=days,
            start_from=data.get("start_from"),
            start_to=data.get("start_to"),
            types=tuple(data.get("types") or ()),
            attendance=frozenset({"online", "hybrid"}) if online else frozenset({"in_person", "hybrid"}),
            limit=MAX_RESULTS,
        )


class AftercarePlanForm(forms.ModelForm[AftercarePlan]):
    class Meta:
        model = AftercarePlan
        fields = ("step_down_level", "provider", *PLAN_TEXT_FIELDS)
        labels: ClassVar[dict[str, str]] = {
            "step_down_level": "Step-down level of care",
            "provider": "Provider (from the site's directory)",
            "follow_up_appointments": "Follow-up appointments (who, when, where)",
            "medications": "Medications",
            "sponsor": "Sponsor",
            "sober_living": "Sober living",
            "recovery_community": "Recovery community (groups, centers, activities)",
            "warning_signs": "Relapse warning signs",
            "warning_actions": "What to do when they appear",
            "crisis_lines": "Crisis lines",
        }
        widgets: ClassVar[dict[str, Any]] = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in PLAN_TEXT_FIELDS
            if name not in {"sponsor", "sober_living"}
        }

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        if isinstance(provider, forms.ModelChoiceField):
            provider.queryset = Provider.objects.filter(site_id=site_id, active=True)


class PlanSignForm(forms.Form):
    client_agreed = forms.BooleanField(required=False, label="Written with the client, who agrees to it")
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password (to sign)",
        required=False,
    )
    code = forms.CharField(
        required=False, max_length=10, label="Authenticator code (if you use two-factor authentication)"
    )


class AddMeetingForm(forms.Form):
    meeting = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    day = forms.IntegerField(min_value=0, max_value=6, widget=forms.HiddenInput)


class ParticipationForm(BoundedDatesMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=[
            (ParticipationKind.MEETING, _("I went to a meeting")),
            (ParticipationKind.SPONSOR, _("I talked with my sponsor")),
            (ParticipationKind.STEP_WORK, _("I did step work")),
        ],
        label=_("What"),
    )
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    meeting_name = forms.CharField(max_length=255, required=False, label=_("Which meeting"))
    step = forms.IntegerField(min_value=1, max_value=12, required=False, label=_("Step (1–12)"))
    note = forms.CharField(max_length=500, required=False, label=_("Note"))

    def clean_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["on"]
        return value


class MeetingSourceForm(forms.ModelForm[MeetingSource]):
    class Meta:
        model = MeetingSource
        fields = ("slug", "name", "url", "format", "refresh_hours", "active")
        labels: ClassVar[dict[str, str]] = {"url": "Feed URL", "refresh_hours": "Refresh every (hours)"}
