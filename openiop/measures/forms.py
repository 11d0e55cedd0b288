"""Entry form for any instrument (built from its definition) and the alert-closing form."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from openiop.accounts.models import Site
from openiop.clients.models import Client
from openiop.core.forms import BoundedDatesMixin
from openiop.core.time import site_now, site_zone
from openiop.measures.instruments import Instrument
from openiop.measures.instruments.base import Item
from openiop.measures.models import ClosingAction, MeasureLanguage

SKIPPED = "skipped"


def item_field_name(item: Item) -> str:
    return f"item_{item.number}"


def item_choices(item: Item) -> list[tuple[str, str]]:
    anchors = item.anchor_map
    choices = [(str(value), f"{value} — {anchors[value]}" if value in anchors else str(value)) for value in item.values]
    if item.skip is not None:
        choices.append((SKIPPED, f"Not asked (skip rule: item {item.skip.when_item})"))
    return choices


class InstrumentForm(BoundedDatesMixin, forms.Form):
    """One required radio group per item; the library then checks the skip logic and values."""

    def __init__(self, *args: Any, instrument: Instrument, client: Client, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.site: Site = client.site
        for item in instrument.items:
            self.fields[item_field_name(item)] = forms.ChoiceField(
                label=f"Item {item.number}: {item.label}",
                choices=item_choices(item),
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Answer item {item.number}.",
                    "invalid_choice": "Choose one of the options.",
                },
            )
        if instrument.requires_sex:
            default = client.sex_assigned_at_birth if client.sex_assigned_at_birth in ("female", "male") else None
            self.fields["sex"] = forms.ChoiceField(
                label="Sex (the cut-off depends on it)",
                choices=[("female", "Female"), ("male", "Male")],
                widget=forms.RadioSelect,
                initial=default,
                error_messages={"required": "Choose female or male: the cut-off depends on it."},
            )
        now = site_now(self.site).replace(second=0, microsecond=0, tzinfo=None)
        self.fields["administered_at"] = forms.DateTimeField(
            label=f"Given on ({self.site.time_zone.replace('_', ' ')} time)",
            initial=now,
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        )
        language = client.preferred_language if client.preferred_language in MeasureLanguage.values else "en"
        self.fields["language"] = forms.ChoiceField(
            label="Language given in", choices=MeasureLanguage.choices, initial=language
        )

    def item_fields(self) -> list[tuple[Item, forms.BoundField, bool]]:
        """(item, its field, whether its options read better one per line: long anchors)."""
        return [
            (item, self[item_field_name(item)], any(len(label) > 28 for _, label in item.anchors))
            for item in self.instrument.items
        ]

    def clean_administered_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["administered_at"]
        # The browser sends the site's wall-clock time; Django made it aware in the current time
        # zone, so take the wall-clock reading back and attach the site's zone instead.
        wall = timezone.make_naive(value) if timezone.is_aware(value) else value
        return wall.replace(tzinfo=site_zone(self.site))

    def answers(self) -> list[int | None]:
        values: list[int | None] = []
        for item in self.instrument.items:
            raw = self.cleaned_data[item_field_name(item)]
            values.append(None if raw == SKIPPED else int(raw))
        return values


class AlertCloseForm(forms.Form):
    action = forms.ChoiceField(
        label="Action taken",
        choices=[("", "— Choose the action taken —"), *ClosingAction.choices],
        required=False,  # the service refuses a missing action, with its own message
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text='Required for "Other (describe)".',
    )
