"""Assessment forms: the biopsychosocial and medical parts, repeating rows, sign, co-sign, admit."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.forms import formset_factory

from openiop.accounts.models import Site, User
from openiop.core.forms import BoundedDatesMixin
from openiop.core.models import Weekday
from openiop.intake.codes import FIRST_USE_AGE_MAX, TedsFrequency, TedsRoute, TedsSubstance, validate_icd10cm
from openiop.intake.forms.pipeline import CLINICIAN_ROLES, staff_of
from openiop.intake.instruments import ASSESSMENT_CODES, WITHDRAWAL_CODES, instrument_fields
from openiop.intake.models import DIMENSION_NAMES, DIMENSIONS, Assessment, PlacementLevel
from openiop.intake.models.assessment import RATING_CHOICES
from openiop.intake.services.assessment import CLINICAL_FIELDS, MEDICAL_FIELDS

BIOPSYCHOSOCIAL = [
    "presenting_problem",
    "treatment_history",
    "prior_treatment_episodes",
    "medical_conditions",
    "medications",
    "allergies",
    "pregnancy",
    "psychiatric_history",
    "self_harm_history",
    "eating",
    "legal",
    "family_support",
    "work_school",
    "available_hours_per_week",
    "strengths",
    "preferences",
]
VITAL_FIELDS = ["bp_systolic", "bp_diastolic", "pulse", "respiratory_rate", "temperature_f", "oxygen_saturation"]
DIMENSION_FIELDS = [name for d in DIMENSIONS for name in (f"dimension_{d}", f"dimension_{d}_rationale")]
LABELS = {
    "presenting_problem": "Presenting problem",
    "treatment_history": "Treatment history",
    "prior_treatment_episodes": "Prior treatment episodes",
    "medical_conditions": "Medical conditions",
    "medications": "Medications",
    "allergies": "Allergies",
    "pregnancy": "Pregnancy",
    "psychiatric_history": "Psychiatric history",
    "self_harm_history": "Self-harm and suicide history",
    "eating": "Eating",
    "legal": "Legal",
    "family_support": "Family and support network",
    "work_school": "Work or school",
    "available_hours_per_week": "Hours a week available for the program",
    "strengths": "Strengths",
    "preferences": "Preferences (times, language, groups, clinician)",
    "bp_systolic": "Blood pressure, systolic (mmHg)",
    "bp_diastolic": "Blood pressure, diastolic (mmHg)",
    "pulse": "Pulse (beats a minute)",
    "respiratory_rate": "Respiratory rate (breaths a minute)",
    "temperature_f": "Temperature (°F)",
    "oxygen_saturation": "Oxygen saturation (%)",
    "medical_note": "Medical note",
}
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class AssessmentForm(BoundedDatesMixin, forms.ModelForm[Assessment]):
    """The whole assessment for clinicians and directors; ``medical_only`` keeps the medical part."""

    class Meta:
        model = Assessment
        fields: ClassVar[list[str]] = [*BIOPSYCHOSOCIAL, *VITAL_FIELDS, "medical_note", *DIMENSION_FIELDS]

    def __init__(self, *args: Any, medical_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = MEDICAL_FIELDS if medical_only else CLINICAL_FIELDS
        for name in list(self.fields):
            if name not in allowed:
                del self.fields[name]
        for name, field in self.fields.items():
            if name in LABELS:
                field.label = LABELS[name]
            if isinstance(field.widget, forms.Textarea):
                field.widget = TEXTAREA
        for d in DIMENSIONS:
            if f"dimension_{d}" in self.fields:
                self.fields[f"dimension_{d}"] = forms.TypedChoiceField(
                    label=f"Dimension {d}: {DIMENSION_NAMES[d]}",
                    choices=[("", "Not rated yet"), *RATING_CHOICES],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
                self.fields[f"dimension_{d}_rationale"].label = f"Rationale for dimension {d}"
        codes = WITHDRAWAL_CODES if medical_only else ASSESSMENT_CODES
        for code in codes:
            self.fields.update(instrument_fields(code, widget="radio" if code == "cssrs-screen" else "select"))
        self.codes = codes

    def _post_clean(self) -> None:
        # The service validates the model inside its transaction.
        pass

    def model_fields(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name in CLINICAL_FIELDS}


class _RowForm(BoundedDatesMixin, forms.Form):
    """Every field optional so a blank row is simply skipped; a started row must be complete."""

    required_when_started: ClassVar[tuple[str, ...]] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started = any(v not in (None, "") for v in data.values())
        if started:
            for name in self.required_when_started:
                if data.get(name) in (None, "") and not self.has_error(name):
                    self.add_error(name, "This field is required.")
        return data

    @property
    def row(self) -> dict[str, Any] | None:
        data = getattr(self, "cleaned_data", {})
        if not any(v not in (None, "") for v in data.values()):
            return None
        return dict(data)


def _int_choice(label: str, choices: list[tuple[int, str]]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=[("", "—"), *choices], coerce=int, empty_value=None, required=False
    )


class SubstanceForm(_RowForm):
    required_when_started = ("substance",)
    substance = _int_choice("Substance", TedsSubstance.choices)
    route = _int_choice("Route", TedsRoute.choices)
    frequency = _int_choice("Frequency (past month)", TedsFrequency.choices)
    age_at_first_use = forms.IntegerField(
        label="Age at first use", min_value=0, max_value=FIRST_USE_AGE_MAX, required=False
    )
    last_use_date = forms.DateField(label="Last use", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="Note", max_length=300, required=False)


class WindowForm(_RowForm):
    required_when_started = ("weekday", "start", "end")
    weekday = _int_choice("Day", Weekday.choices)
    start = forms.TimeField(label="From", required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label="To", required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.time) and isinstance(end, dt.time) and start >= end:
            self.add_error("end", "The window must end after it starts.")
        return data


class DiagnosisForm(_RowForm):
    required_when_started = ("code",)
    code = forms.CharField(label="ICD-10-CM code", max_length=8, required=False, validators=[validate_icd10cm])
    description = forms.CharField(label="Description", max_length=200, required=False)

    def clean_code(self) -> str:
        return str(self.cleaned_data.get("code", "")).strip().upper()


SubstanceFormSet = formset_factory(SubstanceForm, extra=2, max_num=12, absolute_max=12)
WindowFormSet = formset_factory(WindowForm, extra=3, max_num=21, absolute_max=21)
DiagnosisFormSet = formset_factory(DiagnosisForm, extra=2, max_num=12, absolute_max=12)


def rows_of(formset: Any) -> list[Mapping[str, Any]]:
    return [row for form in formset.forms if (row := form.row) is not None]


class SignForm(forms.Form):
    decided_level = forms.ChoiceField(label="Level of care decided", choices=PlacementLevel.choices)
    decision_reason = forms.CharField(
        label="Reason (needed when the decision differs from the recommendation)",
        max_length=3000,
        required=False,
        widget=TEXTAREA,
    )
    confirm = forms.BooleanField(label="I have reviewed this assessment and sign it; it will be locked.")
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password (to sign)",
        required=False,
        max_length=200,
    )
    code = forms.CharField(
        required=False,
        max_length=10,
        label="Authenticator code (if you use two-factor authentication)",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class CosignForm(forms.Form):
    note = forms.CharField(label="What you reviewed (e.g. the withdrawal plan)", max_length=3000, widget=TEXTAREA)


class AdmitForm(BoundedDatesMixin, forms.Form):
    admission_date = forms.DateField(label="Start date", widget=forms.DateInput(attrs={"type": "date"}))
    primary_clinician = forms.ModelChoiceField(queryset=User.objects.none(), label="Primary clinician")
    prescribed_hours_per_week = forms.DecimalField(
        label="Prescribed hours a week", min_value=Decimal(6), max_value=Decimal(19), max_digits=4, decimal_places=1
    )
    track = forms.CharField(label="Track", max_length=100, required=False)

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["primary_clinician"].queryset = staff_of(site.pk, CLINICIAN_ROLES)  # type: ignore[attr-defined]
