"""The rows an assessment edit replaces: substance use, diagnoses and the weekly availability windows."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from openiop.intake.models import Assessment

# The assessment's availability rows are the shared weekly-availability model (scheduling's
# ClientAvailability) tagged with the assessment; the form's start/end are its start_time/end_time.
_WINDOW_FIELD_NAMES = {"start_time": "start", "end_time": "end"}


def replace_windows(assessment: Assessment, rows: list[Mapping[str, Any]] | None) -> None:
    from openiop.scheduling.models import AvailabilityKind, ClientAvailability

    if rows is None:
        return
    ClientAvailability.objects.filter(assessment=assessment).delete()
    errors: dict[str, Any] = {}
    for index, row in enumerate(rows):
        fields: dict[str, Any] = {
            "weekday": row.get("weekday"),
            "start_time": row.get("start"),
            "end_time": row.get("end"),
        }
        window = ClientAvailability(
            client_id=assessment.client_id,
            assessment=assessment,
            kind=AvailabilityKind.AVAILABLE,
            **fields,
        )
        try:
            window.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                name = _WINDOW_FIELD_NAMES.get(field, field)
                errors.setdefault(f"availability-{index}-{name}", []).extend(messages)
            continue
        window.save()
    if errors:
        raise ValidationError(errors)


def replace_rows(
    assessment: Assessment,
    model: Any,
    rows: list[Mapping[str, Any]] | None,
    *,
    prefix: str,
    ranked: bool = False,
) -> None:
    if rows is None:
        return
    model.objects.filter(assessment=assessment).delete()
    errors: dict[str, Any] = {}
    for index, row in enumerate(rows):
        obj = model(assessment=assessment, **({"rank": index + 1} if ranked else {}), **row)
        try:
            obj.full_clean()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"{prefix}-{index}-{field}", []).extend(messages)
            continue
        obj.save()
    if errors:
        raise ValidationError(errors)
