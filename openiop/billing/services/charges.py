"""Charges from a week of attendance: load the rows, ask the billable-day core, save lines and held days."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum

from openiop.accounts.models import Site
from openiop.accounts.types import Actor
from openiop.audit.services import record_create
from openiop.billing import billable
from openiop.billing.models import Authorization, Charge, ChargeStatus, Coverage, HeldDay, Payer
from openiop.billing.services.common import require_biller
from openiop.clients.models import Episode
from openiop.clinical.models import Attendance, Note
from openiop.core.time import local_date, monday_of, site_today, week_bounds

ATTENDED = ("present", "late", "left_early")
NOTE_KINDS = {"individual": "individual", "family": "family", "case_management": "case_management"}


@dataclass(frozen=True)
class ChargeRun:
    week_start: dt.date
    clients: int
    charges: int
    held: int


def charges_compute(*, actor: Actor | None, site: Site, week_start: dt.date) -> ChargeRun:
    """Recompute one week's unbilled charges and held days at a site (claimed ones stay as they are).

    Runs under the site's row lock, so two people computing the same week at once
    take turns instead of creating a charge twice."""
    require_biller(actor, site)
    week_start = monday_of(week_start)
    week_end = week_start + dt.timedelta(days=6)
    with transaction.atomic():
        Site.objects.select_for_update().filter(pk=site.pk).first()  # one billing run per site at a time
        coverages = list(
            Coverage.objects.filter(client__site=site, rank=1, eligible_from__lte=week_end)
            .exclude(eligible_to__lt=week_start)
            .select_related("payer", "client")
        )
        client_ids = [c.client_id for c in coverages]
        services = _services(site, client_ids, week_start)
        exempt = _short_weeks(client_ids, week_start, week_end)
        auths = _authorizations(client_ids, week_start, week_end)
        kept = set(
            Charge.objects.filter(client_id__in=client_ids, day__range=(week_start, week_end))
            .exclude(status=ChargeStatus.UNBILLED)
            .values_list("client_id", "payer_id", "day", "code", "source")
        )
        Charge.objects.filter(
            client_id__in=client_ids, day__range=(week_start, week_end), status=ChargeStatus.UNBILLED
        ).delete()
        HeldDay.objects.filter(client_id__in=client_ids, week_start=week_start).delete()
        created = held = 0
        for coverage in coverages:
            result = billable.bill_week(
                services.get(coverage.client_id, []),
                coverage.payer.rules(),
                auths.get((coverage.client_id, coverage.payer_id), []),
                exempt_from_week_minimum=coverage.client_id in exempt,
                week_over=site_today(site) > week_end,
            )
            created += _save_lines(actor, site, coverage, result, kept)
            HeldDay.objects.bulk_create(
                HeldDay(
                    site=site,
                    client_id=coverage.client_id,
                    payer=coverage.payer,
                    week_start=week_start,
                    day=h.day,
                    reason=h.reason,
                    detail=h.detail[:200],
                )
                for h in result.held
            )
            held += len(result.held)
    return ChargeRun(week_start=week_start, clients=len(coverages), charges=created, held=held)


def _save_lines(
    actor: Actor | None,
    site: Site,
    coverage: Coverage,
    result: billable.WeekResult,
    kept: set[tuple[int, int, dt.date, str, str]],
) -> int:
    payer: Payer = coverage.payer
    count = 0
    auth_ids = {a.number: a.pk for a in Authorization.objects.filter(client=coverage.client, payer=payer)}
    for line in result.lines:
        source = ",".join(line.refs)[:200]
        if (coverage.client_id, payer.pk, line.day, line.code, source) in kept:
            continue
        charge = Charge(
            site=site,
            client_id=coverage.client_id,
            payer=payer,
            authorization_id=auth_ids.get(line.authorization),
            day=line.day,
            code=line.code,
            revenue_code=line.revenue_code,
            units=line.units,
            minutes=line.minutes,
            amount=payer.rate * line.units,
            tier=line.tier,
            participants=line.participants,
            source=source,
        )
        charge.full_clean()
        charge.save()
        record_create(actor=actor, instance=charge)
        count += 1
    return count


def _services(site: Site, client_ids: list[int], week_start: dt.date) -> dict[int, list[billable.Service]]:
    """Attended groups (make-ups marked) and individual, family and case-management sessions, with
    whether a signed note documents each."""
    from openiop.program.models import SessionEnrollment

    start, end = week_bounds(site, week_start)
    out: dict[int, list[billable.Service]] = defaultdict(list)
    rows = list(
        Attendance.objects.filter(
            client_id__in=client_ids, status__in=ATTENDED, session__starts_at__gte=start, session__starts_at__lt=end
        )
        .select_related("session")
        .only("id", "client_id", "session_id", "minutes", "session__starts_at")
    )
    session_ids = {r.session_id for r in rows}
    participants = Counter(
        Attendance.objects.filter(session_id__in=session_ids, status__in=ATTENDED).values_list("session_id", flat=True)
    )
    signed = set(
        Note.objects.filter(
            client_id__in=client_ids, group_note__session_id__in=session_ids, status="signed"
        ).values_list("client_id", "group_note__session_id")
    )
    dropins = set(
        SessionEnrollment.objects.filter(
            client_id__in=client_ids, session_id__in=session_ids, source="drop-in"
        ).values_list("client_id", "session_id")
    )
    for r in rows:
        key = (r.client_id, r.session_id)
        out[r.client_id].append(
            billable.Service(
                day=local_date(site, r.session.starts_at),
                kind="make_up" if key in dropins else "group",
                minutes=r.minutes,
                documented=key in signed,
                participants=participants[r.session_id],
                ref=f"attendance:{r.pk}",
            )
        )
    notes = Note.objects.filter(
        client_id__in=client_ids, kind__in=list(NOTE_KINDS), starts_at__gte=start, starts_at__lt=end
    ).only("id", "client_id", "kind", "starts_at", "ends_at", "status", "service_code")
    for note in notes:
        out[note.client_id].append(
            billable.Service(
                day=local_date(site, note.starts_at),
                kind=NOTE_KINDS[note.kind],
                minutes=note.minutes,
                documented=note.status == "signed",
                code=note.service_code,
                ref=f"note:{note.pk}",
            )
        )
    return dict(out)


def _short_weeks(client_ids: list[int], week_start: dt.date, week_end: dt.date) -> set[int]:
    """Clients admitted or discharged inside the week: their days are judged one by one."""
    rows = Episode.objects.filter(client_id__in=client_ids).values_list("client_id", "admission_date", "discharge_date")
    return {
        client
        for client, admitted, discharged in rows
        if week_start < admitted <= week_end or (discharged is not None and week_start <= discharged < week_end)
    }


def _authorizations(
    client_ids: list[int], week_start: dt.date, week_end: dt.date
) -> dict[tuple[int, int], list[billable.Authorization]]:
    """Authorizations overlapping the week, with the units left after every charge outside this
    week's unbilled ones (which are being recomputed)."""
    rows = list(
        Authorization.objects.filter(
            client_id__in=client_ids, start_date__lte=week_end, end_date__gte=week_start
        ).order_by("start_date", "pk")
    )
    used = dict(
        Charge.objects.filter(authorization__in=rows)
        .exclude(status=ChargeStatus.UNBILLED, day__range=(week_start, week_end))
        .values("authorization_id")
        .annotate(units=Sum("units"))
        .values_list("authorization_id", "units")
    )
    out: dict[tuple[int, int], list[billable.Authorization]] = defaultdict(list)
    for a in rows:
        out[(a.client_id, a.payer_id)].append(
            billable.Authorization(
                ref=a.number,
                start=a.start_date,
                end=a.end_date,
                units_remaining=max(0, a.units_authorized - (used.get(a.pk) or 0)),
                codes=frozenset(a.codes),
            )
        )
    return dict(out)
