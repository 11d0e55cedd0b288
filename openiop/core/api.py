"""What every JSON operation shares: bounded parameter types, a guarded body parser, the error contract.

Bad input must be a 4xx naming the field, never a 500 (design, "Bad input"). Three things used to
break that: numbers no database column can hold (`?page=4e17`, an id past 2**63), dates past any
calendar arithmetic (`?week=9999-12-31`), and bodies that crash the parser itself (100,000 nested
brackets exhaust Python's recursion). The types below bound the first two where the parameter is
declared; `JsonParser` measures size and nesting *before* `json.loads` runs.
"""

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Annotated, Any, ClassVar

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Field, Schema
from ninja.parser import Parser
from pydantic import AfterValidator, BeforeValidator, ConfigDict, ValidationInfo, field_validator

from openiop.core import bounds

# An id is a BigAutoField primary key (settings.DEFAULT_AUTO_FIELD): 64-bit signed, from 1.
MAX_ID = 2**63 - 1
# 10,000 pages of 25 is far past any list a person reads; beyond it the offset only feeds overflow.
MAX_PAGE = 10_000
# The API's calendar horizon, the absolute bounds of stored dates (core/bounds.py). Relative bounds
# (near the episode, the planning horizon) are the services' to check.
MIN_DATE = bounds.EARLIEST_DATE
MAX_DATE = bounds.LATEST_DATE
# Bodies: the largest real one (a note's sections) is a few tens of kilobytes.
MAX_BODY_BYTES = 1_000_000
# Our deepest schema nests four levels; 32 leaves room and stays far from Python's recursion limit.
MAX_JSON_DEPTH = 32

JSON_MEDIA_TYPES = ("application/json",)


def _date_in_horizon(value: dt.date) -> dt.date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"Give a date between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}.")
    return value


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}.*", re.DOTALL)
_WALL_TIME = re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?")


def _iso(pattern: re.Pattern[str], example: str) -> Any:
    # Pydantic would read 0 or "0" as 1970-01-01 (a Unix time): these are ISO 8601 text or nothing.
    def check(value: Any) -> Any:
        if isinstance(value, str) and pattern.fullmatch(value):
            return value
        if isinstance(value, dt.date | dt.time) and not isinstance(value, str):
            return value
        raise ValueError(f"Give it as ISO 8601 text, for example {example}.")

    return check


