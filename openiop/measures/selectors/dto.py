"""The view objects the chart's Measures panel and the caseload homes show."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from openiop.clients.models import Client, Episode
from openiop.measures import cadence, trends
from openiop.measures.instruments import REGISTRY, Instrument
from openiop.measures.models import Administration
from openiop.measures.selectors.common import short_name


@dataclass(frozen=True)
class DueView:
    due: cadence.Due
    name: str  # short name, e.g. "PHQ-9"

    @property
    def code(self) -> str:
        return self.due.instrument


def due_views(due: Iterable[cadence.Due]) -> list[DueView]:
    return [DueView(d, short_name(d.instrument)) for d in due]


@dataclass(frozen=True)
class InstrumentTrend:
    instrument: Instrument
    trend: trends.Trend
    chart: str  # data: URI of the SVG
    summary: str  # one sentence for the figcaption
    cutoff_note: str = ""  # where the cut-offs come from, for instruments with UNVERIFIED defaults


@dataclass(frozen=True)
class MeasuresOverview:
    today: dt.date
    episode: Episode | None
    due: list[DueView]
    has_cadence: bool
    latest: list[Administration]  # latest administration of each instrument, newest first
    trends: list[InstrumentTrend]
    count: int
    cutoff_notes: list[tuple[str, str]] = field(default_factory=list)  # (short name, note) for latest


@dataclass(frozen=True)
class OverdueRow:
    client: Client
    due: cadence.Due
    days_late: int

    @property
    def instrument_name(self) -> str:
        return REGISTRY[self.due.instrument].name
