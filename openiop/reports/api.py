"""The outcomes dashboard over JSON (the same figures as the page; directors of the site only)."""

import datetime as dt

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

CHOICES = {
    "level": set(LevelOfCare.values),
    "gender": set(GenderIdentity.values),
    "age_band": {b[0] for b in AGE_BANDS},
    "language": set(Language.values),
}


class OutcomesQuery(Schema):
    site_id: Id
    start: Date
    end: Date
    track: str = Field("", max_length=100)
    level: str = Field("", max_length=8, description="A level of care code (2.1, 2.5, …)")
    gender: str = Field("", max_length=16, description="A gender identity code (woman, man, …)")
    age_band: str = Field("", max_length=8, description="13-17, 18-25, 26-34, 35-44, 45-54, 55-64 or 65+")
    language: str = Field("", max_length=8, description="en, es or other")


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
    errors = {
        name: "Not one of the choices."
        for name, allowed in CHOICES.items()
        if getattr(params, name) and getattr(params, name) not in allowed
    }
    problem = period_problem(params.start, params.end)
    if problem:
        errors["end"] = problem
    if errors:
        raise ValidationError(errors)
    site = Site.objects.get(pk=params.site_id)
    filters = Filters(
        track=params.track,
        level=params.level,
        gender=params.gender,
        age_band=params.age_band,
        language=params.language,
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
