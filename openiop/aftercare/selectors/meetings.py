"""Reads of the meeting directory: stored rows into the pure core's shape, search, feed status."""

from collections.abc import Iterable

from django.db.models import QuerySet

from openiop.aftercare.meetings import feed
from openiop.aftercare.meetings.search import Listed, Query, Row, search
from openiop.aftercare.models import Meeting, MeetingAttendance, MeetingSource
from openiop.aftercare.services.meetings import FIELDS

MILES_PER_DEGREE_LATITUDE = 69.0


def to_core(row: Meeting) -> feed.Meeting:
    values = {name: getattr(row, name) for name in FIELDS}
    values["days"] = tuple(row.days or ())
    values["types"] = tuple(row.types or ())
    return feed.Meeting(slug=row.slug, **values)


def _candidates(query: Query) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(retired_at__isnull=True, time__isnull=False).select_related("source")
    if query.source is not None:
        qs = qs.filter(source__slug=query.source)
    if not query.include_inactive:
        qs = qs.exclude(attendance=MeetingAttendance.INACTIVE)
    if query.near is not None:
        qs = qs.filter(latitude__isnull=False, longitude__isnull=False, approximate=False)
        if query.miles is not None:
            # A latitude band narrows the rows read; the core decides the exact distance.
            band = query.miles / MILES_PER_DEGREE_LATITUDE + 0.01
            qs = qs.filter(latitude__gte=query.near[0] - band, latitude__lte=query.near[0] + band)
    return qs


def meetings_search(query: Query) -> list[Row]:
    """One row per weekly occurrence (the core's ``search``) over the stored, unretired meetings."""
    rows: Iterable[Meeting] = _candidates(query).iterator(chunk_size=2000)
    return search((Listed(source=row.source.slug, meeting=to_core(row)) for row in rows), query)


def meetings_by_key(rows: list[Row]) -> dict[tuple[str, str], Meeting]:
    """The stored meetings behind search rows, keyed by (source, slug), in one query."""
    slugs = {r.slug for r in rows}
    found = Meeting.objects.filter(slug__in=slugs, retired_at__isnull=True).select_related("source")
    return {(m.source.slug, m.slug): m for m in found}


def meeting_sources() -> list[MeetingSource]:
    return list(MeetingSource.objects.all())
