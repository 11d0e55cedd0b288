"""Reads of administrations, cadences and alerts, always through the access policy.

Every function here runs a fixed number of queries whatever the number of administrations, so
the chart and the home page stay flat as a client's history grows. One module per sub-domain:
``common`` (site dates, short names, active episode, cadence rules), ``cutoffs`` (a program's
cut-offs), ``administrations`` (FHIR, reads of administrations), ``charts`` (cached trend charts),
``dto`` (view objects), ``overview`` (the chart's Measures panel), ``alerts``, ``overdue``.
"""

from openiop.measures.selectors.administrations import (
    administration_fhir,
    administrations_read,
    client_for_recording,
)
from openiop.measures.selectors.alerts import (
    alert_get_for_user,
    alert_open_exists,
    alerts_open_for_client,
    alerts_open_for_home,
)
from openiop.measures.selectors.charts import chart_uri, trend_summary
from openiop.measures.selectors.common import (
    HOME_LIST_LIMIT,
    active_episode,
    administrations_for_client,
    cadence_rules,
    episode_start,
    instruments_in_order,
    local_date,
    local_today,
    short_name,
    start_of_day,
)
from openiop.measures.selectors.cutoffs import CUTOFFS_DEFAULT, CUTOFFS_PROGRAM, cutoff_note, scoring_config
from openiop.measures.selectors.dto import DueView, InstrumentTrend, MeasuresOverview, OverdueRow, due_views
from openiop.measures.selectors.overdue import overdue_for_home, overdue_for_user
from openiop.measures.selectors.overview import due_for_client, measures_overview

__all__ = [
    "CUTOFFS_DEFAULT",
    "CUTOFFS_PROGRAM",
    "HOME_LIST_LIMIT",
    "DueView",
    "InstrumentTrend",
    "MeasuresOverview",
    "OverdueRow",
    "active_episode",
    "administration_fhir",
    "administrations_for_client",
    "administrations_read",
    "alert_get_for_user",
    "alert_open_exists",
    "alerts_open_for_client",
    "alerts_open_for_home",
    "cadence_rules",
    "chart_uri",
    "client_for_recording",
    "cutoff_note",
    "due_for_client",
    "due_views",
    "episode_start",
    "instruments_in_order",
    "local_date",
    "local_today",
    "measures_overview",
    "overdue_for_home",
    "overdue_for_user",
    "scoring_config",
    "short_name",
    "start_of_day",
    "trend_summary",
]
