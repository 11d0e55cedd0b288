"""``openiop check data``: stored rows outside the bounds of ``core/bounds.py``.

Rows written before the bounds existed (or around validation) are listed, never changed: an
operator repairs them. Every date and datetime column of every openiop model is checked against
the absolute bounds in the database; models with relative bounds (birth dates, clinical events
near the episode, program dates) are read row by row through the same ``bound_problems`` that
refuses such values on input.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from openiop.core import bounds
from openiop.core.models import BoundedDatesMixin

# How to read each model whose bounds look at related rows, without a query per row.
RELATED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "clients.client": (("site",), ()),
    "clinical.note": (("client__site",), ("client__episodes",)),
    "clinical.drugscreen": (("client__site",), ("client__episodes",)),
    "clinical.planreview": (("plan__client__site",), ("plan__client__episodes",)),
    "measures.administration": (("client__site",), ("client__episodes",)),
}


@dataclass(frozen=True)
class Finding:
    model: str
    pk: Any
    field: str
    value: Any
    bound: str

    def line(self) -> str:
        shown = self.value.isoformat() if isinstance(self.value, dt.date) else repr(self.value)
        return f"{self.model}\t{self.pk}\t{self.field}\t{shown}\t{self.bound}"


def _openiop_models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m.__module__.startswith("openiop.") and not m._meta.proxy]


def _has_relative_bounds(model: type[models.Model]) -> bool:
    return issubclass(model, BoundedDatesMixin) and model.bound_problems is not BoundedDatesMixin.bound_problems


def _absolute(model: type[models.Model]) -> Iterator[Finding]:
    low, high = bounds.EARLIEST_DATE, bounds.LATEST_DATE
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateTimeField):
            first = dt.datetime.combine(low, dt.time.min, tzinfo=dt.UTC)
            last = dt.datetime.combine(high, dt.time.max, tzinfo=dt.UTC)
        elif isinstance(field, models.DateField):
            first, last = low, high  # type: ignore[assignment]
        else:
            continue
        outside = models.Q(**{f"{field.name}__lt": first}) | models.Q(**{f"{field.name}__gt": last})
        for pk, value in model._default_manager.filter(outside).order_by("pk").values_list("pk", field.name):
            yield Finding(model._meta.label_lower, pk, field.name, value, bounds.date_problem(value) or "")


def _relative(model: type[models.Model]) -> Iterator[Finding]:
    label = model._meta.label_lower
    selected, prefetched = RELATED.get(label, ((), ()))
    rows = model._default_manager.order_by("pk")
    if selected:
        rows = rows.select_related(*selected)
    if prefetched:
        rows = rows.prefetch_related(*prefetched)
    for row in rows.iterator(chunk_size=500):
        for field, message in sorted(row.bound_problems().items()):  # type: ignore[attr-defined]
            yield Finding(label, row.pk, field, getattr(row, field), message)


def out_of_bounds_rows() -> Iterator[Finding]:
    for model in _openiop_models():
        yield from (_relative(model) if _has_relative_bounds(model) else _absolute(model))
