"""A figure's table, and the small-cell rule of exports (pure)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Exports hide any count of 1 to 10 people and anything computed from one (0 reveals nobody).
SUPPRESS_BELOW = 11
SUPPRESSED = "<11"

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    # Columns that count people (or episodes, inquiries): suppressed when 1–10 in exports.
    counts: frozenset[int] = frozenset()
    # Computed columns → the count columns they come from: suppressed when any of those is.
    derived: Mapping[int, tuple[int, ...]] = field(default_factory=dict)
    note: str = ""

    def column(self, name: str) -> list[Cell]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def row(self, first: Cell) -> tuple[Cell, ...]:
        """The row whose first cell is ``first`` (tests read figures by their label)."""
        return next(r for r in self.rows if r[0] == first)


def _small(value: Cell) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SUPPRESS_BELOW


def suppressed(table: Table) -> Table:
    """The table as exports show it: small counts and what derives from them become "<11"."""
    rows = []
    for row in table.rows:
        small = {i for i in table.counts if _small(row[i])}
        cells: list[Cell] = list(row)
        for i in range(len(cells)):
            if i in small or (i in table.derived and small & set(table.derived[i])):
                cells[i] = SUPPRESSED
        rows.append(tuple(cells))
    return Table(table.key, table.title, table.columns, tuple(rows), table.counts, table.derived, table.note)


def rate(part: int, whole: int) -> float | None:
    """A share as a percentage with one decimal, None for an empty group."""
    return None if whole == 0 else round(100 * part / whole, 1)


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    middle = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return round(float(middle), 1)


def cell_text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def as_text_rows(table: Table) -> list[list[str]]:
    return [[cell_text(c) for c in row] for row in table.rows]


def by_key(tables: Sequence[Table]) -> Mapping[str, Table]:
    return {t.key: t for t in tables}
