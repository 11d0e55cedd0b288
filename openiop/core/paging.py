"""Pages of rows for lists of PHI, each recorded in the audit trail as the selector reads it
(``record_list`` names the rows shown). Selectors call these; views and API handlers call the
selectors."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import QuerySet

from openiop.accounts.types import Viewer
from openiop.audit.services import record_list


def recorded_page[M: models.Model](
    *,
    user: Viewer,
    qs: QuerySet[M],
    page: str | int | None,
    object_type: str,
    detail: dict[str, Any] | None = None,
    per_page: int | None = None,
) -> Page[M]:
    """One page for an HTML list (a bad page number gives the nearest page)."""
    page_obj = Paginator(qs, per_page or settings.OPENIOP_PAGE_SIZE).get_page(page)
    detail = detail or {}
    record_list(
        user=user, object_type=object_type, shown=[r.pk for r in page_obj], detail={**detail, "page": page_obj.number}
    )
    return page_obj


def recorded_slice[M: models.Model](
    *, user: Viewer, qs: QuerySet[M], page: int, object_type: str, detail: dict[str, Any]
) -> tuple[list[M], int]:
    """Page ``page`` exactly (empty past the end, as the API promises) and the number of rows."""
    size = settings.OPENIOP_PAGE_SIZE
    items = list(qs[(page - 1) * size : page * size])
    record_list(user=user, object_type=object_type, shown=[r.pk for r in items], detail={**detail, "page": page})
    return items, qs.count()
