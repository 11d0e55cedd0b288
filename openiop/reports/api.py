"""The outcomes dashboard over JSON (the same figures as the page; directors of the site only)."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.clients.models import GenderIdentity, Language, LevelOfCare
from openiop.core.api import Date, Id
from openiop.reports import selectors
from openiop.reports.figures import AGE_BANDS, Filters
from openiop.reports.services import period_problem

router = Router(tags=["reports"])

Level = Literal[tuple(LevelOfCare.values)]  # type: ignore[valid-type]
Gender = Literal[tuple(GenderIdentity.values)]  # type: ignore[valid-type]
Band = Literal[tuple(b[0] for b in AGE_BANDS)]  # type: ignore[valid-type]
Lang = Literal[tuple(Language.values)]  # type: ignore[valid-type]


class OutcomesQuery(Schema):
    site_id: Id
    start: Date
    end: Date
    track: str = Field("", max_length=100)
    level: Level | None = None
    gender: Gender | None = None
    age_band: Band | None = None
    language: Lang | None = None


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[str | int | float | None]]
    note: str


class OutcomesOut(Schema):
    site_id: int
    start: dt.date
    end: dt.date
    as_of: dt.date
    filters: dict[str, str]
    tables: list[TableOut]


@router.get("/outcomes", response=OutcomesOut, summary="The outcomes dashboard of a site (directors)")
def outcomes(request: HttpRequest, params: Query[OutcomesQuery]) -> object:
    if not policy.can_see_reports(request.user, params.site_id):
        raise PermissionDenied("Only the program director of this site sees its outcomes.")
    problem = period_problem(params.start, params.end)
    if problem:
        raise ValidationError({"end": problem})
    site = Site.objects.get(pk=params.site_id)
    filters = Filters(
        track=params.track,
        level=params.level or "",
        gender=params.gender or "",
        age_band=params.age_band or "",
        language=params.language or "",
    )
    board = selectors.dashboard_for(user=request.user, site=site, start=params.start, end=params.end, filters=filters)
    return {
        "site_id": site.pk,
        "start": board.start,
        "end": board.end,
        "as_of": board.as_of,
        "filters": filters.as_dict(),
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "columns": list(t.columns),
                "rows": [list(r) for r in t.rows],
                "note": t.note,
            }
            for t in board.tables
        ],
    }
