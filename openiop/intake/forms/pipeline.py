"""Staff forms of the pipeline: inquiries, status, calls, follow-ups, conversion, screening, booking."""

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet

from openiop.accounts import policy
from openiop.accounts.models import Membership, Site, User
from openiop.clients.models import SexAtBirth
from openiop.core.forms import BoundedDatesMixin
from openiop.intake import rules
from openiop.intake.codes import ReferralSource
from openiop.intake.forms.public import check_phone
from openiop.intake.instruments import SCREENING_CODES, instrument_fields
from openiop.intake.models import (
    BestTime,
    CallDirection,
    CallOutcome,
    Channel,
    Concern,
    Disposition,
    Inquiry,
    InquiryLanguage,
    InquiryStatus,
    ScoringSex,
    WhoFor,
)

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def datetime_local_field(label: str, **kwargs: Any) -> forms.DateTimeField:
    """A local date and time, read in the current time zone (views activate the site's)."""
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        **kwargs,
    )


def staff_of(site_id: int, roles: frozenset[str]) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Membership.objects.filter(site_id=site_id, role__in=roles).values("user_id"), is_active=True
    ).order_by("full_name", "pk")


PIPELINE_ROLES = policy.PIPELINE_ROLES
CLINICIAN_ROLES = policy.CLINICIAN_ROLES


class InquiryForm(BoundedDatesMixin, forms.ModelForm[Inquiry]):
    """A phone call, walk-in or referral entered by staff; also the edit form."""

    concerns = forms.MultipleChoiceField(
        choices=Concern.choices, required=False, widget=forms.CheckboxSelectMultiple, label="What is it about?"
    )
    channel = forms.ChoiceField(
        choices=[c for c in Channel.choices if c[0] != Channel.WEB], initial=Channel.PHONE, label="How it came in"
    )

    class Meta:
        model = Inquiry
        fields: ClassVar[list[str]] = [
            "name",
            "phone",
            "email",
            "best_time",
            "who_for",
            "concerns",
            "self_harm_thoughts",
            "insurance",
            "preferred_language",
            "referral_source",
            "referrer",
            "message",
            "consent_to_contact",
            "assigned_to",
        ]
        labels: ClassVar[dict[str, str]] = {
            "self_harm_thoughts": "Thoughts of self-harm mentioned",
            "consent_to_contact": "Agrees to be contacted",
            "message": "Notes",
            "who_for": "Who needs help",
            "best_time": "Best time to call",
            "referral_source": "Referral source",
        }
        widgets: ClassVar[dict[str, Any]] = {
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
            "message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, site: Site, creating: bool, sites: list[Site] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff_of(site.pk, PIPELINE_ROLES)  # type: ignore[attr-defined]
        self.fields["assigned_to"].label = "Assigned to"
        self.fields["best_time"].choices = BestTime.choices  # type: ignore[attr-defined]
        self.fields["who_for"].choices = WhoFor.choices  # type: ignore[attr-defined]
        self.fields["preferred_language"].choices = InquiryLanguage.choices  # type: ignore[attr-defined]
        self.fields["referral_source"].choices = ReferralSource.choices  # type: ignore[attr-defined]
        if not creating:
            del self.fields["channel"]
        if creating and sites and len(sites) > 1:
            self.fields["site"] = forms.ModelChoiceField(queryset=Site.objects.filter(pk__in=[s.pk for s in sites]))
            self.order_fields(["site", *self.fields])

    def clean_phone(self) -> str:
        return str(check_phone(self.cleaned_data.get("phone", "")))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and not self.has_error("phone"):
            self.add_error("phone", "Give a phone number or an e-mail address.")
        return data

    def _post_clean(self) -> None:
        # The service validates the model inside its transaction.
        pass


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label="Move to")
    note = forms.CharField(label="Note", max_length=500, required=False, help_text="Needed when closing.")

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(InquiryStatus.choices)
        self.fields["to"].choices = [(s, labels[s]) for s in rules.manual_targets(current)]  # type: ignore[attr-defined]


