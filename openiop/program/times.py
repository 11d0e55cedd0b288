"""Moved to ``openiop.core.time``; kept only until the modules being split import from there."""

from openiop.core.time import aware, local, monday_of, parse_week, site_today, week_bounds

__all__ = ["aware", "local", "monday_of", "parse_week", "site_today", "week_bounds"]
