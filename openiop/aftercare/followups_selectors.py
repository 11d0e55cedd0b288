"""Reads of alumni follow-ups: the due list of a clinician (or a director's site) and one follow-up."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.aftercare.models import FollowUp, FollowUpStatus
from openiop.audit.services import record_list, record_read
from openiop.clients.selectors import client_get_for_user
from openiop.core.time import site_today


def _due_q(user: Any, today: dt.date | None) -> Q:
    sites = policy.stay_sites(user)
    q = Q(pk__in=[])
    for site in Site.objects.filter(pk__in=sites):
        day = today or site_today(site)
        mine = Q() if policy.sees_whole_site_stays(user, site.pk) else Q(assigned_to=user)
        q |= Q(site_id=site.pk, due_date__lte=day) & mine
    return q


def followups_due_for_user(*, user: Any, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """Open follow-ups whose due date has come (the site's today): the assigned clinician's,
    or every one of a director's site."""
    return (
        FollowUp.objects.filter(_due_q(user, today), status=FollowUpStatus.OPEN)
        .select_related("client", "episode", "assigned_to", "site")
        .order_by("due_date", "pk")
    )


def followups_due_shown(*, user: Any, limit: int, today: dt.date | None = None) -> tuple[list[FollowUp], int]:
    """The first ``limit`` due follow-ups and how many there are; the clients shown are recorded."""
    qs = followups_due_for_user(user=user, today=today)
    rows = list(qs[:limit])
    count = len(rows) if len(rows) < limit else qs.count()
    if rows:
        record_list(user=user, object_type="followup", shown=[f.pk for f in rows])
    return rows, count


def followup_get_for_user(*, user: Any, pk: int, action: str | None = "view") -> FollowUp:
    followup = FollowUp.objects.select_related("episode", "assigned_to", "site", "bam", "phq9").filter(pk=pk).first()
    if followup is None:
        raise Http404("No such follow-up")
    followup.client = client_get_for_user(user=user, pk=followup.client_id, action=None)
    if not policy.can_follow_up(user, followup):
        raise PermissionDenied("This follow-up is assigned to someone else.")
    if action:
        record_read(user=user, instance=followup, action=action, object_type="followup")
    return followup


def followups_for_client(*, client: Any) -> QuerySet[FollowUp]:
    """Follow-ups of a client already opened through ``client_get_for_user``."""
    return FollowUp.objects.filter(client=client).select_related("assigned_to").order_by("due_date", "pk")
