"""Reads of the program. Design pages are for directors (write) and clinicians (read) of the site;
rosters name clients, so they go through the access policy and are audited."""

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from openiop.accounts import policy
from openiop.accounts.models import Site, User
from openiop.accounts.types import Viewer
from openiop.audit.services import record_list
from openiop.clients.models import Client
from openiop.core.time import week_bounds
from openiop.program.models import (
    GroupSeries,
    GroupSession,
    IndividualSession,
    Module,
    Room,
    SessionEnrollment,
    SessionStatus,
    StaffAbsence,
    StaffAvailability,
    Track,
)

READ_ROLES = policy.PROGRAM_READ_ROLES
WRITE_ROLES = policy.PROGRAM_WRITE_ROLES


def program_sites(user: Viewer) -> list[Site]:
    """Sites whose program the user may read."""
    return list(Site.objects.filter(pk__in=policy.sites_with(user, READ_ROLES)).order_by("name"))


def site_for_user(*, user: Viewer, pk: int | str | None) -> Site:
    """The site picked by ``pk`` (or the user's first) among those they may read; 404 otherwise."""
    sites = program_sites(user)
    if not sites:
        raise Http404("No site")
    if pk in (None, ""):
        return sites[0]
    for site in sites:
        if str(site.pk) == str(pk):
            return site
    raise Http404("No such site")


def tracks_for_site(*, site: Site) -> QuerySet[Track]:
    return Track.objects.filter(site=site).order_by("-active", "name")


def rooms_for_site(*, site: Site) -> QuerySet[Room]:
    return Room.objects.filter(site=site).order_by("name")


def modules() -> QuerySet[Module]:
    return Module.objects.filter(active=True).order_by("position", "name")


def series_for_site(*, site: Site) -> QuerySet[GroupSeries]:
    return (
        GroupSeries.objects.filter(site=site)
        .select_related("track", "room")
        .prefetch_related("facilitators", "rotation__module")
        .order_by("track__name", "name")
    )


def staff_for_site(*, site: Site) -> list[User]:
    return list(
        User.objects.filter(memberships__site=site, memberships__role__in=policy.FACILITATOR_ROLES)
        .distinct()
        .order_by("full_name")
    )


def _with_details(qs: QuerySet[GroupSession]) -> QuerySet[GroupSession]:
    return (
        qs.select_related("track", "module", "room", "site", "series")
        .prefetch_related("facilitators")
        .annotate(enrolled=Count("enrollments", distinct=True))
    )


def sessions_for_week(*, site: Site, week_start: dt.date, facilitator: Any = None) -> list[GroupSession]:
    """The site's sessions of the local week (cancelled ones included), with an ``enrolled`` count."""
    start, end = week_bounds(site, week_start)
    qs = GroupSession.objects.filter(site=site, starts_at__gte=start, starts_at__lt=end)
    if facilitator is not None:
        qs = qs.filter(facilitators=facilitator)
    return list(_with_details(qs).order_by("starts_at", "track__name", "pk"))


def sessions_between(*, sites: list[int], start: dt.datetime, end: dt.datetime, facilitator: Any = None) -> list[Any]:
    qs = GroupSession.objects.filter(site_id__in=sites, starts_at__gte=start, starts_at__lt=end)
    if facilitator is not None:
        qs = qs.filter(facilitators=facilitator)
    return list(_with_details(qs).order_by("starts_at", "pk"))


def session_get_for_user(*, user: Viewer, pk: int) -> GroupSession:
    """A session of a site whose program the user may read (else 404)."""
    session = _with_details(GroupSession.objects.filter(pk=pk, site_id__in=policy.sites_with(user, READ_ROLES))).first()
    if session is None:
        raise Http404("No such session")
    return session


def session_get_for_roster(*, user: Viewer, pk: int) -> GroupSession:
    """A session whose roster the user may ask about: any clinical role at its site (else 404)."""
    session = _with_details(
        GroupSession.objects.filter(pk=pk, site_id__in=policy.sites_with(user, policy.CLINICAL_ROLES))
    ).first()
    if session is None:
        raise Http404("No such session")
    return session


def roster_for_session(*, user: Viewer, session: GroupSession) -> list[Client]:
    """The clients on the session's roster that the user may see, by name; records one list event.

    A facilitator sees everyone enrolled (the access policy includes their groups); other roles
    see the part of the roster their role allows (intake, for instance, sees no admitted client).
    """
    clients = list(
        policy.clients_for(user)
        .filter(session_enrollments__session=session)
        .order_by("legal_last_name", "legal_first_name", "pk")
    )
    record_list(
        user=user, object_type="roster", object_id=session.pk, shown=[c.pk for c in clients], site_id=session.site_id
    )
    return clients


def enrollments_for_session(*, session: GroupSession, visible: list[Client]) -> list[SessionEnrollment]:
    ids = [c.pk for c in visible]
    return list(
        SessionEnrollment.objects.filter(session=session, client_id__in=ids)
        .select_related("client")
        .order_by("client__legal_last_name", "client__legal_first_name")
    )


def staff_hours(*, site: Site, user: User) -> tuple[list[StaffAvailability], list[StaffAbsence]]:
    windows = list(StaffAvailability.objects.filter(site=site, user=user).order_by("weekday", "start_time"))
    absences = list(StaffAbsence.objects.filter(site=site, user=user).order_by("-first_day"))
    return windows, absences


def today_groups_for_user(*, user: Viewer, start: dt.datetime, end: dt.datetime) -> list[GroupSession]:
    """Today's groups at the user's sites: all of them for a director, their own for others."""
    directing = policy.directed_sites(user)
    clinical = policy.clinician_sites(user)
    qs = GroupSession.objects.filter(starts_at__gte=start, starts_at__lt=end).filter(
        Q(site_id__in=directing) | Q(site_id__in=clinical, facilitators=user)
    )
    return list(_with_details(qs.distinct()).order_by("starts_at", "pk"))


def individual_sessions_for_client(*, client: Client, start: dt.datetime, end: dt.datetime) -> list[Any]:
    return list(
        IndividualSession.objects.filter(client=client, starts_at__gte=start, starts_at__lt=end)
        .select_related("clinician")
        .order_by("starts_at")
    )


def client_sessions_between(*, client: Client, start: dt.datetime, end: dt.datetime) -> list[GroupSession]:
    return list(
        GroupSession.objects.filter(enrollments__client=client, starts_at__gte=start, starts_at__lt=end)
        .select_related("track", "room", "module")
        .prefetch_related(Prefetch("facilitators"))
        .order_by("starts_at")
    )


def scheduled(qs: QuerySet[GroupSession]) -> QuerySet[GroupSession]:
    return qs.filter(status=SessionStatus.SCHEDULED)
