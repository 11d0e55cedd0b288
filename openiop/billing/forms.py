"""Billing forms: field-level messages, nothing saved on a bad value."""

import datetime as dt
from typing import Any, ClassVar

from django import forms

from openiop.billing.models import Authorization, ReviewStatus
from openiop.consents.models import ConsentDocument
from openiop.core.forms import BoundedDatesMixin


class AuthorizationForm(BoundedDatesMixin, forms.ModelForm[Authorization]):
    codes = forms.CharField(
        required=False, help_text="Codes it covers, separated by commas (e.g. H0015); empty covers every code."
    )

    class Meta:
        model = Authorization
        fields = (
            "payer",
            "number",
            "level_of_care",
            "codes",
            "units_authorized",
            "start_date",
            "end_date",
            "next_review_on",
            "criteria",
            "reviewer_name",
            "reviewer_phone",
        )
        widgets: ClassVar[dict[str, forms.Widget]] = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "next_review_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, payers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = payers  # type: ignore[attr-defined]
        if self.instance.pk:
            self.initial["codes"] = ", ".join(self.instance.codes)

    def clean_codes(self) -> list[str]:
        raw = self.cleaned_data.get("codes") or ""
        codes = [c.strip().upper() for c in raw.split(",") if c.strip()]
        bad = [c for c in codes if not (c.isalnum() and 4 <= len(c) <= 5)]
        if bad:
            raise forms.ValidationError(f"Not a HCPCS or CPT code: {', '.join(bad)}.")
        return codes


class WeekForm(forms.Form):
    week = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="Any day of the week.")


class ClaimExportForm(BoundedDatesMixin, forms.Form):
    first_day = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(choices=[("837p", "837P (professional)"), ("837i", "837I (institutional)")])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if isinstance(first, dt.date) and isinstance(last, dt.date) and last < first:
            self.add_error("last_day", "The last day is before the first.")
        return data


class ClaimStatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("sent", "Sent"), ("accepted", "Accepted"), ("resubmitted", "Resubmitted")])
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RemittanceForm(forms.Form):
    file = forms.FileField(label="835 file", help_text="The remittance advice (X12 835) from the payer.")

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 5_000_000:
            raise forms.ValidationError("The file is larger than 5 MB.")
        try:
            return str(upload.read().decode("ascii"))
        except UnicodeDecodeError:
            raise forms.ValidationError("An 835 file is plain ASCII text.") from None


class ReviewDueForm(BoundedDatesMixin, forms.Form):
    due_on = forms.DateField(label="Review due", widget=forms.DateInput(attrs={"type": "date"}))


class PacketForm(forms.Form):
    consent: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=ConsentDocument.objects.none(), label="Consent covering the payer"
    )
    recipient = forms.CharField(max_length=200, help_text="The payer as the consent names it.")

    def __init__(self, *args: Any, consents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].queryset = consents  # type: ignore[attr-defined]


class ReviewOutcomeForm(BoundedDatesMixin, forms.Form):
    status = forms.ChoiceField(
        choices=[
            (s, ReviewStatus(s).label) for s in (ReviewStatus.APPROVED, ReviewStatus.DENIED, ReviewStatus.PEER_TO_PEER)
        ]
    )
    approved_units = forms.IntegerField(required=False, min_value=1, max_value=10_000)
    approved_through = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
