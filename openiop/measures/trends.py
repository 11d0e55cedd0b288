"""One instrument's results over time, compared with the baseline (pure: no Django).

The baseline is the first result with a total in the series the caller hands in (the chart
passes the current episode's results). Each later result is compared with it through
``instruments.mbc.compare``: change, response, remission, reliable improvement or deterioration.
``response_on`` / ``remission_on`` are the first dates each was reached; remission is only
"reached" when the baseline was not already below the remission line.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .instruments import get
from .instruments.base import Number
from .instruments.mbc import RULES, compare


@dataclass(frozen=True, slots=True)
class Point:
    when: dt.date
    total: Number | None
    band: str | None = None
    subscales: Mapping[str, Number] = field(default_factory=dict)
    flags: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class Row:
    when: dt.date
    total: Number | None
    band: str | None
    subscales: Mapping[str, Number]
    flags: Sequence[str]
    is_baseline: bool = False
    change: Number | None = None  # total − baseline total
    notes: tuple[str, ...] = ()  # "response", "remission", "reliable improvement", …


@dataclass(frozen=True, slots=True)
class Trend:
    code: str
    rows: tuple[Row, ...]
    baseline: Row | None
    response_on: dt.date | None
    remission_on: dt.date | None

    @property
    def latest(self) -> Row | None:
        return self.rows[-1] if self.rows else None

    @property
    def has_totals(self) -> bool:
        return any(row.total is not None for row in self.rows)

    @property
    def subscale_names(self) -> tuple[str, ...]:
        names: dict[str, None] = {}
        for row in self.rows:
            names.update(dict.fromkeys(row.subscales))
        return tuple(names)

    @property
    def subscale_table(self) -> tuple[tuple[Row, tuple[Number | None, ...]], ...]:
        """Each row with its subscale values in ``subscale_names`` order (None where missing)."""
        names = self.subscale_names
        return tuple((row, tuple(row.subscales.get(name) for name in names)) for row in self.rows)


def trend(code: str, points: Sequence[Point]) -> Trend:
    get(code)  # unknown codes fail here, not halfway through
    ordered = sorted(points, key=lambda p: p.when)
    baseline_point = next((p for p in ordered if p.total is not None), None)
    rules = RULES.get(code)
    rows: list[Row] = []
    response_on: dt.date | None = None
    remission_on: dt.date | None = None
    seen_baseline = False
    for point in ordered:
        if point is baseline_point:
            seen_baseline = True
            rows.append(Row(point.when, point.total, point.band, point.subscales, point.flags, is_baseline=True))
            continue
        if baseline_point is None or baseline_point.total is None or point.total is None or not seen_baseline:
            rows.append(Row(point.when, point.total, point.band, point.subscales, point.flags))
            continue
        change = compare(code, baseline_point.total, point.total)
        notes: list[str] = []
        if change.response:
            notes.append("response")
            response_on = response_on or point.when
        remission_counts = (
            rules is not None and rules.remission_below is not None and baseline_point.total >= rules.remission_below
        )
        if change.remission and remission_counts:
            notes.append("remission")
            remission_on = remission_on or point.when
        if change.reliable_improvement:
            notes.append("reliable improvement")
        if change.reliable_deterioration:
            notes.append("reliable deterioration")
        rows.append(
            Row(
                point.when,
                point.total,
                point.band,
                point.subscales,
                point.flags,
                change=change.change,
                notes=tuple(notes),
            )
        )
    baseline = next((row for row in rows if row.is_baseline), None)
    return Trend(code, tuple(rows), baseline, response_on, remission_on)
