"""Forms of the stay: changes of an episode, discharge, readmission, the support network."""

from typing import Any, ClassVar

from django import forms

from openiop.accounts import policy
from openiop.accounts.models import Site, User
from openiop.clients.models import (
    PROGRAM_LEVELS,
    SUMMARY_SECTIONS,
    DischargeReason,
    Episode,
    LevelOfCare,
    SupportContact,
    UseFrequency,
)
from openiop.clients.services import CONTACT_FIELDS
from openiop.core.forms import BoundedDatesMixin

DATE = forms.DateInput(attrs={"type": "date"})
HOURS = {"min_value": 0, "max_value": 99, "decimal_places": 1, "max_digits": 4}


def _staff(site_id: int) -> Any:
    return User.objects.filter(pk__in=policy.stay_staff_ids(site_id)).order_by("full_name", "pk")


def _assessments(episode: Episode) -> Any:
    from openiop.intake.models import Assessment

    return Assessment.objects.filter(client_id=episode.client_id).order_by("-pk")


class _EpisodeForm(BoundedDatesMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.episode = episode
        self.initial.setdefault("version", episode.version)
        if "decided_by" in self.fields:
            field: Any = self.fields["decided_by"]
            field.queryset = _staff(episode.site_id)
        if "evidence_assessment" in self.fields:
            field = self.fields["evidence_assessment"]
            field.queryset = _assessments(episode)


class StepForm(_EpisodeForm):
    to_level = forms.ChoiceField(label="New level of care")
    effective_date = forms.DateField(widget=DATE, label="From")
    prescribed_hours = forms.DecimalField(required=False, label="Prescribed hours a week at the new level", **HOURS)  # type: ignore[arg-type]
    reason = forms.CharField(max_length=300)
    decided_by = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Decided by (you if empty)")
    evidence_assessment = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Placement evidence: the assessment"
    )
    evidence_text = forms.CharField(
        max_length=500, required=False, label="…or the placement evidence in words", widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, episode=episode, **kwargs)
        field: Any = self.fields["to_level"]
        field.choices = [(v, label) for v, label in LevelOfCare.choices if v != episode.level_of_care]


class PrescriptionForm(_EpisodeForm):
    prescribed_hours = forms.DecimalField(label="Prescribed hours a week", **HOURS)  # type: ignore[arg-type]
    effective_date = forms.DateField(widget=DATE, label="In force from (the week of)")
    reason = forms.CharField(max_length=300)
    decided_by = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Decided by (you if empty)")


class TransferForm(_EpisodeForm):
    to_site = forms.ModelChoiceField(queryset=Site.objects.none(), label="To site")
    primary_clinician = forms.ModelChoiceField(queryset=User.objects.none(), label="Primary clinician there")
    effective_date = forms.DateField(widget=DATE, label="Transferred on")
    reason = forms.CharField(max_length=300)
    evidence_text = forms.CharField(max_length=500, required=False, label="Notes", widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, episode=episode, **kwargs)
        sites = Site.objects.filter(organization_id=episode.site.organization_id).exclude(pk=episode.site_id)
        field: Any = self.fields["to_site"]
        field.queryset = sites.order_by("name")
        field = self.fields["primary_clinician"]
        ids = [uid for site in sites for uid in policy.stay_staff_ids(site.pk)]
        field.queryset = User.objects.filter(pk__in=ids).order_by("full_name", "pk")


class DischargeForm(_EpisodeForm):
    discharge_date = forms.DateField(widget=DATE)
    teds_reason = forms.TypedChoiceField(
        choices=[("", "—"), *DischargeReason.choices], coerce=int, label="Reason for discharge (TEDS)"
    )
    reason = forms.CharField(max_length=200, required=False, label="In your words")
    use_frequency = forms.TypedChoiceField(
        choices=[("", "—"), *UseFrequency.choices],
        coerce=int,
        required=False,
        empty_value=None,
        label="Use of the primary substance in the last 30 days",
    )
    self_help_30d = forms.IntegerField(
        min_value=0, max_value=200, required=False, label="Mutual-help meetings attended in the last 30 days"
    )
    decided_by = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Decided by (you if empty)")
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}), label="Your password (to sign)"
    )
    code = forms.CharField(required=False, max_length=10, label="Authenticator code (if you use two-factor)")

    def __init__(self, *args: Any, episode: Episode, **kwargs: Any) -> None:
        super().__init__(*args, episode=episode, **kwargs)
        fields = list(self.fields.items())
        summary = {
            key: forms.CharField(label=label, max_length=20000, widget=forms.Textarea({"rows": 3}))
            for key, label in SUMMARY_SECTIONS
        }
        # The summary sections come before the signature.
        self.fields = {**dict(fields[:-2]), **summary, **dict(fields[-2:])}


class ReadmitForm(_EpisodeForm):
    admission_date = forms.DateField(widget=DATE)
    level_of_care = forms.ChoiceField(choices=[(v, label) for v, label in LevelOfCare.choices if v in PROGRAM_LEVELS])
    prescribed_hours = forms.DecimalField(required=False, label="Prescribed hours a week", **HOURS)  # type: ignore[arg-type]
    reason = forms.CharField(max_length=300)
    evidence_assessment = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Placement evidence: the assessment"
    )
    evidence_text = forms.CharField(max_length=500, required=False, label="…or in words")


class SupportContactForm(forms.ModelForm[SupportContact]):
    class Meta:
        model = SupportContact
        fields: ClassVar[list[str]] = list(CONTACT_FIELDS)
        widgets: ClassVar[dict[str, Any]] = {"phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"})}

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        else:
            del self.fields["version"]

    def _post_clean(self) -> None:
        pass  # the service validates the model inside its transaction


class RetireForm(forms.Form):
    reason = forms.CharField(max_length=200, required=False)


class FamilyAttendeesForm(forms.Form):
    contacts = forms.ModelMultipleChoiceField(
        queryset=SupportContact.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, client: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["contacts"]
        field.queryset = SupportContact.objects.filter(client=client, retired_at__isnull=True).order_by("name")


def add_errors(form: forms.BaseForm, exc: Any) -> None:
    """A service's ValidationError on the form: on its field when the form has it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
