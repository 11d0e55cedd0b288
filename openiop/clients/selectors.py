"""Reads of client records, always through the access policy; opening a record is audited."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from openiop.accounts import policy
from openiop.accounts.models import User
from openiop.accounts.types import Viewer
from openiop.audit.models import Action
from openiop.audit.services import record_list, record_read
from openiop.clients.models import Client, Episode, EpisodeStatus
from openiop.core.paging import recorded_page, recorded_slice


def _active_episodes() -> Prefetch[Any]:
    return Prefetch(
        "episodes",
        queryset=Episode.objects.filter(status=EpisodeStatus.ACTIVE).select_related("primary_clinician"),
        to_attr="active_episodes",
    )


def client_search_for_user(*, user: Viewer, query: str = "") -> QuerySet[Client]:
    """Clients the user may see whose names match every word of the query."""
    qs = policy.clients_for(user)
    for word in query.split()[:5]:
        qs = qs.filter(
            Q(legal_first_name__icontains=word) | Q(legal_last_name__icontains=word) | Q(preferred_name__icontains=word)
        )
    return (
        qs.select_related("site")
        .prefetch_related(_active_episodes())
        .order_by("legal_last_name", "legal_first_name", "pk")
    )


def client_get_for_user(*, user: Viewer, pk: int, action: str | None = Action.VIEW, what: str = "client") -> Client:
    """The client if the user may see it (else 404, so existence stays private); records ``action``."""
    client = (
        policy.clients_for(user)
        .select_related("site", "user")
        .prefetch_related(_active_episodes(), "support_contacts", "insurances")
        .filter(pk=pk)
        .first()
    )
    if client is None:
        raise Http404("No such client")
    if action:
        record_read(user=user, instance=client, action=action, object_type=what)
    return client


def client_get_for_change(*, user: Viewer, pk: int, showing_form: bool) -> Client:
    """The client if the user may change it (404 if they may not see it, 403 if only see it);
    showing its form to the user is a read of the record and is recorded."""
    client = client_get_for_user(user=user, pk=pk, action=None)
    if not policy.can_change_client(user, client):
        raise PermissionDenied("You may not change this client.")
    if showing_form:
        record_read(user=user, instance=client, object_type="client_form")
    return client


def client_page_for_user(*, user: Viewer, query: str = "", page: str | int | None = 1) -> Page[Client]:
    """One page of ``client_search_for_user`` (a bad page number gives the nearest page); the
    clients shown are recorded."""
    qs = client_search_for_user(user=user, query=query)
    return recorded_page(user=user, qs=qs, page=page, object_type="client", detail={"query": query})


def client_slice_for_user(*, user: Viewer, query: str = "", page: int = 1) -> tuple[list[Client], int]:
    """Page ``page`` of ``client_search_for_user`` exactly (empty past the end, as the API
    promises) and the number of matches; the clients shown are recorded."""
    qs = client_search_for_user(user=user, query=query)
    return recorded_slice(user=user, qs=qs, page=page, object_type="client", detail={"query": query})


def episodes_for_client(*, client: Client) -> QuerySet[Episode]:
    """Episodes of a client already opened through ``client_get_for_user``."""
    return client.episodes.select_related("primary_clinician", "site").order_by("-admission_date", "-pk")


def caseload_for_user(*, user: Viewer) -> QuerySet[Client]:
    """Active clients whose primary clinician is the user."""
    if not isinstance(user, User):
        return Client.objects.none()
    return (
        policy.clients_for(user)
        .filter(episodes__status=EpisodeStatus.ACTIVE, episodes__primary_clinician=user)
        .distinct()
        .select_related("site")
        .prefetch_related(_active_episodes())
        .order_by("legal_last_name", "legal_first_name", "pk")
    )


def caseload_shown(*, user: Viewer, limit: int) -> list[Client]:
    """The first ``limit`` clients of ``caseload_for_user``, for a page; recorded when any are shown."""
    caseload = list(caseload_for_user(user=user)[:limit])
    if caseload:
        record_list(user=user, object_type="caseload", shown=[c.pk for c in caseload])
    return caseload