class CallForm(forms.Form):
    direction = forms.ChoiceField(label="Call", choices=CallDirection.choices, initial=CallDirection.OUTBOUND)
    outcome = forms.ChoiceField(label="Outcome", choices=CallOutcome.choices)
    note = forms.CharField(label="Note", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpForm(BoundedDatesMixin, forms.Form):
    due_at = datetime_local_field("Due")
    what = forms.CharField(label="What to do", max_length=300)
    assigned_to = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="For")

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff_of(site.pk, PIPELINE_ROLES)  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    note = forms.CharField(label="Why is it cancelled?", max_length=500)


class ConvertForm(BoundedDatesMixin, forms.Form):
    existing_client = forms.TypedChoiceField(
        label="Link to the existing client", required=False, coerce=int, empty_value=None, choices=[]
    )
    legal_first_name = forms.CharField(label="Legal first name", max_length=100, required=False)
    legal_last_name = forms.CharField(label="Legal last name", max_length=100, required=False)
    date_of_birth = forms.DateField(
        label="Date of birth", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sex_assigned_at_birth = forms.ChoiceField(
        label="Sex assigned at birth", choices=[("", "—"), *SexAtBirth.choices], required=False
    )

    def __init__(self, *args: Any, linkable: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if linkable:
            self.fields["existing_client"].choices = [("", "No — create a new client"), *linkable]  # type: ignore[attr-defined]
        else:
            del self.fields["existing_client"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("existing_client"):
            return data
        for name in ("legal_first_name", "legal_last_name", "date_of_birth", "sex_assigned_at_birth"):
            if not data.get(name) and not self.has_error(name):
                self.add_error(name, "This field is required.")
        return data


class ScreeningForm(BoundedDatesMixin, forms.Form):
    """The phone screen. Instrument items are generated from the measures library."""

    sex_for_scoring = forms.ChoiceField(
        label="Sex assigned at birth (for the AUDIT-C cut-off)",
        choices=[("", "—"), *ScoringSex.choices],
        required=False,
    )
    last_use_date = forms.DateField(
        label="Last use (date)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last_use_note = forms.CharField(label="Last use: what and how much", max_length=300, required=False)
    withdrawal_seizures = forms.BooleanField(label="Has had seizures when stopping or cutting down", required=False)
    delirium_tremens = forms.BooleanField(label="Has had delirium tremens (DTs)", required=False)
    current_supports = forms.CharField(
        label="Current supports (people, meetings, treatment)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    available_hours_per_week = forms.DecimalField(
        label="Hours a week they could attend",
        min_value=Decimal(0),
        max_value=Decimal(168),
        max_digits=4,
        decimal_places=1,
        required=False,
    )
    disposition = forms.ChoiceField(label="Disposition", choices=Disposition.choices, widget=forms.RadioSelect)
    disposition_note = forms.CharField(
        label="Disposition note",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when the disposition is less urgent than the suggested one.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in SCREENING_CODES:
            self.fields.update(instrument_fields(code, widget="radio"))


class BookForm(BoundedDatesMixin, forms.Form):
    clinician = forms.ModelChoiceField(queryset=User.objects.none(), label="Assessing clinician")
    scheduled_at = datetime_local_field("Date and time")

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = staff_of(site.pk, CLINICIAN_ROLES)  # type: ignore[attr-defined]


class InquiryFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *InquiryStatus.choices], required=False, label="Status")
    q = forms.CharField(required=False, max_length=100, label="Name, phone or e-mail")


class LinkForm(forms.Form):
    """The director's link of an inquiry to an existing client (a true duplicate)."""

    client = forms.TypedChoiceField(label="The existing client", coerce=int, choices=[])
    note = forms.CharField(label="Why they are the same person", max_length=300, required=False)

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = candidates  # type: ignore[attr-defined]
