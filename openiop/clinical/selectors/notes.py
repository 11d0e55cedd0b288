"""Notes visible to a user: the chart's list, the API's list, drafts and late notes."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import User
from openiop.accounts.types import Viewer
from openiop.audit.models import Action
from openiop.audit.services import record_read
from openiop.clinical.models import Addendum, Note, NoteStatus
from openiop.core.paging import recorded_slice

LATE_AFTER = dt.timedelta(hours=72)


def visible_notes(user: Viewer) -> QuerySet[Note]:
    """Notes of clients the user may see, at sites where their role may read narratives."""
    sites = policy.sites_with(user, policy.NARRATIVE_ROLES)
    return Note.objects.filter(site_id__in=sites, client__in=policy.clients_for(user))


def note_list_for_user(
    *, user: Viewer, client_id: int | None = None, author_id: int | None = None, status: str | None = None
) -> QuerySet[Note]:
    qs = visible_notes(user)
    if client_id is not None:
        qs = qs.filter(client_id=client_id)
    if author_id is not None:
        qs = qs.filter(author_id=author_id)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("client", "author").order_by("-starts_at", "-pk")


def note_slice_for_user(
    *, user: Viewer, page: int, client_id: int | None = None, author_id: int | None = None, status: str | None = None
) -> tuple[list[Note], int]:
    """Page ``page`` of ``note_list_for_user`` exactly and the count (the API); recorded."""
    qs = note_list_for_user(user=user, client_id=client_id, author_id=author_id, status=status)
    return recorded_slice(user=user, qs=qs, page=page, object_type="note", detail={})


def note_get_for_edit(*, user: Viewer, pk: int, showing_form: bool) -> Note:
    """A draft for its author to edit (403 for anyone else); a signed note is returned as it is
    (the caller sends the reader to it). Showing the edit form is a read and is recorded."""
    note = note_get_for_user(user=user, pk=pk, action=None)
    if note.is_signed:
        return note
    if note.author_id != user.pk:
        raise PermissionDenied("Only the author may edit a draft note.")
    if showing_form:
        record_read(user=user, instance=note)
    return note


def note_get_for_user(*, user: Viewer, pk: int, action: str | None = Action.VIEW) -> Note:
    note = (
        visible_notes(user)
        .select_related("client__site", "author", "signed_by", "cosigned_by", "objective")
        .prefetch_related(Prefetch("addenda", queryset=Addendum.objects.select_related("author")))
        .filter(pk=pk)
        .first()
    )
    if note is None:
        raise Http404("No such note")
    if action:
        record_read(user=user, instance=note, action=action)
    return note


def late_cutoff(now: dt.datetime | None = None, hours: int = 72) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(hours=hours)


def drafts_for_author(*, user: Viewer) -> QuerySet[Note]:
    if not isinstance(user, User):
        return Note.objects.none()
    return Note.objects.filter(author=user, status=NoteStatus.DRAFT).select_related("client").order_by("ends_at", "pk")


def awaiting_cosign_for(*, user: Viewer) -> QuerySet[Note]:
    from openiop.clinical.models import Supervision

    if not isinstance(user, User):
        return Note.objects.none()
    interns = Supervision.objects.filter(supervisor=user).values("user_id", "site_id")
    q = Q(pk__in=[])
    for row in interns:
        q |= Q(author_id=row["user_id"], site_id=row["site_id"])
    return (
        Note.objects.filter(q, cosign_required=True, status=NoteStatus.SIGNED, cosigned_at__isnull=True)
        .select_related("client", "author")
        .order_by("ends_at", "pk")
    )


def site_late_drafts(*, site_ids: list[int], cutoff: dt.datetime) -> QuerySet[Note]:
    return (
        Note.objects.filter(site_id__in=site_ids, status=NoteStatus.DRAFT, ends_at__lt=cutoff)
        .select_related("client", "author")
        .order_by("ends_at", "pk")
    )
