"""Small helpers shared by the intake views."""

import re
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's errors on the form: on the named field when the form has it, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, messages in exc.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message if target or field == NON_FIELD_ERRORS else f"{_where(field)}: {message}")


def _where(key: str) -> str:
    """``substances-0-age_at_first_use`` → ``Substances, row 1, age at first use``."""
    match = re.fullmatch(r"([a-z_]+)-(\d+)-(\w+)", key)
    if not match:
        return key.replace("_", " ")
    name, index, field = match.groups()
    where = f"{name.replace('_', ' ').capitalize()}, row {int(index) + 1}"
    return where if field == NON_FIELD_ERRORS else f"{where}, {field.replace('_', ' ')}"


def status_for(*forms_: Any) -> int:
    """422 when any form (or formset) has errors, else 200."""
    for form in forms_:
        if form is not None and (form.errors if not hasattr(form, "total_error_count") else form.total_error_count()):
            return 422
    return 200
