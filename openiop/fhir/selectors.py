"""Reads of FHIR resources through the access policy; every read and every page is audited
(``record_read`` / ``record_list``, channel "api", object type ``fhir.<Type>``)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q

from openiop.accounts.types import Viewer
from openiop.audit.services import record_list, record_read
from openiop.fhir.mapping import measures
from openiop.fhir.mapping.common import Json, emit
from openiop.fhir.query import Search, matches_static, source_q, split_id
from openiop.fhir.registry import ResourceType, Source

# ICD-10-CM substance-related disorders, alcohol and drugs (F17 nicotine is not covered by Part 2, §2.11).
SUD_DIAGNOSES = ("F10", "F11", "F12", "F13", "F14", "F15", "F16", "F18", "F19")


class NotFoundError(Exception):
    pass


def part2_clients(client_ids: Iterable[int]) -> set[int]:
    """The clients whose records include substance-use treatment (42 CFR Part 2): a substance-use
    diagnosis, a substance-use instrument, an episode or a group on a substance-use track."""
    from openiop.clients.models import Episode
    from openiop.intake.models import Diagnosis
    from openiop.measures.models import Administration
    from openiop.program.models import SessionEnrollment, Track

    ids = sorted(set(client_ids))
    if not ids:
        return set()
    diagnosis = Q(pk__in=[])
    for prefix in SUD_DIAGNOSES:
        diagnosis |= Q(code__istartswith=prefix)
    found = set(
        Diagnosis.objects.filter(diagnosis, assessment__client_id__in=ids).values_list(
            "assessment__client_id", flat=True
        )
    )
    found |= set(
        Administration.objects.filter(client_id__in=ids, instrument__in=sorted(measures.SUD_INSTRUMENTS)).values_list(
            "client_id", flat=True
        )
    )
    substance_track = Track.objects.filter(site_id=OuterRef("site_id"), name=OuterRef("track"), focus="substance")
    found |= set(Episode.objects.filter(Exists(substance_track), client_id__in=ids).values_list("client_id", flat=True))
    found |= set(
        SessionEnrollment.objects.filter(client_id__in=ids, session__track__focus="substance").values_list(
            "client_id", flat=True
        )
    )
    return found


def render(pairs: list[tuple[Source, Any]]) -> list[Json]:
    """The rows as resources, in order, labelled where they come from substance-use records."""
    labelled = part2_clients(c for c in (s.client_of(r) for s, r in pairs) if c is not None)
    return [emit(source.to_fhir(row, source.client_of(row) in labelled)) for source, row in pairs]


def _rows_page(rtype: ResourceType, user: Viewer, search: Search) -> tuple[list[tuple[Source, Any]], int]:
    querysets = [(source, source.rows(user).filter(source_q(source, search))) for source in rtype.sources]
    if len(querysets) == 1:
        source, qs = querysets[0]
        ordered = qs.order_by(*source.order, "pk")
        rows = list(ordered[search.offset : search.offset + search.count])
        return [(source, r) for r in rows], qs.count()
    # Several kinds of rows (Appointment): the first offset+count of each, merged in one order.
    merged: list[tuple[Source, Any]] = []
    total = 0
    for source, qs in querysets:
        merged.extend((source, r) for r in qs.order_by(*source.order, "pk")[: search.offset + search.count])
        total += qs.count()
    merged.sort(key=lambda pair: pair[0].sort_key(pair[1]))
    return merged[search.offset : search.offset + search.count], total


def search(*, user: Viewer, rtype: ResourceType, search: Search) -> tuple[list[Json], int]:
    """One page of matches and the number of all of them; the page is audited."""
    if rtype.name == "Questionnaire":
        everything = [measures.questionnaire(code) for code in measures.instrument_codes()]
        matching = [r for r in everything if matches_static(search, r)]
        page = [emit(r) for r in matching[search.offset : search.offset + search.count]]
        record_list(user=user, object_type="fhir.Questionnaire", shown=[r["id"] for r in page], channel="api")
        return page, len(matching)
    pairs, total = _rows_page(rtype, user, search)
    resources = render(pairs)
    clients = {c for c in (s.client_of(r) for s, r in pairs) if c is not None}
    record_list(
        user=user,
        object_type=f"fhir.{rtype.name}",
        shown=[r["id"] for r in resources],
        detail={"clients": sorted(clients), "offset": search.offset, "total": total},
        channel="api",
    )
    return resources, total


def read(*, user: Viewer, rtype: ResourceType, resource_id: str) -> Json:
    """One resource the user may see (NotFoundError otherwise, whether it exists or not); audited."""
    if rtype.name == "Questionnaire":
        if resource_id not in measures.instrument_codes():
            raise NotFoundError
        record_read(user=user, object_type="fhir.Questionnaire", object_id=resource_id, channel="api")
        return emit(measures.questionnaire(resource_id))
    found = split_id(rtype, resource_id)
    if found is None:
        raise NotFoundError
    source, pk = found
    row = source.rows(user).filter(pk=pk).first()
    if row is None:
        raise NotFoundError
    [resource] = render([(source, row)])
    client = source.client_of(row)
    record_read(
        user=user,
        object_type=f"fhir.{rtype.name}",
        object_id=resource_id,
        client_id=client,
        site_id=getattr(row, "site_id", None),
        channel="api",
    )
    return resource


def export_get_for_user(*, user: Viewer, pk: str) -> Any:
    """A Bulk Data export requested by this user (NotFoundError for anyone else's, or a cancelled one)."""
    import uuid

    from openiop.accounts.models import User
    from openiop.fhir.models import BulkExport, ExportStatus

    try:
        key = uuid.UUID(pk)
    except ValueError:
        raise NotFoundError from None
    if not isinstance(user, User):
        raise NotFoundError
    export = BulkExport.objects.filter(pk=key, user=user).exclude(status=ExportStatus.CANCELLED).first()
    if export is None:
        raise NotFoundError
    return export


def export_file_read(*, user: Viewer, export: Any, resource_type: str) -> str:
    """The NDJSON of one type of a finished export; the download is audited as an export."""
    from openiop.audit.models import Action
    from openiop.fhir.models import BulkExportFile, ExportStatus

    if export.status != ExportStatus.DONE:
        raise NotFoundError
    found = BulkExportFile.objects.filter(export=export, resource_type=resource_type).first()
    if found is None:
        raise NotFoundError
    record_read(
        user=user,
        action=Action.EXPORT,
        object_type="fhir.bulk_file",
        object_id=f"{export.pk}/{resource_type}",
        detail={"clients": export.clients, "count": found.count},
        channel="api",
    )
    return str(found.content)
