"""What intake adds to pages it does not own (declared in ``intake/extensions.py``).

Each context callable runs a constant number of queries.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Viewer
from openiop.core.time import day_end, site_today
from openiop.intake import selectors


def chart_intake(request: HttpRequest, client: Any) -> dict[str, Any]:
    """The chart's Intake tab: the client's assessments and the inquiry each came from (one query)."""
    return {"assessments": selectors.assessments_for_client(client=client)}


def _end_of_today(user: Viewer) -> dt.datetime:
    site = Site.objects.filter(pk__in=policy.pipeline_sites(user)).order_by("pk").first()
    if site is None:
        return dt.datetime.combine(timezone.now().date() + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    return day_end(site, site_today(site))


def home_follow_ups(request: HttpRequest) -> dict[str, Any]:
    """Follow-ups due by the end of today (overdue first) for intake staff and directors."""
    items = selectors.follow_ups_due(user=request.user, until=_end_of_today(request.user))
    return {"follow_ups": items, "now": timezone.now()}


def home_assessments(request: HttpRequest) -> dict[str, Any]:
    """Open assessments for clinicians (their own) and medical staff (their sites')."""
    return {"assessments": selectors.assessment_worklist(user=request.user, limit=10)}
