"""Reads for the reports: the plain rows the figures need (a fixed number of queries at any size)
and the dashboard of a site, checked against ``accounts.policy`` and audited."""

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from openiop.accounts import policy
from openiop.accounts.models import Site, User
from openiop.accounts.types import Viewer
from openiop.audit.models import Action
from openiop.audit.services import record_read
from openiop.clients.models import Episode
from openiop.clinical.models import Attendance
from openiop.core.time import day_end, day_start, local, local_date, site_today
from openiop.intake.models import Admission, Assessment, AssessmentStatus, Inquiry, Screening
from openiop.measures.models import Administration
from openiop.reports.figures import AttendanceRow, Dashboard, EpisodeRow, Filters, InquiryRow, ScoreRow, build
from openiop.reports.figures.rows import age_on
from openiop.reports.models import ReportRun

INSTRUMENTS = ("phq9", "gad7", "bam")


def report_site_get(*, user: Viewer, site_id: int) -> Site:
    """A site whose reports the user may see, else 403 (the sites a director has are no secret)."""
    if not policy.can_see_reports(user, site_id):
        raise PermissionDenied("Only the program director of this site sees its outcomes.")
    return Site.objects.get(pk=site_id)


def report_sites(*, user: Viewer) -> QuerySet[Site]:
    return Site.objects.filter(pk__in=policy.report_sites(user))


def _episodes(site: Site, start: dt.date, end: dt.date) -> QuerySet[Episode]:
    return Episode.objects.filter(site=site, admission_date__lte=end).filter(
        Q(discharge_date__isnull=True) | Q(discharge_date__gte=start)
    )


def episode_rows(site: Site, start: dt.date, end: dt.date) -> list[EpisodeRow]:
    rows = _episodes(site, start, end).values_list(
        "id",
        "client_id",
        "admission_date",
        "discharge_date",
        "discharge_teds_reason",
        "track",
        "level_of_care",
        "client__gender_identity",
        "client__date_of_birth",
        "client__preferred_language",
        "prescribed_hours_per_week",
    )
    return [
        EpisodeRow(
            pk, client, admitted, discharged, reason, track, level, gender, age_on(born, admitted), lang, float(hours)
        )
        for pk, client, admitted, discharged, reason, track, level, gender, born, lang, hours in rows
    ]


def score_rows(site: Site, start: dt.date, end: dt.date) -> list[ScoreRow]:
    administrations = Administration.objects.filter(
        episode__in=_episodes(site, start, end),
        instrument__in=INSTRUMENTS,
    ).values_list("episode_id", "instrument", "administered_at", "total", "subscales")
    rows = []
    for episode_id, instrument, at, total, subscales in administrations:
        value = (subscales or {}).get("use") if instrument == "bam" else total
        if value is not None:
            rows.append(ScoreRow(episode_id, instrument, local_date(site, at), float(value)))
    return rows


def attendance_rows(site: Site, start: dt.date, end: dt.date, episodes: list[EpisodeRow]) -> list[AttendanceRow]:
    """Attendance in the period, each row given to the client's episode that covers its day."""
    by_client: dict[int, list[EpisodeRow]] = defaultdict(list)
    for e in episodes:
        by_client[e.client_id].append(e)
    records = Attendance.objects.filter(
        site=site, session__starts_at__gte=day_start(site, start), session__starts_at__lt=day_end(site, end)
    ).values_list("client_id", "session__starts_at", "session__track__name", "status", "minutes")
    rows = []
    for client_id, starts_at, track, status, minutes in records:
        moment = local(site, starts_at)
        day = moment.date()
        episode = next(
            (
                e
                for e in by_client.get(client_id, [])
                if e.admitted <= day and (e.discharged is None or day <= e.discharged)
            ),
            None,
        )
        if episode is not None:
            rows.append(AttendanceRow(episode.id, day, moment.hour, track, status, minutes))
    return rows


def inquiry_rows(site: Site, start: dt.date, end: dt.date) -> list[InquiryRow]:
    admitted_on = Admission.objects.filter(assessment__inquiry=OuterRef("pk")).values("episode__admission_date")[:1]
    inquiries = (
        Inquiry.objects.filter(site=site, created_at__gte=day_start(site, start), created_at__lt=day_end(site, end))
        .annotate(
            was_screened=Exists(Screening.objects.filter(inquiry=OuterRef("pk"))),
            was_assessed=Exists(Assessment.objects.filter(inquiry=OuterRef("pk"), status=AssessmentStatus.SIGNED)),
            admitted_on=Subquery(admitted_on),
        )
        .values_list(
            "id", "referral_source", "created_at", "was_screened", "was_assessed", "admitted_on", "preferred_language"
        )
    )
    return [
        InquiryRow(pk, source, local_date(site, created), screened, assessed, admitted, language)
        for pk, source, created, screened, assessed, admitted, language in inquiries
    ]


def followup_statuses(site: Site, start: dt.date, end: dt.date) -> list[str] | None:
    """Alumni follow-ups (aftercare), None until that app records them."""
    return None


def ratings(site: Site, start: dt.date, end: dt.date) -> list[int] | None:
    """Satisfaction ratings (issue 13), None until they exist."""
    return None


def dashboard_build(*, site: Site, start: dt.date, end: dt.date, filters: Filters) -> Dashboard:
    """The figures of a site without a policy check or an audit event (callers do both)."""
    episodes = episode_rows(site, start, end)
    return build(
        episodes=episodes,
        inquiries=inquiry_rows(site, start, end),
        attendance=attendance_rows(site, start, end, episodes),
        scores=score_rows(site, start, end),
        start=start,
        end=end,
        today=site_today(site),
        filters=filters,
        followup_statuses=followup_statuses(site, start, end),
        ratings=ratings(site, start, end),
    )


def dashboard_for(*, user: Viewer, site: Site, start: dt.date, end: dt.date, filters: Filters) -> Dashboard:
    if not policy.can_see_reports(user, site.pk):
        raise PermissionDenied("Only the program director of this site sees its outcomes.")
    board = dashboard_build(site=site, start=start, end=end, filters=filters)
    record_read(
        user=user,
        object_type="outcomes",
        object_id="dashboard",
        client_id=None,
        site_id=site.pk,
        action=Action.VIEW,
        detail={"start": start.isoformat(), "end": end.isoformat(), "filters": filters.as_dict()},
    )
    return board


def run_get_for_user(*, user: Viewer, pk: int) -> ReportRun:
    """An export run of the user's own, at a site they still direct; 404 otherwise."""
    if not isinstance(user, User):
        raise Http404
    run = ReportRun.objects.select_related("site").filter(pk=pk, requested_by=user).first()
    if run is None or not policy.can_see_reports(user, run.site_id):
        raise Http404
    return run


def track_names(site: Site) -> list[str]:
    return sorted(set(Episode.objects.filter(site=site).exclude(track="").values_list("track", flat=True).distinct()))
