"""The clinician's day on the staff home page and the clinical tabs of the chart (constant queries)."""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.accounts.types import Viewer
from openiop.clients.models import Client
from openiop.clinical import hours
from openiop.clinical.models import Note, PlanStatus
from openiop.clinical.selectors import groups as group_selectors
from openiop.clinical.selectors import notes as note_selectors
from openiop.clinical.selectors import records
from openiop.clinical.selectors.charts import clinical_day_clients
from openiop.clinical.selectors.hours import week_hours_for
from openiop.core.time import aware, site_today
from openiop.program.models import IndividualSession, SessionStatus

CASELOAD_LIMIT = 100


def _home_site(user: Viewer) -> Site | None:
    sites = policy.note_sites(user)
    return Site.objects.filter(pk__in=sites).order_by("pk").first()


def home_day(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    site = _home_site(user)
    if site is None:
        return {"site": None}
    director = policy.directs_site(user, site.pk)
    today = site_today(site)
    start, end = aware(site, today, dt.time()), aware(site, today + dt.timedelta(days=1), dt.time())
    now = timezone.now()
    groups_today = list(group_selectors.sessions_between(user=user, start=start, end=end, mine_only=not director))
    recent = group_selectors.sessions_between(
        user=user, start=start - dt.timedelta(days=7), end=now, mine_only=not director
    ).filter(ends_at__lte=now)
    to_finish = [
        s
        for s in recent
        if s.enrolled and (s.marked < s.enrolled or not hasattr(s, "group_note") or not s.group_note.is_signed)  # type: ignore[attr-defined]
    ][:30]
    individual = IndividualSession.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(
        status=SessionStatus.CANCELLED
    )
    individual = individual.filter(site=site) if director else individual.filter(clinician_id=user.pk)
    cutoff = now - dt.timedelta(hours=72)
    drafts = list(
        (
            note_selectors.site_late_drafts(site_ids=[site.pk], cutoff=now)
            if director
            else note_selectors.drafts_for_author(user=user)
        )[:30]
    )
    clients = clinical_day_clients(user=user, site_id=site.pk, director=director, limit=CASELOAD_LIMIT)
    week = week_hours_for(clients, site=site, week_of=today)
    caseload = [(c, week[c.pk]) for c in clients]
    return {
        "site": site,
        "director": director,
        "today": today,
        "groups_today": groups_today,
        "individual_today": list(individual.select_related("client").order_by("starts_at")[:30]),
        "to_finish": to_finish,
        "drafts": drafts,
        "late": [n for n in drafts if n.ends_at < cutoff],
        "cutoff": cutoff,
        "to_cosign": list(note_selectors.awaiting_cosign_for(user=user)[:30]),
        "alerts": _alerts(user, site, director, [c.pk for c in clients]),
        "plans_due": records.plans_due(client_ids=[c.pk for c in clients], today=today),
        "caseload": caseload,
    }


def _alerts(user: Viewer, site: Site, director: bool, client_ids: list[int]) -> list[Any]:
    from openiop.measures.models import Alert, AlertKind

    qs = Alert.objects.filter(
        site=site, status="open", kind__in=[AlertKind.RETENTION, AlertKind.DRUG_SCREEN_UNEXPECTED]
    )
    qs = qs if director else qs.filter(Q(assigned_to=user) | Q(client_id__in=client_ids))
    return list(qs.select_related("client").order_by("-opened_at")[:30])


# --- chart panels ------------------------------------------------------------------------------


def chart_notes(request: HttpRequest, client: Client) -> dict[str, Any]:
    notes = list(Note.objects.filter(client=client).select_related("author").order_by("-starts_at", "-pk")[:25])
    return {
        "notes": notes,
        "can_write": policy.can_write_notes(request.user, client),
        "cutoff": timezone.now() - dt.timedelta(hours=72),
    }


def chart_plan(request: HttpRequest, client: Client) -> dict[str, Any]:
    plan = records.current_plan(client=client)
    return {
        "plan": plan,
        "review": records.plan_status(plan, site_today(client.site)) if plan else None,
        "draft": plan is not None and plan.status == PlanStatus.DRAFT,
    }


def chart_screens(request: HttpRequest, client: Client) -> dict[str, Any]:
    screens = records.screens_for(client=client, limit=10)
    columns, rows = records.screen_table(screens)
    return {"columns": columns, "rows": rows}


def chart_safety(request: HttpRequest, client: Client) -> dict[str, Any]:
    versions = records.safety_plans_for(client=client)
    return {"current": versions[0] if versions else None, "count": len(versions)}


def chart_hours(request: HttpRequest, client: Client) -> dict[str, Any]:
    today = site_today(client.site)
    weeks = [
        week_hours_for([client], site=client.site, week_of=today - dt.timedelta(days=7 * i))[client.pk]
        for i in range(4)
    ]
    episodes = getattr(client, "active_episodes", [])
    admitted = episodes[0].admission_date if episodes else None
    return {
        "weeks": [(w, admitted is not None and w.below_prescription(today=today, admitted_on=admitted)) for w in weeks],
        "today": today,
        "minimum": hours.DEFAULT_BILLABLE_DAY_MINUTES,
    }
