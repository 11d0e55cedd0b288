"""Search parameters as database filters: a date range against a date, a date-time or a period."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from openiop.fhir.params import DateRange


@dataclass(frozen=True)
class DateSpec:
    """Where a date parameter looks: one field (``kind`` "date" or "datetime") or a period
    (``start`` and ``end`` date fields; an open end is ongoing)."""

    field: str
    kind: str = "datetime"
    end_field: str | None = None


def _bounds(spec: DateSpec, found: DateRange) -> tuple[object, object]:
    if spec.kind == "datetime":
        return found.start, found.end
    start = found.start.astimezone(dt.UTC)
    end = found.end.astimezone(dt.UTC)
    end_day = end.date() if end.time() == dt.time(0) else end.date() + dt.timedelta(days=1)
    return start.date(), end_day


def _point(field: str, prefix: str, start: object, end: object) -> Q:
    inside = Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return {
        "eq": inside,
        "ne": ~inside,
        "lt": Q(**{f"{field}__lt": start}),
        "le": Q(**{f"{field}__lt": end}),
        "gt": Q(**{f"{field}__gte": end}),
        "ge": Q(**{f"{field}__gte": start}),
    }[prefix]


def date_q(spec: DateSpec, found: DateRange) -> Q:
    start, end = _bounds(spec, found)
    if spec.end_field is None:
        return _point(spec.field, found.prefix, start, end)
    # A period matches when it overlaps the value (eq), reaches past it (ge, gt) or began before it (le, lt).
    ongoing = Q(**{f"{spec.end_field}__isnull": True})
    overlaps = Q(**{f"{spec.field}__lt": end}) & (ongoing | Q(**{f"{spec.end_field}__gte": start}))
    return {
        "eq": overlaps,
        "ne": ~overlaps,
        "lt": Q(**{f"{spec.field}__lt": start}),
        "le": Q(**{f"{spec.field}__lt": end}),
        "gt": ongoing | Q(**{f"{spec.end_field}__gte": end}),
        "ge": ongoing | Q(**{f"{spec.end_field}__gte": start}),
    }[found.prefix]
