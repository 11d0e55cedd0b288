"""The dashboard's charts as SVG from its tables (matplotlib Agg, no pyplot; no Django).

Each chart draws the numbers of one figure's table, which the page and the PDF show beside it
(the accessible version). The same SVG goes into the page and the PDF.
"""

import base64
import io
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from openiop.reports.figures.table import Table

_RC: Any = {"svg.fonttype": "none", "svg.hashsalt": "openiop", "font.family": "sans-serif", "font.size": 9}
_COLORS = ("#1f3b73", "#8a1c1c", "#2e6b30", "#6a3d9a", "#8c5a00")


def _numbers(values: list[Any]) -> list[float]:
    return [float(v) if isinstance(v, int | float) else 0.0 for v in values]


def _finish(figure: Figure, ax: Axes) -> str:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode()


def _figure() -> tuple[Figure, Axes]:
    figure = Figure(figsize=(6.4, 2.6), dpi=100)
    return figure, figure.add_subplot()


def census_svg(table: Table) -> str:
    with matplotlib.rc_context(_RC):
        figure, ax = _figure()
        x = list(range(len(table.rows)))
        ax.plot(x, _numbers(table.column("in care on the first day")), color=_COLORS[0], marker="o", label="in care")
        ax.bar([i - 0.2 for i in x], _numbers(table.column("admitted")), width=0.4, color=_COLORS[2], label="admitted")
        ax.bar(
            [i + 0.2 for i in x], _numbers(table.column("discharged")), width=0.4, color=_COLORS[1], label="discharged"
        )
        labels = [str(v)[5:] for v in table.column("week from")]
        step = max(1, len(labels) // 10)
        ax.set_xticks(x[::step], labels[::step])
        ax.set_ylabel("People")
        ax.legend(loc="upper left", fontsize=8, frameon=False, ncols=3)
        return _finish(figure, ax)


def bars_svg(table: Table, label_column: str, value_columns: tuple[str, ...], ylabel: str) -> str:
    """Grouped bars: one group per row (by ``label_column``), one bar per value column."""
    with matplotlib.rc_context(_RC):
        figure, ax = _figure()
        labels = [str(v) for v in table.column(label_column)]
        width = 0.8 / max(1, len(value_columns))
        for k, (name, color) in enumerate(zip(value_columns, _COLORS, strict=False)):
            xs = [i - 0.4 + width * (k + 0.5) for i in range(len(labels))]
            ax.bar(xs, _numbers(table.column(name)), width=width, color=color, label=name)
        ax.set_xticks(
            range(len(labels)),
            labels,
            rotation=0 if len(labels) < 6 else 30,
            ha="center" if len(labels) < 6 else "right",
        )
        ax.set_ylabel(ylabel)
        ax.legend(loc="upper right", fontsize=8, frameon=False)
        return _finish(figure, ax)


def retention_svg(curve: Table) -> str:
    """The Kaplan–Meier step curve (survival %, from 100 % on day 0)."""
    with matplotlib.rc_context(_RC):
        figure, ax = _figure()
        days = [0.0, *_numbers(curve.column("day"))]
        survival = [100.0, *_numbers(curve.column("survival %"))]
        ax.step(days, survival, where="post", color=_COLORS[0], linewidth=1.6)
        censored = [(d, s) for d, s, c in zip(days[1:], survival[1:], curve.column("censored"), strict=True) if c]
        if censored:
            ax.plot(
                [d for d, _ in censored], [s for _, s in censored], "|", color="#555555", markersize=7, label="censored"
            )
            ax.legend(loc="lower left", fontsize=8, frameon=False)
        ax.set_ylim(0, 102)
        ax.set_xlabel("Days since admission")
        ax.set_ylabel("Still in treatment %")
        return _finish(figure, ax)


def uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def charts_for(tables: dict[str, Table]) -> dict[str, str]:
    """Figure key → SVG, for the figures that have a chart."""
    out = {"census": census_svg(tables["census"]), "retention": retention_svg(tables["retention"])}
    out["funnel"] = bars_svg(
        tables["funnel"], "referral source", ("inquiries", "screened", "assessed", "admitted"), "Inquiries"
    )
    out["outcome_by_stay"] = bars_svg(
        tables["outcome_by_stay"], "days in treatment", ("completed %", "remission %"), "%"
    )
    out["no_shows"] = bars_svg(_labelled(tables["no_shows"]), "group", ("no-show %",), "%")
    return out


def _labelled(table: Table) -> Table:
    rows = tuple((f"{r[0]}, {r[1]}", *r[2:]) for r in table.rows)
    return Table(table.key, table.title, ("group", *table.columns[2:]), rows)
