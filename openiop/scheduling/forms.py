from typing import Any

from django import forms

from openiop.core.models import Weekday
from openiop.program.models import Module
from openiop.scheduling.models import AvailabilityKind


class PlanWeekForm(forms.Form):
    week = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Week of")
    time_limit_s = forms.IntegerField(
        min_value=1, max_value=600, initial=10, label="Time limit (seconds)", help_text="The solver stops by then."
    )


class MoveForm(forms.Form):
    client = forms.TypedChoiceField(coerce=int, label="Client")
    remove = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Take out of")
    add = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Put into")

    def __init__(
        self, *args: Any, clients: list[tuple[int, str]], sessions: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", "Choose a client"), *clients]  # type: ignore[attr-defined]
        self.fields["remove"].choices = [("", "— nothing —"), *sessions]  # type: ignore[attr-defined]
        self.fields["add"].choices = [("", "— nothing —"), *sessions]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove") is None and data.get("add") is None and not self.errors:
            raise forms.ValidationError("Choose a session to take the client out of, one to put them into, or both.")
        return data


class AvailabilityWindowForm(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        choices=Weekday.choices, coerce=int, widget=forms.CheckboxSelectMultiple, label="Days"
    )
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="From")
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="To")
    kind = forms.ChoiceField(
        choices=AvailabilityKind.choices,
        label="What it is",
        help_text="Available and preferred times are open for treatment; work, school, childcare and other "
        "commitments are taken out of them.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end must be after the start.")
        return data


class PlanProfileForm(forms.Form):
    individual_minutes = forms.IntegerField(
        min_value=0,
        max_value=180,
        initial=50,
        label="Individual session (minutes a week)",
        help_text="0: no individual session in the weekly plan.",
    )
    notes = forms.CharField(max_length=200, required=False, label="Planning notes")


class CompletedModulesForm(forms.Form):
    modules = forms.ModelMultipleChoiceField(
        queryset=Module.objects.filter(active=True).order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Modules completed",
    )
