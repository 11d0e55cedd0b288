"""``openiop meetings import`` and ``search`` against the database: upsert, retire, refuse, exit codes."""

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from openiop.aftercare.cli import run_cli
from openiop.aftercare.models import ImportStatus, Meeting, MeetingSource
from openiop.audit.models import AuditEvent

FIXTURES = Path(__file__).parent / "fixtures"
LA = FIXTURES / "meeting-guide-la.json"
BMLT = FIXTURES / "bmlt-na.json"


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_cli(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def state() -> list[tuple[Any, ...]]:
    return list(
        Meeting.objects.order_by("source__slug", "slug").values_list(
            "source__slug", "slug", "name", "days", "time", "attendance", "retired_at", "changed_at"
        )
    )


def write(tmp_path: Path, records: Any, name: str = "feed.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(records) if not isinstance(records, str) else records)
    return str(path)


@pytest.mark.django_db
def test_import_prints_the_report_and_stores_the_meetings() -> None:
    code, out, err = cli("import", str(LA), "--source", "la")
    assert code == 0, err
    report = json.loads(out)
    assert list(report) == ["source", "meetings", "occurrences", "by_attendance", "by_appointment", "rejected"]
    assert (report["meetings"], report["occurrences"], len(report["rejected"])) == (8, 9, 6)
    assert Meeting.objects.filter(source__slug="la").count() == 8
    mujeres = Meeting.objects.get(slug="1201")
    assert (mujeres.days, mujeres.time, mujeres.types) == ([1, 3, 5], dt.time(19), ["W", "S", "C"])
    source = MeetingSource.objects.get(slug="la")
    assert source.last_status == ImportStatus.OK and source.last_report == report
    assert AuditEvent.objects.filter(object_type="meetingsource", object_id=str(source.pk)).exists()


@pytest.mark.django_db
def test_re_import_is_idempotent() -> None:
    cli("import", str(LA), "--source", "la")
    before = state()
    code, _, _ = cli("import", str(LA), "--source", "la")
    assert code == 0 and state() == before
    assert MeetingSource.objects.get(slug="la").last_changes == {
        "created": 0,
        "changed": 0,
        "restored": 0,
        "retired": 0,
    }


@pytest.mark.django_db
def test_a_dropped_meeting_is_retired_and_comes_back_when_listed_again(tmp_path: Path) -> None:
    records = json.loads(LA.read_text())
    cli("import", str(LA), "--source", "la")
    without = [r for r in records if not (isinstance(r, dict) and r.get("slug") == "sunday-serenity-14")]
    assert cli("import", write(tmp_path, without), "--source", "la")[0] == 0
    retired = Meeting.objects.get(slug="sunday-serenity-14")
    assert retired.retired_at is not None
    assert Meeting.objects.filter(source__slug="la", retired_at__isnull=True).count() == 7
    assert cli("import", str(LA), "--source", "la")[0] == 0
    retired.refresh_from_db()
    assert retired.retired_at is None
    assert MeetingSource.objects.get(slug="la").last_changes["restored"] == 1


@pytest.mark.django_db
def test_another_sources_meetings_are_left_alone(tmp_path: Path) -> None:
    cli("import", str(LA), "--source", "la")
    assert cli("import", str(BMLT), "--source", "na-la", "--format", "bmlt")[0] == 0
    assert cli("import", write(tmp_path, []), "--source", "na-la")[0] == 0
    assert Meeting.objects.filter(source__slug="la", retired_at__isnull=True).count() == 8
    assert Meeting.objects.filter(source__slug="na-la", retired_at__isnull=True).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("content", ["", "{not json", '{"meetings": []}', '"just text"', "[1, 2", "[NaN]"])
def test_a_broken_file_is_refused_with_exit_2_and_changes_nothing(tmp_path: Path, content: str) -> None:
    cli("import", str(LA), "--source", "la")
    before, events = state(), AuditEvent.objects.count()
    source_before = MeetingSource.objects.values().get(slug="la")
    code, out, err = cli("import", write(tmp_path, content), "--source", "la")
    assert (code, out) == (2, "") and err.startswith("PATH_OR_URL: refused")
    assert state() == before and AuditEvent.objects.count() == events
    assert MeetingSource.objects.values().get(slug="la") == source_before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["import", str(LA)], "--source"),
        (["import", str(LA), "--source", "has spaces"], "--source"),
        (["import", str(LA), "--source", "la", "--format", "csv"], "--format"),
        (["import", "/no/such/file.json", "--source", "la"], "PATH_OR_URL"),
        (["search", "--near", "abc"], "--near"),
        (["search", "--near", "91,0"], "--near"),
        (["search", "--miles", "5"], "--miles"),
        (["search", "--near", "34,-118", "--miles", "-1"], "--miles"),
        (["search", "--day", "funday"], "--day"),
        (["search", "--from", "25:00"], "--from"),
        (["search", "--from", "19:00", "--to", "18:00"], "--to"),
        (["search", "--attendance", "inactive"], "--attendance"),
        (["search", "--types", ","], "--types"),
        (["search", "--limit", "0"], "--limit"),
        (["search", "--format", "csv"], "--format"),
        (["nothing"], "usage"),
    ],
)
def test_bad_arguments_exit_2_naming_the_option(argv: list[str], names: str) -> None:
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and names in err
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_search_prints_one_row_per_occurrence_near_a_point() -> None:
    cli("import", str(LA), "--source", "la")
    code, out, err = cli("search", "--near", "34.0901,-118.4065", "--miles", "10", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert list(rows[0]) == ["source", "slug", "name", "day", "time", "attendance", "distance_miles"]
    # Not "Early Risers" (online, but placed: it is kept) … only placed, non-approximate meetings.
    assert [(r["slug"], r["day"]) for r in rows] == [
        ("ao-online", 3),
        ("sunday-serenity-14", 0),
        ("noon-hybrid", 4),
        ("1201", 1),
        ("1201", 3),
        ("1201", 5),
    ]
    assert rows[0]["distance_miles"] == 0.0


@pytest.mark.django_db
def test_search_filters_by_types_day_time_and_attendance() -> None:
    cli("import", str(LA), "--source", "la")
    code, out, _ = cli("search", "--types", "W,S", "--day", "wed,fri", "--from", "19:00", "--to", "19:01")
    assert code == 0 and [(r["slug"], r["day"], r["time"]) for r in json.loads(out)] == [
        ("1201", 3, "19:00"),
        ("1201", 5, "19:00"),
    ]
    code, out, _ = cli("search", "--attendance", "online")
    assert [r["slug"] for r in json.loads(out)] == ["yp-online", "ao-online"]
    code, out, _ = cli("search", "--include-inactive", "--day", "sat")
    assert [(r["slug"], r["attendance"]) for r in json.loads(out)] == [("tc-only", "inactive")]


@pytest.mark.django_db
def test_retired_meetings_are_not_found(tmp_path: Path) -> None:
    cli("import", str(LA), "--source", "la")
    cli("import", write(tmp_path, []), "--source", "la")
    assert json.loads(cli("search")[1]) == []
