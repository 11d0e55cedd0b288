from typing import Any

from django import forms

from openiop.clinical import group_picks
from openiop.clinical.analytes import ANALYTES
from openiop.clinical.models import (
    SECTIONS,
    STEPS,
    AbsenceReason,
    AttendanceStatus,
    Dimension,
    Method,
    Modality,
    NoteKind,
    Objective,
    ObjectiveStatus,
    Result,
    Specimen,
)
from openiop.clinical.service_codes import CODES
from openiop.core.forms import BoundedDatesMixin

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"})
NOTE_KINDS = [
    (NoteKind.INDIVIDUAL, "Individual"),
    (NoteKind.FAMILY, "Family"),
    (NoteKind.CASE_MANAGEMENT, "Case management"),
]


class SignForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password (to sign)",
        required=False,
    )
    code = forms.CharField(
        required=False,
        max_length=10,
        label="Authenticator code (if you use two-factor authentication)",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class NoteForm(BoundedDatesMixin, forms.Form):
    """An individual, family or case-management note; the section fields follow the site's format."""

    kind = forms.ChoiceField(choices=NOTE_KINDS)
    starts_at = forms.DateTimeField(widget=DATETIME, label="Started")
    ends_at = forms.DateTimeField(widget=DATETIME, label="Ended")
    service_code = forms.ChoiceField(
        choices=[("", "— suggest from the duration —"), *CODES.items()],
        required=False,
        help_text="Left empty, openiop suggests 90832 (16–37 min), 90834 (38–52) or 90837 (53+).",
    )
    objective = forms.ModelChoiceField(queryset=Objective.objects.none(), required=False, label="Objective addressed")
    # The version the author opened (editing) or a one-time token (creating): see core/concurrency.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, note_format: str, objectives: Any, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.note_format = note_format
        self.fields["objective"].queryset = objectives  # type: ignore[attr-defined]
        if not creating:
            del self.fields["kind"]
            del self.fields["token"]
        else:
            del self.fields["version"]
        for key, label in SECTIONS[note_format]:
            self.fields[f"section_{key}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_at") and data.get("ends_at") and data["starts_at"] >= data["ends_at"]:
            self.add_error("ends_at", "The session must end after it starts.")
        return data

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"section_{key}", "") for key, _ in SECTIONS[self.note_format]}


