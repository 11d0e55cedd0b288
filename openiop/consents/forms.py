from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import pgettext_lazy

from openiop.clients.models import Client, SupportContact
from openiop.consents.models import (
    PART2_KINDS,
    ConsentDocument,
    ConsentKind,
    ConsentLanguage,
    Expiration,
    Provider,
    ProviderLevel,
    Purpose,
    RecipientClass,
    SignerRole,
)
from openiop.consents.records import record_kinds
from openiop.core.forms import BoundedDatesMixin

DATE = forms.DateInput(attrs={"type": "date"})


class SignForm(forms.Form):
    """Signing on screen. Required-ness is checked by the service, which names each field's problem."""

    typed_name = forms.CharField(
        label=pgettext_lazy("consents", "Type your full legal name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    signer_role = forms.ChoiceField(
        label=pgettext_lazy("consents", "Who is signing"), choices=SignerRole.choices, initial=SignerRole.CLIENT
    )
    agree = forms.BooleanField(
        label=pgettext_lazy("consents", "I have read this document and I agree to it"), required=False
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300_000)
    text_sha256 = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, staff_device: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not staff_device:
            del self.fields["signer_role"]
        self.fields["typed_name"].widget.attrs["aria-required"] = "true"


class RevokeForm(BoundedDatesMixin, forms.Form):
    effective_date = forms.DateField(
        label="Effective date", widget=DATE, help_text="The day the written revocation was received, or later."
    )
    note = forms.CharField(label="How it was received", max_length=300, required=False)


class ReleaseForm(BoundedDatesMixin, forms.Form):
    support_contact = forms.ModelChoiceField(
        queryset=SupportContact.objects.none(), required=False, label="A person in the support network"
    )
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.none(), required=False, label="Or a provider from the directory"
    )
    recipient_name = forms.CharField(
        max_length=200, required=False, label="Or someone else: name of the person or organization"
    )
    recipient_details = forms.CharField(max_length=300, required=False, label="Their address or role")
    information = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="What may be shared",
        help_text="Leave blank for the usual wording for this kind of recipient.",
    )
    information_kinds = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Kinds of records it covers",
        help_text="Leave blank for every kind without clinical narrative. A disclosure releases only these.",
    )
    purposes = forms.MultipleChoiceField(
        choices=[
            (p.value, capfirst(p.label)) for p in Purpose if p.value not in ("treatment", "payment", "operations")
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Why",
        help_text="Leave blank for the usual purpose for this kind of recipient.",
    )
    expiration_kind = forms.ChoiceField(
        choices=[
            ("", "Usual (end of treatment)"),
            (Expiration.END_OF_TREATMENT, "When treatment ends"),
            (Expiration.ON_DATE, "On a date"),
        ],
        required=False,
        label="Expires",
    )
    expires_on = forms.DateField(required=False, widget=DATE, label="End date")

    def __init__(self, *args: Any, client: Client, providers: list[Provider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["support_contact"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrows the type
        field.queryset = SupportContact.objects.filter(client=client).order_by("name")
        provider_field = self.fields["provider"]
        assert isinstance(provider_field, forms.ModelChoiceField)  # noqa: S101
        provider_field.queryset = Provider.objects.filter(pk__in=[p.pk for p in providers]).order_by("name")
        kinds = self.fields["information_kinds"]
        assert isinstance(kinds, forms.MultipleChoiceField)  # noqa: S101
        kinds.choices = [(k.key, k.label) for k in record_kinds(narratives=True)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [bool(data.get("support_contact")), bool(data.get("provider")), bool(data.get("recipient_name"))]
        if sum(chosen) == 0:
            self.add_error("support_contact", "Choose who receives the information.")
        elif sum(chosen) > 1:
            self.add_error("support_contact", "Choose one recipient only.")
        if data.get("expiration_kind") == Expiration.ON_DATE and not data.get("expires_on"):
            self.add_error("expires_on", "Give the date this release ends.")
        return data


class DisclosureForm(forms.Form):
    consent = forms.ModelChoiceField(queryset=ConsentDocument.objects.none(), label="Under the consent")
    recipient = forms.CharField(max_length=200, label="Recipient (person or organization)")
    recipient_class = forms.ChoiceField(
        choices=[("", "— named in the consent —"), *RecipientClass.choices],
        required=False,
        label="Kind of recipient (for a TPO consent)",
    )
    recipient_address = forms.CharField(max_length=300, required=False, label="Recipient's address")
    purpose = forms.ChoiceField(choices=[(p.value, capfirst(p.label)) for p in Purpose], label="Purpose")
    records = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, label="Records to release")
    note = forms.CharField(max_length=300, required=False, label="Note (how it was sent)")

    def __init__(self, *args: Any, client: Client, valid: list[ConsentDocument], narratives: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["consent"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        # Any of the client's Part 2 consents is accepted (the service explains why one is not valid);
        # only the valid ones are offered.
        field.queryset = ConsentDocument.objects.filter(client=client, kind__in=sorted(PART2_KINDS))
        field.widget.choices = [("", "---------")] + [(c.pk, _consent_label(c)) for c in valid]
        records = self.fields["records"]
        assert isinstance(records, forms.MultipleChoiceField)  # noqa: S101
        records.choices = [(k.key, k.label) for k in record_kinds(narratives=narratives)]


def _consent_label(consent: ConsentDocument) -> str:
    who = consent.recipient_name or ", ".join(consent.recipient_class_labels())
    return f"{consent.title} — {who} ({', '.join(consent.purpose_labels())})"


class ProviderForm(forms.Form):
    name = forms.CharField(max_length=200)
    levels = forms.MultipleChoiceField(
        choices=ProviderLevel.choices, widget=forms.CheckboxSelectMultiple, label="Levels of care offered"
    )
    phone = forms.CharField(max_length=32, widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))
    address = forms.CharField(max_length=300)
    notes = forms.CharField(max_length=300, required=False)
    active = forms.BooleanField(required=False, initial=True, label="In the directory (untick to retire)")


class ReferralForm(forms.Form):
    """Also usable by the intake app for an inquiry: pass that site's providers."""

    provider = forms.ModelChoiceField(queryset=Provider.objects.none(), label="Refer to")
    level_of_care = forms.ChoiceField(
        choices=[("", "—"), *ProviderLevel.choices], required=False, label="Level of care"
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Reason for the referral", max_length=2000)

    def __init__(self, *args: Any, providers: list[Provider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Provider.objects.filter(pk__in=[p.pk for p in providers]).order_by("name")


class ChecklistForm(BoundedDatesMixin, forms.Form):
    release_signed = forms.BooleanField(required=False, label="Release of information to the provider signed")
    records_sent = forms.BooleanField(required=False, label="Records sent (as a disclosure, under that release)")
    appointment_date = forms.DateField(required=False, widget=DATE, label="Appointment date")
    appointment_confirmed = forms.BooleanField(required=False, label="Appointment date confirmed with the provider")
    client_informed = forms.BooleanField(required=False, label="Client told the date, place and what to bring")
    follow_up_done = forms.BooleanField(required=False, label="Follow-up call done after the appointment")
    follow_up_note = forms.CharField(max_length=300, required=False, label="Follow-up note")


class TemplateForm(BoundedDatesMixin, forms.Form):
    kind = forms.ChoiceField(choices=ConsentKind.choices)
    language = forms.ChoiceField(choices=ConsentLanguage.choices)
    title = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}))
    effective_date = forms.DateField(widget=DATE, initial=timezone.localdate)
    revocation_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    redisclosure_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    refusal_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    default_information = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    default_recipients = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
