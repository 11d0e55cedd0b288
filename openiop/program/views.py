"""Program design pages: directors change the program, clinicians read it."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from openiop.accounts import policy
from openiop.accounts.decorators import staff_required
from openiop.accounts.models import Site, User
from openiop.accounts.types import acting_user
from openiop.clients.models import Client, EpisodeStatus
from openiop.core.time import aware, local, parse_week
from openiop.program import selectors, services
from openiop.program.forms import (
    CancelForm,
    RoomForm,
    RosterAddForm,
    SeriesForm,
    SessionMoveForm,
    StaffAbsenceForm,
    StaffWindowForm,
    TrackForm,
    WeekForm,
)
from openiop.program.models import GroupSession, StaffAbsence, StaffAvailability, Track
from openiop.program.recurrence import describe
from openiop.program.rendering import posted_int, render_local
from openiop.program.selectors import READ_ROLES, WRITE_ROLES

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _site(request: HttpRequest) -> Site:
    return selectors.site_for_user(user=request.user, pk=request.GET.get("site") or request.POST.get("site"))


def _director_site(request: HttpRequest) -> Site:
    site = _site(request)
    if not policy.directs_site(request.user, site.pk):
        raise PermissionDenied("Only the program director of this site may change the program.")
    return site


def _form_page(request: HttpRequest, form: Any, *, title: str, back: str, status: int | None = None) -> HttpResponse:
    code = status if status is not None else (422 if form.errors else 200)
    return render(request, "program/form.html", {"form": form, "title": title, "back": back}, status=code)


@staff_required(READ_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    series = list(selectors.series_for_site(site=site))
    return render_local(
        request,
        site,
        "program/home.html",
        {
            "site": site,
            "sites": selectors.program_sites(request.user),
            "tracks": selectors.tracks_for_site(site=site),
            "rooms": selectors.rooms_for_site(site=site),
            "series": [(s, describe(s.rrule)) for s in series],
            "staff": selectors.staff_for_site(site=site),
            "can_design": policy.directs_site(request.user, site.pk),
        },
    )


@staff_required(READ_ROLES)
def modules(request: HttpRequest) -> HttpResponse:
    return render(request, "program/modules.html", {"modules": selectors.modules()})


@staff_required(READ_ROLES)
def week(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    form = WeekForm(request.GET)
    monday = parse_week(request.GET.get("week"), site)
    sessions = selectors.sessions_for_week(site=site, week_start=monday)
    days: list[tuple[dt.date, list[tuple[GroupSession, dt.datetime, dt.datetime]]]] = [
        (monday + dt.timedelta(days=i), []) for i in range(7)
    ]
    for session in sessions:
        start = local(site, session.starts_at)
        days[start.weekday()][1].append((session, start, local(site, session.ends_at)))
    return render_local(
        request,
        site,
        "program/week.html",
        {
            "site": site,
            "form": form,
            "monday": monday,
            "days": days,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
        },
    )


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def track_create(request: HttpRequest) -> HttpResponse:
    site = _director_site(request)
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.track_create(actor=acting_user(request), site=site, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Track created.")
            return redirect(f"{reverse('program:home')}?site={site.pk}")
    return _form_page(request, form, title=f"New track at {site.name}", back=reverse("program:home"))


def _track_for_director(request: HttpRequest, pk: int) -> Track:
    track = Track.objects.filter(pk=pk, site_id__in=policy.sites_with(request.user, READ_ROLES)).first()
    if track is None:
        raise Http404("No such track")
    if not policy.directs_site(request.user, track.site_id):
        raise PermissionDenied("Only the program director of this site may change the program.")
    return track


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def track_edit(request: HttpRequest, pk: int) -> HttpResponse:
    track = _track_for_director(request, pk)
    form = TrackForm(request.POST or None, initial=TrackForm.initial_for(track))
    if request.method == "POST" and form.is_valid():
        try:
            services.track_update(actor=acting_user(request), track=track, **form.cleaned_data)
        except ValidationError as exc:
            track.refresh_from_db()
            form.add_error(None, exc)
        else:
            messages.success(request, "Track saved.")
            return redirect(f"{reverse('program:home')}?site={track.site_id}")
    return _form_page(request, form, title=f"Edit track {track.name}", back=reverse("program:home"))


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def room_create(request: HttpRequest) -> HttpResponse:
    site = _director_site(request)
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.room_create(actor=acting_user(request), site=site, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Room added.")
            return redirect(f"{reverse('program:home')}?site={site.pk}")
    return _form_page(request, form, title=f"New room at {site.name}", back=reverse("program:home"))


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest) -> HttpResponse:
    site = _director_site(request)
    form = SeriesForm(request.POST or None, site=site, staff=selectors.staff_for_site(site=site))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("days", None)
        data["modules"] = sorted(data["modules"], key=lambda m: (m.position, m.name))
        data["facilitators"] = list(data["facilitators"])
        try:
            series = services.series_create(actor=acting_user(request), site=site, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Group series “{series.name}” created with its sessions.")
            return redirect(f"{reverse('program:week')}?site={site.pk}&week={series.first_day.isoformat()}")
    return _form_page(request, form, title=f"New group series at {site.name}", back=reverse("program:home"))


def _visible_active_clients(request: HttpRequest, session: GroupSession) -> QuerySet[Client]:
    return (
        policy.clients_for(request.user)
        .filter(site_id=session.site_id, episodes__status=EpisodeStatus.ACTIVE)
        .exclude(session_enrollments__session=session)
        .distinct()
        .order_by("legal_last_name", "legal_first_name")
    )


@staff_required(policy.CLINICAL_ROLES)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_roster(user=request.user, pk=pk)
    roster = selectors.roster_for_session(user=request.user, session=session)
    may_roster = policy.can_change_roster(request.user, session)
    return render_local(
        request,
        session.site,
        "program/session_detail.html",
        {
            "session": session,
            "start": local(session.site, session.starts_at),
            "end": local(session.site, session.ends_at),
            "enrollments": selectors.enrollments_for_session(session=session, visible=roster),
            "hidden": session.enrolled - len(roster),  # type: ignore[attr-defined]
            "can_design": policy.directs_site(request.user, session.site_id),
            "may_roster": may_roster,
            "roster_form": RosterAddForm(clients=_visible_active_clients(request, session)) if may_roster else None,
        },
    )


def _session_for_director(request: HttpRequest, pk: int) -> GroupSession:
    session = selectors.session_get_for_user(user=request.user, pk=pk)
    if not policy.directs_site(request.user, session.site_id):
        raise PermissionDenied("Only the program director of this site may change the program.")
    return session


@staff_required(WRITE_ROLES)
@require_http_methods(["GET", "POST"])
def session_move(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_for_director(request, pk)
    site = session.site
    start, end = local(site, session.starts_at), local(site, session.ends_at)
    initial = {"day": start.date(), "start_time": start.time(), "end_time": end.time(), "room": session.room}
    form = SessionMoveForm(request.POST or None, initial=initial, site=site)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_move(
                actor=acting_user(request),
                session=session,
                starts_at=aware(site, data["day"], data["start_time"]),
                ends_at=aware(site, data["day"], data["end_time"]),
                room=data["room"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            session.refresh_from_db()
            _add_errors(form, exc)
        else:
            messages.success(request, "Session moved; calendars show the new time.")
            return redirect("program:session", pk=session.pk)
    back = reverse("program:session", args=[session.pk])
    return _form_page(request, form, title=f"Move {session.track.name} of {start:%A %-d %B}", back=back)


def _add_errors(form: Any, exc: ValidationError) -> None:
    """Service errors on the form: on their field when the form has it, else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@staff_required(WRITE_ROLES)
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_for_director(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.session_cancel(actor=acting_user(request), session=session, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Session cancelled; calendars show it as cancelled.")
            return redirect("program:session", pk=session.pk)
    back = reverse("program:session", args=[session.pk])
    return _form_page(request, form, title="Cancel this session", back=back, status=422)


@staff_required(policy.CLINICAL_ROLES)
@require_POST
def session_roster(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_roster(user=request.user, pk=pk)
    if not policy.can_change_roster(request.user, session):
        raise PermissionDenied("Only the director or the session's facilitators may change its roster.")
    if request.POST.get("remove"):
        client = policy.clients_for(request.user).filter(pk=posted_int(request, "remove")).first()
        if client is None:
            raise Http404("No such client")
        try:
            services.enrollment_remove(actor=acting_user(request), session=session, client=client)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{client.display_name} taken off the roster.")
        return redirect("program:session", pk=session.pk)
    form = RosterAddForm(request.POST, clients=_visible_active_clients(request, session))
    if form.is_valid():
        try:
            services.enrollment_add(
                actor=acting_user(request),
                session=session,
                client=form.cleaned_data["client"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['client'].display_name} added to the roster.")
            return redirect("program:session", pk=session.pk)
    return _form_page(request, form, title="Add a client to this session", back=reverse("program:session", args=[pk]))


def _staff_member(request: HttpRequest, site: Site, user_pk: int) -> User:
    if not policy.can_see_staff_hours(request.user, site.pk, user_pk):
        raise PermissionDenied("Only the director, or the staff member themself, may see these hours.")
    member = next((u for u in selectors.staff_for_site(site=site) if u.pk == user_pk), None)
    if member is None:
        raise Http404("No such staff member")
    return member


@staff_required(READ_ROLES)
@require_http_methods(["GET", "POST"])
def staff_hours(request: HttpRequest, user_pk: int) -> HttpResponse:
    site = _site(request)
    member = _staff_member(request, site, user_pk)
    window_form = StaffWindowForm(request.POST if request.POST.get("form") == "window" else None)
    absence_form = StaffAbsenceForm(request.POST if request.POST.get("form") == "absence" else None)
    status = 200
    if request.method == "POST":
        try:
            if _staff_hours_post(request, site, member, window_form, absence_form):
                return redirect(f"{reverse('program:staff_hours', args=[member.pk])}?site={site.pk}")
        except ValidationError as exc:
            _add_errors(window_form if request.POST.get("form") == "window" else absence_form, exc)
        status = 422
    windows, absences = selectors.staff_hours(site=site, user=member)
    return render_local(
        request,
        site,
        "program/staff_hours.html",
        {
            "site": site,
            "member": member,
            "windows": windows,
            "absences": absences,
            "window_form": window_form,
            "absence_form": absence_form,
        },
        status=status,
    )


def _staff_hours_post(
    request: HttpRequest, site: Site, member: User, window_form: StaffWindowForm, absence_form: StaffAbsenceForm
) -> bool:
    """Apply one posted change; True when done, False when a form has errors."""
    which = request.POST.get("form")
    if which == "window" and window_form.is_valid():
        services.staff_availability_add(actor=acting_user(request), site=site, user=member, **window_form.cleaned_data)
        return True
    if which == "absence" and absence_form.is_valid():
        services.staff_absence_add(actor=acting_user(request), site=site, user=member, **absence_form.cleaned_data)
        return True
    if which == "remove-window":
        window = StaffAvailability.objects.filter(pk=posted_int(request, "id"), site=site, user=member).first()
        if window is None:
            raise Http404("No such window")
        services.staff_availability_remove(actor=acting_user(request), window=window)
        return True
    if which == "remove-absence":
        absence = StaffAbsence.objects.filter(pk=posted_int(request, "id"), site=site, user=member).first()
        if absence is None:
            raise Http404("No such absence")
        services.staff_absence_remove(actor=acting_user(request), absence=absence)
        return True
    if which not in ("window", "absence"):
        messages.error(request, "Choose what to change.")
    return False
