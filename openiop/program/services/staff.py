"""Staff working hours and absences."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openiop.accounts import policy
from openiop.accounts.models import Site, User
from openiop.accounts.types import Actor, Viewer
from openiop.audit.services import record_delete, save_and_record
from openiop.program.models import (
    StaffAbsence,
    StaffAvailability,
)


def _require_staff_hours_change(actor: Actor, site_id: int, user: Viewer) -> None:
    """The director sets anyone's hours at the site; a clinician may set their own."""
    if policy.directs_site(actor, site_id):
        return
    if actor.pk == user.pk and site_id in policy.site_roles(actor):
        return
    raise PermissionDenied("Only the director, or the staff member themself, may change these hours.")


def _require_member(site: Site, user: Viewer) -> None:
    if site.pk not in policy.site_roles(user):
        raise ValidationError({"user": f"{user} does not work at {site.name}."})


def staff_availability_add(
    *, actor: Actor, site: Site, user: User, weekday: int, start_time: dt.time, end_time: dt.time
) -> StaffAvailability:
    _require_staff_hours_change(actor, site.pk, user)
    _require_member(site, user)
    window = StaffAvailability(site=site, user=user, weekday=weekday, start_time=start_time, end_time=end_time)
    with transaction.atomic():
        save_and_record(actor=actor, instance=window, site_id=site.pk, detail={"user": user.pk})
    return window


def staff_availability_remove(*, actor: Actor, window: StaffAvailability) -> None:
    _require_staff_hours_change(actor, window.site_id, window.user)
    with transaction.atomic():
        record_delete(
            actor=actor,
            instance=window,
            object_type="staffavailability",
            site_id=window.site_id,
            detail={"user": window.user_id},
        )
        window.delete()


def staff_absence_add(
    *, actor: Actor, site: Site, user: User, first_day: dt.date, last_day: dt.date, reason: str = ""
) -> StaffAbsence:
    _require_staff_hours_change(actor, site.pk, user)
    _require_member(site, user)
    absence = StaffAbsence(site=site, user=user, first_day=first_day, last_day=last_day, reason=reason)
    with transaction.atomic():
        save_and_record(actor=actor, instance=absence, site_id=site.pk, detail={"user": user.pk})
    return absence


def staff_absence_remove(*, actor: Actor, absence: StaffAbsence) -> None:
    _require_staff_hours_change(actor, absence.site_id, absence.user)
    with transaction.atomic():
        record_delete(
            actor=actor,
            instance=absence,
            object_type="staffabsence",
            site_id=absence.site_id,
            detail={"user": absence.user_id},
        )
        absence.delete()