class AddendumForm(SignForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Addendum")
    field_order = ("text", "password", "code")


class ProblemForm(forms.Form):
    dimension = forms.TypedChoiceField(choices=Dimension.choices, coerce=int)
    statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Problem")
    goal = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Goal, in the client's own words")


class ObjectiveForm(BoundedDatesMixin, forms.Form):
    problem = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Measurable objective")
    target_date = forms.DateField(widget=DATE)


class InterventionForm(forms.Form):
    objective = forms.IntegerField(widget=forms.HiddenInput)
    modality = forms.ChoiceField(choices=Modality.choices)
    frequency = forms.CharField(max_length=100, help_text="e.g. 3 times a week")
    responsible = forms.IntegerField(widget=forms.Select)


class PlanSignForm(SignForm):
    client_signature = forms.CharField(max_length=200, label="Client signs: their full name", required=False)
    field_order = ("client_signature", "password", "code")


class ReviewForm(BoundedDatesMixin, forms.Form):
    reviewed_on = forms.DateField(widget=DATE)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Progress reviewed")

    def __init__(self, *args: Any, objectives: list[Objective], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for objective in objectives:
            self.fields[f"objective_{objective.pk}"] = forms.ChoiceField(
                choices=ObjectiveStatus.choices, initial=objective.status, label=objective.text[:80]
            )

    def statuses(self) -> dict[int, str]:
        return {
            int(name.split("_")[1]): value for name, value in self.cleaned_data.items() if name.startswith("objective_")
        }


class ScreenForm(BoundedDatesMixin, forms.Form):
    collected_at = forms.DateTimeField(widget=DATETIME, label="Collected")
    specimen = forms.ChoiceField(choices=Specimen.choices)
    method = forms.ChoiceField(choices=Method.choices)
    observed = forms.BooleanField(required=False, label="Collection observed")
    comment = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in ANALYTES.items():
            self.fields[f"result_{code}"] = forms.ChoiceField(
                choices=[("", "not tested"), *Result.choices], required=False, label=label
            )

    def results(self) -> dict[str, str]:
        return {
            code: self.cleaned_data[f"result_{code}"] for code in ANALYTES if self.cleaned_data.get(f"result_{code}")
        }


class MedicationForm(BoundedDatesMixin, forms.Form):
    name = forms.CharField(max_length=200)
    dose = forms.CharField(max_length=100, required=False)
    prescriber = forms.CharField(max_length=200, required=False)
    analytes = forms.MultipleChoiceField(
        choices=list(ANALYTES.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="May test positive for",
    )
    started_on = forms.DateField(widget=DATE)


class SafetyPlanForm(forms.Form):
    kept_where = forms.CharField(max_length=200, required=False, label="Where the client keeps the plan")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label, hint in STEPS:
            self.fields[key] = forms.CharField(
                label=label, help_text=hint, widget=forms.Textarea(attrs={"rows": 3}), required=True
            )
        self.order_fields([key for key, _, _ in STEPS] + ["kept_where"])


class SafetySignForm(SignForm):
    client_agreed = forms.BooleanField(required=False, label="Made with the client, who agrees to it")
    field_order = ("client_agreed", "password", "code")


class AttendanceRowForm(forms.Form):
    """One roster row of the attendance table; the service decides what a complete mark is."""

    client = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=AttendanceStatus.choices, widget=forms.RadioSelect, required=False)
    minutes = forms.IntegerField(required=False, min_value=0, max_value=24 * 60)
    absence_reason = forms.ChoiceField(choices=[("", "—"), *AbsenceReason.choices], required=False)


# A roster is at most a few dozen clients; the bound keeps a forged TOTAL_FORMS from costing anything.
AttendanceFormSet = forms.formset_factory(AttendanceRowForm, extra=0, max_num=500, absolute_max=500)
ATTENDANCE_PREFIX = "attendance"


class GroupNoteSharedForm(forms.Form):
    """The group note's shared part (written once, copied into every attending client's chart)."""

    module = forms.CharField(max_length=200, required=False)
    topic = forms.CharField(max_length=200, required=False)
    interventions = forms.CharField(max_length=2000, required=False, label="Interventions used")
    group_process = forms.CharField(
        max_length=4000, required=False, label="Summary (group process)", widget=forms.Textarea(attrs={"rows": 3})
    )
    # The draft's version when the page was drawn (0: no draft yet); a save from an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)
    # Which drawn page is writing (see ``GroupNote.saved_in``).
    editor = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)


def _picks(table: list[group_picks.Pick]) -> forms.ChoiceField:
    return forms.ChoiceField(choices=[("", "—"), *group_picks.choices(table)], required=False)


class GroupEntryForm(forms.Form):
    """One attending client's row of the group note: pick lists and one short line."""

    client = forms.IntegerField(widget=forms.HiddenInput)
    participation_level = _picks(group_picks.PARTICIPATION)
    engagement = _picks(group_picks.ENGAGEMENT)
    mood = _picks(group_picks.MOOD)
    objective = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    progress_rating = _picks(group_picks.PROGRESS)
    risk = _picks(group_picks.RISK)
    comment = forms.CharField(max_length=400, required=False, strip=True)

    def __init__(self, *args: Any, objectives: dict[int, set[int]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.objectives = objectives or {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        client, objective = data.get("client"), data.get("objective")
        if objective is not None and client is not None and objective not in self.objectives.get(client, set()):
            self.add_error("objective", "Pick an objective from this client's active plan.")
        if data.get("progress_rating") and objective is None and "objective" not in self.errors:
            self.add_error("progress_rating", "Choose the objective first: progress is toward an objective.")
        return data


GroupEntryFormSet = forms.formset_factory(GroupEntryForm, extra=0, max_num=500, absolute_max=500)
GROUP_ENTRY_PREFIX = "entry"
