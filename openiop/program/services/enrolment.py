"""Session rosters: who is enrolled in a group session."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.services import record_create, record_delete
from openiop.clients.models import Client, EpisodeStatus
from openiop.program.models import (
    EnrollmentSource,
    GroupSession,
    SessionEnrollment,
)


def _require_roster_change(actor: Actor, session: GroupSession) -> None:
    if policy.can_change_roster(actor, session):
        return
    raise PermissionDenied("Only the director or the session's facilitators may change its roster.")


def enrollment_add(
    *, actor: Actor, session: GroupSession, client: Client, source: str = EnrollmentSource.MANUAL
) -> SessionEnrollment:
    """Put a client on a session's roster (a director, or a facilitator for a drop-in)."""
    _require_roster_change(actor, session)
    if not policy.can_view_client(actor, client):
        raise PermissionDenied("You may not see this client.")
    if source not in EnrollmentSource.values:
        raise ValidationError({"source": f"{source!r} is not one of {', '.join(EnrollmentSource.values)}."})
    if client.site_id != session.site_id:
        raise ValidationError({"client": "The client belongs to another site."})
    if not client.episodes.filter(status=EpisodeStatus.ACTIVE, site_id=session.site_id).exists():
        raise ValidationError({"client": "Only admitted clients (with an active episode) join groups."})
    with transaction.atomic():
        locked = GroupSession.objects.select_for_update().get(pk=session.pk)
        if locked.is_cancelled:
            raise ValidationError({"session": "This session is cancelled."})
        if SessionEnrollment.objects.filter(session=session, client=client).exists():
            raise ValidationError({"client": "This client is already on this session's roster."})
        enrolled = SessionEnrollment.objects.filter(session=session).count()
        if enrolled >= locked.capacity:
            raise ValidationError({"session": f"This session is full ({enrolled} of {locked.capacity})."})
        enrollment = SessionEnrollment(session=session, client=client, source=source)
        enrollment.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                enrollment.save()
        except IntegrityError:
            raise ValidationError({"client": "This client is already on this session's roster."}) from None
        record_create(
            actor=actor,
            instance=enrollment,
            object_type="session_enrollment",
            client_id=client.pk,
            site_id=session.site_id,
            detail={"session": session.pk, "source": source},
        )
    return enrollment


def enrollment_remove(*, actor: Actor, session: GroupSession, client: Client) -> None:
    _require_roster_change(actor, session)
    with transaction.atomic():
        enrollment = SessionEnrollment.objects.filter(session=session, client=client).first()
        if enrollment is None:
            raise ValidationError({"client": "This client is not on this session's roster."})
        record_delete(
            actor=actor,
            instance=enrollment,
            object_type="session_enrollment",
            client_id=client.pk,
            site_id=session.site_id,
            detail={"session": session.pk, "source": enrollment.source},
        )
        enrollment.delete()
