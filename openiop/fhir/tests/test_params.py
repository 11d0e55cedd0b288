"""FHIR search values (pure): dates with prefixes, instants, counts, references and tokens."""

import datetime as dt

import pytest

from openiop.fhir.params import (
    BadParameterError,
    Token,
    parse_count,
    parse_date,
    parse_instant,
    parse_reference,
    parse_tokens,
)

UTC = dt.UTC


@pytest.mark.parametrize(
    ("value", "prefix", "start", "end"),
    [
        # FHIR R4 §3.1.1.5.7 (date): the value is an interval, as precise as it is written.
        ("2026", "eq", dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2027, 1, 1, tzinfo=UTC)),
        ("ge2026-12", "ge", dt.datetime(2026, 12, 1, tzinfo=UTC), dt.datetime(2027, 1, 1, tzinfo=UTC)),
        ("lt2026-11-02", "lt", dt.datetime(2026, 11, 2, tzinfo=UTC), dt.datetime(2026, 11, 3, tzinfo=UTC)),
        (
            "le2026-11-02T09:30:00-08:00",
            "le",
            dt.datetime(2026, 11, 2, 17, 30, tzinfo=UTC),
            dt.datetime(2026, 11, 2, 17, 30, 1, tzinfo=UTC),
        ),
        (
            "2026-11-02T09:30Z",
            "eq",
            dt.datetime(2026, 11, 2, 9, 30, tzinfo=UTC),
            dt.datetime(2026, 11, 2, 9, 30, 1, tzinfo=UTC),
        ),
    ],
)
def test_a_date_value_is_the_interval_it_names(value: str, prefix: str, start: dt.datetime, end: dt.datetime) -> None:
    found = parse_date("date", value)
    assert (found.prefix, found.start, found.end) == (prefix, start, end)


@pytest.mark.parametrize(
    "value",
    ["", "26-11-02", "2026-02-30", "2026-13", "sa2026-01-01", "2026-11-02T09:00", "1850", "2026-11-02T25:00Z", "x2026"],
)
def test_a_malformed_date_is_refused_naming_the_parameter(value: str) -> None:
    with pytest.raises(BadParameterError) as refused:
        parse_date("date", value)
    assert refused.value.name == "date"


def test_an_instant_needs_a_time_and_zone() -> None:
    assert parse_instant("_since", "2026-11-02T09:00:00Z") == dt.datetime(2026, 11, 2, 9, tzinfo=UTC)
    with pytest.raises(BadParameterError):
        parse_instant("_since", "2026-11-02")


@pytest.mark.parametrize(
    ("value", "ok"), [("1", True), ("100", True), ("0", False), ("101", False), ("-1", False), ("x", False)]
)
def test_count_is_one_to_one_hundred(value: str, ok: bool) -> None:
    if ok:
        assert parse_count(value) == int(value)
    else:
        with pytest.raises(BadParameterError):
            parse_count(value)


def test_references_and_tokens() -> None:
    assert parse_reference("patient", "Patient/12,13", "Patient") == ["12", "13"]
    with pytest.raises(BadParameterError):
        parse_reference("patient", "Practitioner/12", "Patient")
    assert parse_tokens("code", "http://loinc.org|44261-6,phq9") == [
        Token("http://loinc.org", "44261-6"),
        Token(None, "phq9"),
    ]
    with pytest.raises(BadParameterError):
        parse_tokens("code", "http://loinc.org|")
