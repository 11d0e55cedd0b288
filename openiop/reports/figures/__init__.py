"""The dashboard's figures as pure functions over plain rows (no Django): rows.py holds the rows
and the filters, flow.py the census, intake and stays, care.py attendance and outcomes,
table.py the table every figure returns (and its small-cell suppression for exports)."""

from openiop.reports.figures.care import attendance_vs_prescribed, followups, no_shows, outcome_by_stay, scores
from openiop.reports.figures.dashboard import Dashboard, build
from openiop.reports.figures.flow import census, discharges, funnel, retention_tables
from openiop.reports.figures.rows import (
    AGE_BANDS,
    AttendanceRow,
    EpisodeRow,
    Filters,
    InquiryRow,
    ScoreRow,
    age_band,
    keep,
)
from openiop.reports.figures.table import SUPPRESS_BELOW, Table

__all__ = [
    "AGE_BANDS",
    "SUPPRESS_BELOW",
    "AttendanceRow",
    "Dashboard",
    "EpisodeRow",
    "Filters",
    "InquiryRow",
    "ScoreRow",
    "Table",
    "age_band",
    "attendance_vs_prescribed",
    "build",
    "census",
    "discharges",
    "followups",
    "funnel",
    "keep",
    "no_shows",
    "outcome_by_stay",
    "retention_tables",
    "scores",
]
