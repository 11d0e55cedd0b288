import datetime as dt
import re
from typing import Any

from django import forms

from openiop.accounts.models import Site, User
from openiop.clients.models import Client, Population
from openiop.core.forms import BoundedDatesMixin
from openiop.core.models import Weekday
from openiop.program.models import (
    WEEKDAYS,
    EnrollmentSource,
    Focus,
    GenderRule,
    Module,
    Room,
    Track,
)
from openiop.program.recurrence import RecurrenceError, validate_rrule

DAY_CODES = {"mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU"}
_BLOCK = re.compile(r"^(?P<days>[a-z ,/]+?)\s+(?P<start>\d\d:\d\d)\s*[-–]\s*(?P<end>\d\d:\d\d)$")


def blocks_to_text(blocks: list[dict[str, Any]]) -> str:
    return "; ".join(f"{' '.join(b['days'])} {b['start']}-{b['end']}" for b in blocks)


def text_to_blocks(text: str) -> list[dict[str, Any]]:
    blocks = []
    for part in (p.strip().lower() for p in text.split(";")):
        if not part:
            continue
        match = _BLOCK.match(part)
        if match is None:
            raise forms.ValidationError(f"“{part}” is not like “mon wed thu 09:00-12:00”.")
        days = [d[:3] for d in re.split(r"[ ,/]+", match["days"]) if d]
        unknown = [d for d in days if d not in WEEKDAYS]
        if unknown:
            raise forms.ValidationError(f"{', '.join(unknown)}: days are mon, tue, wed, thu, fri, sat, sun.")
        blocks.append({"days": days, "start": match["start"], "end": match["end"]})
    return blocks


class TrackForm(forms.Form):
    name = forms.CharField(max_length=100)
    population = forms.ChoiceField(choices=Population.choices)
    gender_rule = forms.ChoiceField(choices=GenderRule.choices, label="Who may join")
    focus = forms.ChoiceField(choices=Focus.choices)
    usual_blocks = forms.CharField(
        required=False,
        label="Usual blocks",
        help_text="Days and times separated by semicolons, e.g. “mon wed thu 09:00-12:00; mon tue thu 18:00-21:00”.",
    )
    default_prescribed_hours = forms.DecimalField(min_value=6, max_value=19, decimal_places=1, initial=12)
    active = forms.BooleanField(required=False, initial=True)

    def clean_usual_blocks(self) -> list[dict[str, Any]]:
        return text_to_blocks(self.cleaned_data["usual_blocks"])

    @classmethod
    def initial_for(cls, track: Track) -> dict[str, Any]:
        return {
            "name": track.name,
            "population": track.population,
            "gender_rule": track.gender_rule,
            "focus": track.focus,
            "usual_blocks": blocks_to_text(track.usual_blocks),
            "default_prescribed_hours": track.default_prescribed_hours,
            "active": track.active,
        }


class RoomForm(forms.Form):
    name = forms.CharField(max_length=100)
    capacity = forms.IntegerField(min_value=1, max_value=200, initial=12)


class SeriesForm(BoundedDatesMixin, forms.Form):
    track = forms.ModelChoiceField(queryset=Track.objects.none())
    name = forms.CharField(max_length=120, help_text="What staff call the group, e.g. “Monday–Thursday mornings”.")
    days = forms.MultipleChoiceField(
        choices=[(code, label) for code, label in zip(WEEKDAYS, Weekday.labels, strict=True)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Weekly on these days; or give a recurrence rule below.",
    )
    rrule = forms.CharField(
        required=False,
        max_length=300,
        label="Recurrence rule (optional)",
        help_text="RFC 5545, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU. Overrides the days above.",
    )
    first_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    room = forms.ModelChoiceField(queryset=Room.objects.none(), required=False)
    facilitators = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(min_value=1, max_value=200, initial=12)
    modules = forms.ModelMultipleChoiceField(
        queryset=Module.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Taught in turn, one per meeting, in curriculum order.",
    )
    exception_dates = forms.CharField(
        required=False,
        label="No group on (holidays)",
        help_text="Dates separated by commas, e.g. 2026-12-25, 2027-01-01.",
    )

    def __init__(self, *args: Any, site: Site, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(site=site, active=True)  # type: ignore[attr-defined]
        self.fields["room"].queryset = Room.objects.filter(site=site)  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = User.objects.filter(pk__in=[u.pk for u in staff])  # type: ignore[attr-defined]

    def clean_exception_dates(self) -> list[dt.date]:
        dates = []
        for text in (t.strip() for t in self.cleaned_data["exception_dates"].split(",")):
            if not text:
                continue
            try:
                dates.append(dt.date.fromisoformat(text))
            except ValueError:
                raise forms.ValidationError(f"“{text}” is not a date like 2026-12-25.") from None
        return dates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule = (data.get("rrule") or "").strip()
        if not rule:
            days = data.get("days") or []
            if not days:
                self.add_error("days", "Pick the days the group meets, or give a recurrence rule.")
            rule = "FREQ=WEEKLY;BYDAY=" + ",".join(DAY_CODES[d] for d in WEEKDAYS if d in days)
        try:
            validate_rrule(rule)
        except RecurrenceError as exc:
            self.add_error("rrule", str(exc))
        data["rrule"] = rule
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time.")
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", "The last day cannot be before the first day.")
        return data


class SessionMoveForm(BoundedDatesMixin, forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    room = forms.ModelChoiceField(queryset=Room.objects.none(), required=False)
    reason = forms.CharField(max_length=200, help_text="Shown to staff; calendars show the new time.")

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(site=site)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time.")
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(max_length=200, help_text="Shown to staff; calendars show the session as cancelled.")


class RosterAddForm(forms.Form):
    client = forms.ModelChoiceField(queryset=Client.objects.none())
    source = forms.ChoiceField(
        choices=[(EnrollmentSource.MANUAL, "Added by staff"), (EnrollmentSource.DROP_IN, "Drop-in")],
        initial=EnrollmentSource.MANUAL,
    )

    def __init__(self, *args: Any, clients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]


class StaffWindowForm(forms.Form):
    weekday = forms.TypedChoiceField(choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end must be after the start.")
        return data


class StaffAbsenceForm(BoundedDatesMixin, forms.Form):
    first_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(max_length=100, required=False, help_text="e.g. annual leave, training")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", "The last day cannot be before the first day.")
        return data


class WeekForm(BoundedDatesMixin, forms.Form):
    week = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Week of")
