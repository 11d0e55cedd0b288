"""Forms of an alumni follow-up."""

from typing import Any

from django import forms

from openiop.aftercare.models import AlumniStatus, AttemptOutcome, ContactMethod
from openiop.clients.models import PROGRAM_LEVELS, LevelOfCare
from openiop.core.forms import BoundedDatesMixin

ANSWERS = forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "e.g. 0,1,0,2,…"})


class AttemptForm(forms.Form):
    method = forms.ChoiceField(choices=ContactMethod.choices)
    outcome = forms.ChoiceField(choices=AttemptOutcome.choices)
    note = forms.CharField(max_length=300, required=False)


def _answers(text: str, count: int, label: str) -> list[int] | None:
    if not text.strip():
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != count or not all(p.isascii() and p.isdigit() and len(p) < 3 for p in parts):
        raise forms.ValidationError(f"Give the {count} answers of the {label} as numbers separated by commas.")
    return [int(p) for p in parts]


class CheckForm(forms.Form):
    bam = forms.CharField(required=False, max_length=200, widget=ANSWERS, label="BAM answers (17 items)")
    phq9 = forms.CharField(required=False, max_length=100, widget=ANSWERS, label="PHQ-9 answers (9 items)")

    def clean_bam(self) -> list[int] | None:
        return _answers(self.cleaned_data["bam"], 17, "BAM")

    def clean_phq9(self) -> list[int] | None:
        return _answers(self.cleaned_data["phq9"], 9, "PHQ-9")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("bam") is None and data.get("phq9") is None:
            raise forms.ValidationError("Record the BAM, the PHQ-9 or both.")
        return data


class CloseForm(forms.Form):
    alumni_status = forms.ChoiceField(
        choices=[(v, label) for v, label in AlumniStatus.choices if v != AlumniStatus.READMITTED], label="Status"
    )
    note = forms.CharField(max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)


class ReadmitForm(BoundedDatesMixin, forms.Form):
    admission_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    level_of_care = forms.ChoiceField(choices=[(v, label) for v, label in LevelOfCare.choices if v in PROGRAM_LEVELS])
    prescribed_hours = forms.DecimalField(required=False, min_value=0, max_value=99, decimal_places=1)
    reason = forms.CharField(max_length=300)
    evidence_text = forms.CharField(max_length=500, label="Placement evidence")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