def _datetime_in_horizon(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("Give the time with its offset (for example 2026-12-04T10:00:00-08:00).")
    _date_in_horizon(value.date())
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Date = Annotated[dt.date, BeforeValidator(_iso(_ISO_DATE, "2026-12-07")), AfterValidator(_date_in_horizon)]
DateTime = Annotated[
    dt.datetime,
    BeforeValidator(_iso(_ISO_DATETIME, "2026-12-07T09:00:00-08:00")),
    AfterValidator(_datetime_in_horizon),
]
# A time of day on the site's wall clock: no offset (the site's time zone says which).
Time = Annotated[dt.time, BeforeValidator(_iso(_WALL_TIME, "09:30"))]


def _drop_null(schema: dict[str, Any], model: type[Any]) -> None:
    for name, prop in schema.get("properties", {}).items():
        variants = prop.get("anyOf")
        if name in model.__nullable__ or not variants:
            continue
        kept = [v for v in variants if v != {"type": "null"}]
        if len(kept) == 1:
            prop.pop("anyOf")
            prop.update(kept[0])
        prop.pop("default", None)


class NoNulls(Schema):
    """A body whose fields may be left out but not sent as null, unless named in `__nullable__`.

    Fields are typed `X | None = None` because a field left out *is* None in Python; a null sent by
    the client is refused field by field, and the OpenAPI document says the field is not nullable.
    """

    __nullable__: ClassVar[frozenset[str]] = frozenset()
    model_config = ConfigDict(json_schema_extra=_drop_null)

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.__nullable__:
            raise ValueError("This field cannot be null.")
        return value


class InputError(Exception):
    """A request the API refuses before any handler runs: `status` is 413 or 422, `field` names the part."""

    def __init__(self, field: str, message: str, *, status: int = 422) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.status = status


# One left-to-right pass: a complete string, a bracket, or a quote that opens a string never closed.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*+"|[\[\]{}]|"', re.DOTALL)
# NUL is refused by PostgreSQL in text; lone surrogates cannot be encoded for either database.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def json_depth(text: str, *, stop_above: int = MAX_JSON_DEPTH) -> int:
    """The deepest nesting of arrays and objects in `text`, counted without parsing it.

    Stops counting once past `stop_above`. A string that never closes ends the count there: the
    parser fails at that point anyway, after descending through every bracket before it.
    """
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        found = match.group()
        if found in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > stop_above:
                break
        elif found in "]}":
            depth -= 1
        elif found == '"':
            break
    return deepest


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _unstorable_strings(value: Any, path: tuple[str, ...] = ()) -> Iterator[str]:
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            yield ".".join(path) or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            if _UNSTORABLE.search(key):
                yield ".".join((*path, "<key>")) if path else "body"
            else:
                yield from _unstorable_strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_strings(item, (*path, str(index)))


def parse_json_body(request: HttpRequest) -> Any:
    """The request body as JSON, or `InputError` saying what is wrong with it (size, type, depth, syntax)."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_BODY_BYTES:
        raise InputError("body", f"The body is larger than {MAX_BODY_BYTES:,} bytes.", status=413)
    raw = request.body
    if len(raw) > MAX_BODY_BYTES:
        raise InputError("body", f"The body is larger than {MAX_BODY_BYTES:,} bytes.", status=413)
    content_type = request.content_type or ""
    if content_type not in JSON_MEDIA_TYPES and not content_type.endswith("+json"):
        raise InputError("body", "Send the body as JSON, with the header Content-Type: application/json.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("body", "The body is not UTF-8 text.") from None
    if json_depth(text) > MAX_JSON_DEPTH:
        raise InputError("body", f"The JSON is nested deeper than {MAX_JSON_DEPTH} levels.")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as exc:
        raise InputError("body", f"The body is not valid JSON: {exc}.") from None
    for field in _unstorable_strings(data):
        raise InputError(field, "Text may not contain NUL characters or unpaired surrogates.")
    return data


class JsonParser(Parser):
    """Ninja's parser with `parse_json_body`'s limits, and query strings refused if they hold NUL."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = parse_json_body(request)
        # Every body schema is an object; Ninja's Schema would read a list's attributes as fields.
        if not isinstance(data, dict):
            raise InputError("body", "The body must be a JSON object.")
        return data

    def parse_querydict(self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest) -> Any:
        for key, values in data.lists():
            if _UNSTORABLE.search(key) or any(_UNSTORABLE.search(str(value)) for value in values):
                raise InputError(key, "Text may not contain NUL characters or unpaired surrogates.")
        return super().parse_querydict(data, list_fields, request)


class FieldError(Schema):
    field: str
    message: str


class FieldErrors(Schema):
    """422 (and 413): what is wrong, field by field. `field` is a dotted path; `body` is the body itself."""

    detail: list[FieldError]


class Error(Schema):
    """Every other error: one sentence."""

    detail: str


ERROR_RESPONSES: dict[int, tuple[str, type[Schema]]] = {
    400: ("The request could not be read.", Error),
    401: ("Not signed in: send a bearer token or a session cookie.", Error),
    403: ("Signed in, but your role or site does not allow this.", Error),
    404: ("No such record, or one you may not know exists.", Error),
    409: ("The change conflicts with the record's state (signed, duplicate, already done).", Error),
    412: ("The record changed since you read it (If-Match names an old version).", Error),
    413: ("The body is larger than the API accepts.", FieldErrors),
    422: ("Bad input: each field and what is wrong with it.", FieldErrors),
}


_REF = "#/components/schemas/"


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers every operation can give to each operation of an OpenAPI document."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    models: tuple[type[Schema], ...] = (FieldError, FieldErrors, Error)
    for model in models:
        components[model.__name__] = model.model_json_schema(ref_template="#/components/schemas/{model}")
    components["FieldErrors"].pop("$defs", None)
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, (description, answer) in ERROR_RESPONSES.items():
                responses.setdefault(
                    str(status),
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{answer.__name__}"}}
                        },
                    },
                )
    return schema
