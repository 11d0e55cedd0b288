"""The bounds of ``core/bounds.py`` on forms: a field error for any date a form cannot use."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from openiop.core import bounds


def _problem(field: forms.Field, value: object) -> str | None:
    if isinstance(field, forms.DateTimeField) and isinstance(value, dt.datetime):
        return bounds.datetime_problem(value)
    if isinstance(field, forms.DateField) and isinstance(value, dt.date):
        return bounds.date_problem(value)
    return None


class BoundedDatesMixin:
    """Mix into a form (before ``forms.Form``/``forms.ModelForm``).

    Every ``DateField``/``DateTimeField`` of the form (declared or added in ``__init__``) refuses a
    value outside the absolute bounds with a message on that field, and a legacy out-of-range
    initial value is shown as stored instead of overflowing the conversion to local time.
    """

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        if not hasattr(self, "cleaned_data"):
            return
        for name, field in self.fields.items():
            message = _problem(field, self.cleaned_data.get(name))
            if message:
                self.add_error(name, message)  # type: ignore[attr-defined]

    def get_initial_for_field(self, field: forms.Field, field_name: str) -> Any:
        value = super().get_initial_for_field(field, field_name)  # type: ignore[misc]
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return bounds.safe_localtime(value, timezone.get_current_timezone())
        return value
