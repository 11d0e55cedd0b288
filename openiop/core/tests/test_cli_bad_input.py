"""Every command refuses bad input with exit 2 and a message naming the argument or JSON path:
never a traceback, never silent success, nothing stored."""

import io
import json
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import ManagementUtility
from django.db import connections

from conftest import Cast
from openiop.accounts.models import ApiToken
from openiop.audit.models import AuditEvent
from openiop.scheduling.tests import client, session, week

PHQ9 = ["score", "phq9"]


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """``openiop ARGV`` in this process, as the shell would run it; an exception is a traceback."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        # run_from_argv closes every connection when done, the test database's included
        with redirect_stdout(out), redirect_stderr(err), mock.patch.object(connections, "close_all"):
            ManagementUtility(["openiop", *argv]).execute()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def deep_json(levels: int = 100_000) -> str:
    return "[" * levels + "]" * levels


@pytest.fixture
def files(tmp_path: Path) -> Callable[[str, str], str]:
    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def problem(files: Callable[[str, str], str]) -> str:
    return files("week.json", json.dumps(week(sessions=[session("g")], clients=[client("c", target_hours=1.5)])))


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        ([*PHQ9, *["٣"] * 9], "item"),  # Arabic-Indic digits
        ([*PHQ9, *["３"] * 9], "item"),  # full-width digits
        ([*PHQ9, "1_0", *["1"] * 8], "item"),
        ([*PHQ9, " 1", *["1"] * 8], "item"),
        ([*PHQ9, "99999999999999999999999", *["1"] * 8], "item"),
        ([*PHQ9, "1"], ""),  # too few answers
        (["score", "nope", "1"], "code"),
        (["score", "auditc", "1", "1", "1", "--sex", "other"], "sex"),
        (["score"], ""),
    ],
)
def test_score_refuses_bad_answers_with_exit_2(argv: list[str], named: str) -> None:
    code, out, err = run(argv)
    assert (code, out) == (2, "")
    assert named in err and "Traceback" not in err


def test_score_still_takes_ascii_digits() -> None:
    code, out, _ = run([*PHQ9, *["1"] * 9])
    assert code == 0 and json.loads(out)["total"] == 9


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (deep_json(), "nested too deeply"),
        ('{"population": "adult"', "invalid JSON"),
        ("[]", "input"),
        ('{"population": NaN}', "NaN"),
    ],
)
def test_placement_refuses_bad_files_with_exit_2(files: Callable[[str, str], str], content: str, named: str) -> None:
    code, out, err = run(["placement", "recommend", files("in.json", content)])
    assert (code, out) == (2, "")
    assert named in err


@pytest.mark.parametrize(
    "argv",
    [["placement"], ["placement", "recommend"], ["placement", "recommend", "/no/such/file.json"]],
)
def test_placement_refuses_bad_arguments_with_exit_2(argv: list[str]) -> None:
    assert run(argv)[0] == 2


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--seed", "2147483648"], "--seed"),
        (["--seed", "-1"], "--seed"),
        (["--seed", "٣"], "--seed"),
        (["--time-limit", "inf"], "--time-limit"),
        (["--time-limit", "nan"], "--time-limit"),
        (["--time-limit", "-5"], "--time-limit"),
        (["--time-limit", "0"], "--time-limit"),
        (["--time-limit", "1e308"], "--time-limit"),
        (["-o", "/missing/dir/solution.json"], "-o"),
    ],
)
def test_schedule_solve_refuses_bad_options_with_exit_2(problem: str, extra: list[str], named: str) -> None:
    code, _, err = run(["schedule", "solve", problem, *extra])
    assert code == 2
    assert named in err and "Traceback" not in err


def test_schedule_solve_refuses_deep_json_with_exit_2(files: Callable[[str, str], str]) -> None:
    code, _, err = run(["schedule", "solve", files("deep.json", deep_json())])
    assert code == 2 and "nested too deeply" in err


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--week", "9999-12-31"], "--week"),
        (["--week", "0001-01-01"], "--week"),
        (["--week", "2026-13-01"], "--week"),
        (["--week", "2026-12-07", "--time-limit", "inf"], "--time-limit"),
        (["--week", "2026-12-07", "--time-limit", "nan"], "--time-limit"),
        (["--week", "2026-12-07", "--time-limit", "-5"], "--time-limit"),
        (["--week", "2026-12-07", "-o", "/missing/dir/problem.json"], "-o"),
        (["--week", "2026-12-07", "--previous-out", "/missing/dir/previous.json"], "--previous-out"),
    ],
)
def test_schedule_export_refuses_bad_options_with_exit_2_and_records_no_export(
    cast: Cast, tmp_path: Path, extra: list[str], named: str
) -> None:
    events = AuditEvent.objects.count()
    argv = ["schedule", "export", "--site", cast.site_a.name, *extra]
    if "-o" not in extra:
        argv += ["-o", str(tmp_path / "problem.json")]
    code, _, err = run(argv)
    assert code == 2
    assert named in err and "Traceback" not in err
    assert AuditEvent.objects.count() == events
    assert not (tmp_path / "problem.json").exists()


@pytest.mark.parametrize("site", ["No such site", "99999999999999999999999", "٣"])
def test_schedule_export_refuses_an_unknown_site_with_exit_2(cast: Cast, site: str) -> None:
    code, _, err = run(["schedule", "export", "--site", site, "--week", "2026-12-07"])
    assert code == 2 and "--site" in err


def test_schedule_export_writes_the_file_then_records_the_event(cast: Cast, tmp_path: Path) -> None:
    target = tmp_path / "problem.json"
    code, _, _ = run(["schedule", "export", "--site", cast.site_a.name, "--week", "2026-12-07", "-o", str(target)])
    assert code == 0 and json.loads(target.read_text())["week_of"] == "2026-12-07"
    assert AuditEvent.objects.filter(object_type="schedule_problem", action="export").count() == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["audit"],
        ["audit", "repair"],
        ["create_api_token"],
        ["create_api_token", "nobody@example.org"],
        ["check", "data", "extra"],
        ["check", "nosuchapp"],
        ["check", "--tag", "nosuchtag"],
        ["check", "--fail-level", "LOUD"],
    ],
)
def test_the_other_commands_refuse_bad_arguments_with_exit_2(cast: Cast, argv: list[str]) -> None:
    code, _, err = run(argv)
    assert code == 2 and "Traceback" not in err
    assert ApiToken.objects.count() == 0
