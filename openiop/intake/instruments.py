"""The bridge to the measures library: form fields from an instrument's items, and scoring with
errors that name the form field. The library stays the only place that knows how to score."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from openiop.measures.instruments import REGISTRY, Instrument, Score, ScoringError, score

SCREENING_CODES = ("cssrs-screen", "phq2", "auditc", "dast10", "scoff")
WITHDRAWAL_CODES = ("ciwa-ar", "cows")
ASSESSMENT_CODES = ("ciwa-ar", "cows", "cssrs-screen")
SEX_FIELD = "sex_for_scoring"

SHORT_NAMES = {
    "cssrs-screen": "C-SSRS screener",
    "phq2": "PHQ-2",
    "auditc": "AUDIT-C",
    "dast10": "DAST-10",
    "scoff": "SCOFF",
    "ciwa-ar": "CIWA-Ar",
    "cows": "COWS",
}
HELP = {
    "cssrs-screen": "Ask items 3–5 only when item 2 is yes, and the past-3-months item only when item 6 is yes.",
    "auditc": "Needs the sex assigned at birth for its cut-off.",
    "dast10": "Answer as the person answered; item 3 is reverse-scored by the library.",
    "ciwa-ar": "Leave every item blank when CIWA-Ar was not done.",
    "cows": "Leave every item blank when COWS was not done.",
}


def field_name(code: str, number: str) -> str:
    return f"{code.replace('-', '_')}__{number.replace('-', '_')}"


def _choices(instrument: Instrument, number: str) -> list[tuple[str, str]]:
    item = instrument.item(number)
    anchors = item.anchor_map
    choices = []
    for value in item.values:
        text = anchors.get(value)
        label = str(value) if text is None else text if text in ("Yes", "No") else f"{value} — {text}"
        choices.append((str(value), label))
    return choices


def instrument_fields(code: str, *, widget: str = "radio") -> dict[str, forms.Field]:
    """One optional choice field per item; a block left entirely blank means "not administered"."""
    instrument = REGISTRY[code]
    fields: dict[str, forms.Field] = {}
    for item in instrument.items:
        choices = _choices(instrument, item.number)
        if widget == "select":
            field: forms.Field = forms.TypedChoiceField(
                choices=[("", "—"), *choices], coerce=int, empty_value=None, required=False
            )
        else:
            field = forms.TypedChoiceField(
                choices=choices, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
            )
        field.label = f"{item.number}. {item.label}"
        fields[field_name(code, item.number)] = field
    return fields


def field_names(code: str) -> list[str]:
    return [field_name(code, item.number) for item in REGISTRY[code].items]


def answers_from(code: str, data: Mapping[str, Any]) -> list[int | None] | None:
    """The answers in item order, or None when every item was left blank."""
    answers = [data.get(name) for name in field_names(code)]
    if all(a is None or a == "" for a in answers):
        return None
    return [None if a is None or a == "" else int(a) for a in answers]


def score_or_error(code: str, answers: list[int | None], *, sex: str | None = None) -> Score:
    """Score, or raise a ValidationError keyed by the form field the library named."""
    try:
        return score(code, answers, sex=sex or None)
    except ScoringError as exc:
        raise ValidationError({error_field(code, exc.item): exc.message}) from None


def error_field(code: str, item: str) -> str:
    if item == "sex":
        return SEX_FIELD
    if item in ("answers", "code", "config"):
        return field_names(code)[0]
    return field_name(code, item)


def groups(form: forms.BaseForm, codes: tuple[str, ...]) -> list[dict[str, Any]]:
    """For templates: each instrument with its bound fields."""
    return [
        {
            "code": code,
            "name": REGISTRY[code].name,
            "short": SHORT_NAMES[code],
            "help": HELP.get(code, ""),
            "prompt": REGISTRY[code].prompt if REGISTRY[code].wording_allowed else None,
            "fields": [form[name] for name in field_names(code)],
        }
        for code in codes
    ]
