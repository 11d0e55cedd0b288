import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models

from openiop.core import bounds


def today_in(time_zone: str) -> dt.date:
    """Today's date where the site is (never the UTC date: they differ at night in the US)."""
    return dt.datetime.now(ZoneInfo(time_zone)).date()


class BoundedDatesMixin:
    """Refuses, in ``full_clean``, any date or datetime outside ``core/bounds.py``.

    Every date and datetime column gets the absolute bounds; a model adds its relative bounds
    (birth date, an event near the episode) by extending ``bound_problems``. ``openiop check data``
    asks the same method of stored rows. Kept out of field validators so no migration is needed.
    """

    _meta: Any

    def bound_problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname, None)
            if isinstance(field, models.DateTimeField):
                if isinstance(value, dt.datetime):
                    message = bounds.datetime_problem(value)
                    if message:
                        problems[field.name] = message
            elif isinstance(field, models.DateField) and isinstance(value, dt.date):
                message = bounds.date_problem(value)
                if message:
                    problems[field.name] = message
        return problems

    def clean_fields(self, exclude: Any = None) -> None:
        errors: dict[str, list[Any]] = {}
        try:
            super().clean_fields(exclude=exclude)  # type: ignore[misc]
        except ValidationError as exc:
            errors = dict(exc.error_dict)
        skipped = set(exclude or ())
        for name, message in self.bound_problems().items():
            if name not in errors and name not in skipped:
                errors[name] = [ValidationError(message, code="out_of_bounds")]
        if errors:
            raise ValidationError(errors)


def program_bound_problems(problems: dict[str, str], time_zone: str | None, **dates: Any) -> dict[str, str]:
    """Adds to ``problems`` the planning-horizon bound of each named program date."""
    if time_zone is None:
        return problems
    today = today_in(time_zone)
    for name, value in dates.items():
        if name not in problems and isinstance(value, dt.date):
            message = bounds.program_date_problem(value, today=today)
            if message:
                problems[name] = message
    return problems


class TimeStampedModel(BoundedDatesMixin, models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """A row two people may edit at once. Every write adds one to ``version``; a write made from
    an older version is refused (``openiop.core.concurrency.check_version``) instead of silently
    overwriting the other person's change. The API shows it as the ``ETag``; forms carry it hidden."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Weekday(models.IntegerChoices):
    """The one weekday enum (0 = Monday, as ``date.weekday()``): client and staff availability,
    assessments, series."""

    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"
