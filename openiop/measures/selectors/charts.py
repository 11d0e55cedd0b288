"""Trend charts as cached data: URIs, and the one-sentence summary under each chart."""

import base64
import hashlib

from django.core.cache import cache

from openiop.measures import charts, trends
from openiop.measures.instruments import SCORING_VERSION, Instrument


def chart_uri(trend: trends.Trend) -> str:
    rows = [(r.when.isoformat(), r.total, sorted(r.subscales.items())) for r in trend.rows]
    key = "measures:chart:" + hashlib.sha256(repr((trend.code, rows, SCORING_VERSION)).encode()).hexdigest()
    uri: str | None = cache.get(key)
    if uri is None:
        svg = charts.trend_svg(trend)
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        cache.set(key, uri, timeout=24 * 3600)
    return uri


def _number(value: object) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return str(int(value)) if isinstance(value, float) else str(value)


def trend_summary(instrument: Instrument, trend: trends.Trend) -> str:
    baseline, latest = trend.baseline, trend.latest
    if baseline is None or latest is None or latest.total is None:
        if latest is None:
            return f"{instrument.name}: no results."
        return f"{instrument.name}: {len(trend.rows)} result(s), latest {latest.when:%b %-d, %Y}."
    parts = [f"{instrument.name}: baseline {_number(baseline.total)} on {baseline.when:%b %-d, %Y}"]
    if latest is not baseline:
        change = latest.change if latest.change is not None else 0
        sign = "+" if change > 0 else ""
        parts.append(f"latest {_number(latest.total)} on {latest.when:%b %-d, %Y} ({sign}{_number(change)})")
    if trend.response_on:
        parts.append(f"response reached {trend.response_on:%b %-d}")
    if trend.remission_on:
        parts.append(f"remission reached {trend.remission_on:%b %-d}")
    return "; ".join(parts) + "."
