"""The public get-help form, in English and Spanish (every label and message is translated)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

HONEYPOT = "website"

WHO_FOR = [("self", _("Myself")), ("other", _("Someone I care about"))]
CONCERNS = [
    ("alcohol", _("Alcohol")),
    ("drugs", _("Drugs")),
    ("eating", _("Eating")),
    ("mood", _("Depression or anxiety")),
    ("other", _("Something else")),
]
BEST_TIMES = [
    ("any", _("Any time")),
    ("morning", _("Morning (8–12)")),
    ("afternoon", _("Afternoon (12–5)")),
    ("evening", _("Evening (5–8)")),
]


def check_phone(value: str) -> str:
    """The rule of ``clients.models.validate_phone_digits``, with messages the visitor can read in Spanish."""
    value = value.strip()
    if not value:
        return value
    allowed = set("0123456789 ().-+")
    digits = "".join(c for c in value if c.isdigit())
    if set(value) - allowed or "+" in value[1:]:
        raise forms.ValidationError(_("Use only digits, spaces and ( ) - . +"), code="phone")
    if value.startswith("+"):
        if not 8 <= len(digits) <= 15:
            raise forms.ValidationError(_("An international number has 8 to 15 digits after the +."), code="phone")
    elif len(digits) != 10 and not (len(digits) == 11 and digits.startswith("1")):
        raise forms.ValidationError(_("Enter a phone number of 10 digits, e.g. (310) 555-0142."), code="phone")
    return value


class GetHelpForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    best_time = forms.ChoiceField(
        label=_("Best time to call"), choices=BEST_TIMES, initial="any", widget=forms.RadioSelect
    )
    who_for = forms.ChoiceField(label=_("Who needs help?"), choices=WHO_FOR, widget=forms.RadioSelect)
    concerns = forms.MultipleChoiceField(
        label=_("What is it about?"),
        choices=CONCERNS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any that apply."),
    )
    self_harm_thoughts = forms.BooleanField(label=_("Thoughts of harming myself"), required=False)
    insurance = forms.CharField(
        label=_("Insurance (if any)"),
        max_length=200,
        required=False,
        help_text=_("For example: Medi-Cal, Blue Shield, none."),
    )
    message = forms.CharField(
        label=_("Anything you would like us to know"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_to_contact = forms.BooleanField(
        label=_("You may contact me by phone or e-mail about this request."),
        error_messages={"required": _("We can only reply if you agree to be contacted.")},
    )
    # Hidden from people by the stylesheet; bots fill it in.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_phone(self) -> str:
        return check_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("phone")
            and not data.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            self.add_error("phone", _("Give a phone number or an e-mail address so we can reply."))
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT))
