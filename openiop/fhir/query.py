"""A search request's parameters, parsed and checked (400 names the parameter), and the filter
each one makes on a source's rows."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from openiop.fhir import params
from openiop.fhir.filters import DateSpec, date_q
from openiop.fhir.params import BadParameterError
from openiop.fhir.registry import COMMON_PARAMS, ResourceType, Source

# Accepted everywhere and ignored: the answer is always JSON.
IGNORED = frozenset({"_format", "_pretty"})
LAST_UPDATED = DateSpec("last_updated")


@dataclass
class Search:
    ids: list[str] | None = None
    dates: list[tuple[str, params.DateRange]] = field(default_factory=list)
    tokens: list[tuple[str, list[params.Token]]] = field(default_factory=list)
    strings: list[tuple[str, str]] = field(default_factory=list)
    patients: list[str] | None = None
    count: int = params.DEFAULT_COUNT
    offset: int = 0
    used: list[tuple[str, str]] = field(default_factory=list)  # for the Bundle's links


def parse_search(rtype: ResourceType, items: list[tuple[str, str]], *, strict: bool) -> Search:
    known = {p.name: p for p in (*COMMON_PARAMS, *rtype.params)}
    found = Search()
    for name, value in items:
        if name in IGNORED:
            continue
        if name == "_offset":
            found.offset = params.parse_offset(value)
            continue
        if name not in known:
            if strict:
                raise BadParameterError(name, f"{rtype.name} has no search parameter {name!r} here.")
            continue
        if name == "_count":
            found.count = params.parse_count(value)
        elif name == "_id":
            ids = params.parse_ids(name, value)
            found.ids = ids if found.ids is None else [i for i in found.ids if i in ids]
        elif name == "patient":
            patients = params.parse_reference(name, value, "Patient")
            found.patients = patients if found.patients is None else [p for p in found.patients if p in patients]
        elif known[name].type == "date":
            found.dates.append((name, params.parse_date(name, value)))
        elif known[name].type in ("string", "uri"):
            if not value.strip():
                raise BadParameterError(name, "an empty value.")
            found.strings.append((name, value.strip()))
        else:
            found.tokens.append((name, params.parse_tokens(name, value)))
        found.used.append((name, value))
    return found


def source_q(source: Source, search: Search) -> Q:
    q = Q()
    if search.ids is not None:
        ids = [i[len(source.prefix) :] for i in search.ids if i.startswith(source.prefix)]
        q &= Q(pk__in=params.numeric_ids("_id", ids))
    if search.patients is not None and source.client_field is not None:
        q &= Q(**{f"{source.client_field}__in": params.numeric_ids("patient", search.patients)})
    for name, found in search.dates:
        spec = LAST_UPDATED if name == "_lastUpdated" else source.dates[name]
        q &= date_q(spec, found)
    for name, tokens in search.tokens:
        q &= source.tokens[name](tokens)
    for name, text in search.strings:
        words = Q(pk__in=[])
        for column in source.strings[name]:
            words |= Q(**{f"{column}__icontains": text})
        q &= words
    return q


def split_id(rtype: ResourceType, raw: str) -> tuple[Source, int] | None:
    """The source and primary key a resource id names (None: no such resource)."""
    for source in rtype.sources:
        if source.prefix and raw.startswith(source.prefix):
            rest = raw[len(source.prefix) :]
        elif not source.prefix:
            rest = raw
        else:
            continue
        if rest.isdigit() and len(rest) < 12:
            return source, int(rest)
    return None


def matches_static(search: Search, resource: dict[str, Any]) -> bool:
    """A Questionnaire (served from the instrument library) against the parameters."""
    if search.ids is not None and resource["id"] not in search.ids:
        return False
    for name, tokens in search.tokens:
        if name == "status" and resource["status"] not in {t.code for t in tokens}:
            return False
    for name, text in search.strings:
        value = str(resource.get(name, ""))
        if (name == "url" and value != text) or (name == "name" and text.lower() not in value.lower()):
            return False
    return not search.dates and search.patients is None
