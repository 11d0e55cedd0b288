"""Trend charts as SVG with matplotlib (Agg; no pyplot, so no global figure state; no Django).

One chart per instrument: its totals over time on the instrument's full range, the severity
bands shaded and named, the baseline ringed and labelled, and a dashed line where response or
remission was first reached. Instruments without a total (BAM) get one line per subscale.
Every chart is paired in the page with a table of the same numbers (the accessible version).
"""

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .instruments import Instrument, get
from .instruments.base import Number
from .trends import Trend

# The reference gives URICA readiness a range of −2 to +14 [S30]; every other total is a sum.
_RANGES: dict[str, tuple[Number, Number]] = {"urica": (-2, 14)}
# Light fills from "fine" to "worst"; text stays dark on all of them (contrast ≥ 7:1).
_BAND_FILLS = ("#e3f2e1", "#f4f1d0", "#fbe3c4", "#f8d0c0", "#f2b8b5")
_LINE = "#1f3b73"
_SUBSCALE_LINES = ("#1f3b73", "#8a1c1c", "#2e6b30", "#6a3d9a")
# Higher is better on these totals, so their bands run from red to green.
_HIGHER_IS_BETTER = frozenset({"urica"})
_RC: Any = {"svg.fonttype": "none", "svg.hashsalt": "openiop", "font.family": "sans-serif", "font.size": 9}


def total_range(instrument: Instrument) -> tuple[Number, Number]:
    if instrument.code in _RANGES:
        return _RANGES[instrument.code]
    low = sum(min(item.points(v) for v in item.values) for item in instrument.items)
    high = sum(max(item.points(v) for v in item.values) for item in instrument.items)
    return low, high


def subscale_range(instrument: Instrument, name: str) -> tuple[Number, Number]:
    for subscale in instrument.subscales:
        if subscale.name == name:
            items = [instrument.item(number) for number in subscale.items]
            low = sum(min(item.points(v) for v in item.values) for item in items)
            high = sum(max(item.points(v) for v in item.values) for item in items)
            if subscale.method == "mean":
                return low / len(items), high / len(items)
            return low, high
    raise KeyError(name)


def _x(day: dt.date) -> float:
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def _fills(count: int) -> Sequence[str]:
    if count <= len(_BAND_FILLS):
        # Spread over the palette so a 3-band scale still runs from green to red.
        step = (len(_BAND_FILLS) - 1) / max(1, count - 1)
        return [_BAND_FILLS[round(i * step)] for i in range(count)]
    return [_BAND_FILLS[min(i, len(_BAND_FILLS) - 1)] for i in range(count)]


def _shade_bands(ax: Axes, instrument: Instrument, low: Number, high: Number) -> None:
    integer = instrument.code not in _RANGES
    previous: Number | None = None
    fills = list(_fills(len(instrument.bands)))
    if instrument.code in _HIGHER_IS_BETTER:
        fills.reverse()
    for band, fill in zip(instrument.bands, fills, strict=True):
        bottom = low if previous is None else previous + (0.5 if integer else 0)
        top = high if band.upper is None else band.upper + (0.5 if integer else 0)
        top = min(top, high)
        if top > bottom:
            ax.axhspan(bottom, top, facecolor=fill, edgecolor="none", zorder=0)
            ax.text(
                1.01,
                (bottom + top) / 2,
                band.code.replace("-", " "),
                transform=ax.get_yaxis_transform(),
                va="center",
                ha="left",
                fontsize=8,
                color="#222222",
            )
        previous = band.upper


def _x_limits(ax: Axes, days: Sequence[dt.date]) -> None:
    first, last = min(days), max(days)
    if (last - first).days < 7:
        first, last = first - dt.timedelta(days=3), last + dt.timedelta(days=3)
    else:
        pad = dt.timedelta(days=max(1, (last - first).days // 20))
        first, last = first - pad, last + pad
    ax.set_xlim(_x(first), _x(last))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %-d"))  # type: ignore[no-untyped-call]


def _mark(ax: Axes, day: dt.date, label: str, y: float) -> None:
    ax.axvline(_x(day), color="#2e6b30", linestyle="--", linewidth=1, zorder=1)
    ax.annotate(
        label,
        xy=(_x(day), y),
        xycoords=("data", "axes fraction"),
        xytext=(-3, 0),
        textcoords="offset points",
        fontsize=8,
        color="#1d4d20",
        va="top",
        ha="right",
    )


def trend_svg(trend: Trend) -> str:
    """The chart of ``trend`` as an SVG document (text)."""
    instrument = get(trend.code)
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(7.2, 2.9), dpi=100)
        ax = figure.add_subplot()
        days = [row.when for row in trend.rows]
        if trend.has_totals:
            low, high = total_range(instrument)
            _shade_bands(ax, instrument, low, high)
            points = [(row.when, row.total) for row in trend.rows if row.total is not None]
            ax.plot(
                [_x(p[0]) for p in points], [p[1] for p in points], marker="o", color=_LINE, linewidth=1.6, zorder=3
            )
            ax.set_ylim(low, high)
            ax.set_ylabel("Total")
            if trend.baseline is not None and trend.baseline.total is not None:
                ax.plot(
                    [_x(trend.baseline.when)],
                    [trend.baseline.total],
                    marker="o",
                    markersize=11,
                    markerfacecolor="none",
                    markeredgecolor="#000000",
                    markeredgewidth=1.5,
                    zorder=4,
                )
                ax.annotate(
                    "Baseline",
                    xy=(_x(trend.baseline.when), trend.baseline.total),
                    xytext=(7, 7),
                    textcoords="offset points",
                    fontsize=8,
                    color="#000000",
                )
            if trend.response_on is not None:
                _mark(ax, trend.response_on, "Response", 0.98)
            if trend.remission_on is not None:
                _mark(ax, trend.remission_on, "Remission", 0.86 if trend.response_on else 0.98)
        else:
            top: Number = 0
            for name, color in zip(trend.subscale_names, _SUBSCALE_LINES, strict=False):
                series = [(row.when, row.subscales[name]) for row in trend.rows if name in row.subscales]
                ax.plot([_x(p[0]) for p in series], [p[1] for p in series], marker="o", color=color, label=name)
                top = max(top, subscale_range(instrument, name)[1])
            ax.set_ylim(0, top)
            ax.set_ylabel("Subscale")
            ax.legend(loc="upper left", fontsize=8, frameon=False, ncols=4)
        if days:
            _x_limits(ax, days)
        ax.grid(axis="y", color="#ffffff", linewidth=0.6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        figure.subplots_adjust(left=0.07, right=0.79, top=0.95, bottom=0.12)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode()
