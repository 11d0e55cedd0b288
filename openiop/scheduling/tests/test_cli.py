"""``schedule solve`` as a function: exit codes, output, and error messages."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from openiop.scheduling.solver.cli import run_cli

from . import client, session, week


def problem() -> dict[str, Any]:
    return week(sessions=[session("g")], clients=[client("c", target_hours=1.5)])


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_cli(argv, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def problem_file(tmp_path: Path) -> Path:
    path = tmp_path / "week.json"
    path.write_text(json.dumps(problem()))
    return path


def test_it_prints_the_solution_to_stdout(problem_file: Path) -> None:
    code, out, err = run(["solve", str(problem_file)])
    assert (code, err) == (0, "")
    solution = json.loads(out)
    assert solution["format"] == "openiop.schedule-solution.v1"
    assert solution["clients"][0]["sessions"] == ["g"]


def test_it_writes_the_solution_to_a_file_and_summarises(problem_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "solution.json"
    code, out, _ = run(["solve", str(problem_file), "-o", str(target), "--time-limit", "2"])
    assert code == 0
    assert json.loads(target.read_text())["status"] == "optimal"
    assert out == f"optimal: 1 of 1 clients at target, written to {target}\n"


def test_it_reads_the_problem_from_stdin() -> None:
    code, out, _ = run(["solve", "-"], stdin=json.dumps(problem()))
    assert code == 0
    assert json.loads(out)["clients"][0]["meets_target"] is True


def test_clients_short_of_hours_still_exit_0(tmp_path: Path) -> None:
    short = week(sessions=[], clients=[client("c", min_hours=9, target_hours=12)])
    path = tmp_path / "short.json"
    path.write_text(json.dumps(short))
    code, out, _ = run(["solve", str(path)])
    assert code == 0
    assert json.loads(out)["clients"][0]["unmet_reason"] == "available 0.0 h in eligible sessions; target 12 h"


def test_invalid_input_exits_2_with_the_json_path_and_writes_nothing(tmp_path: Path) -> None:
    bad = problem()
    bad["clients"][0]["availability"][0]["end"] = "25:00"
    path, target = tmp_path / "bad.json", tmp_path / "solution.json"
    path.write_text(json.dumps(bad))
    code, out, err = run(["solve", str(path), "-o", str(target)])
    assert (code, out) == (2, "")
    assert err == f'{path}: clients[0].availability[0].end: "25:00" is not a time\n'
    assert not target.exists()


def test_a_missing_file_exits_2_naming_it(tmp_path: Path) -> None:
    code, _, err = run(["solve", str(tmp_path / "nowhere.json")])
    assert code == 2
    assert err == f"{tmp_path / 'nowhere.json'}: cannot read: No such file or directory\n"


@pytest.mark.parametrize("text", ["{not json", '{"format": NaN}', ""])
def test_text_that_is_not_json_exits_2_naming_the_file(text: str) -> None:
    code, _, err = run(["solve", "-"], stdin=text)
    assert code == 2
    assert err.startswith("<stdin>: invalid JSON: ")


@pytest.mark.parametrize(
    "argv",
    [[], ["solve"], ["plan", "week.json"], ["solve", "week.json", "--time-limit", "0"], ["solve", "w", "--bogus"]],
)
def test_a_bad_command_line_exits_2_with_usage(argv: list[str]) -> None:
    code, _, err = run(argv)
    assert code == 2
    assert err.startswith("usage: openiop schedule")


def test_help_exits_0() -> None:
    code, out, _ = run(["--help"])
    assert code == 0
    assert "PROBLEM" in out.upper()


def test_an_unwritable_output_exits_2(problem_file: Path, tmp_path: Path) -> None:
    code, _, err = run(["solve", str(problem_file), "-o", str(tmp_path / "no-such-dir" / "s.json")])
    assert code == 2
    assert "cannot write" in err


@pytest.mark.parametrize("last_week", ["early", "late"])
def test_a_previous_solution_keeps_the_routine(last_week: str, tmp_path: Path) -> None:
    # Two equally good groups: the client stays in last week's.
    two = week(
        sessions=[session("early", start="09:00", end="10:30"), session("late", start="11:00", end="12:30")],
        clients=[client("c", target_hours=1.5, max_hours=1.5)],
    )
    path, previous = tmp_path / "two.json", tmp_path / "last-week.json"
    path.write_text(json.dumps(two))
    previous.write_text(json.dumps({"clients": [{"id": "c", "sessions": [last_week], "individual": None}]}))
    code, out, _ = run(["solve", str(path), "--previous", str(previous)])
    assert code == 0
    assert json.loads(out)["clients"][0]["sessions"] == [last_week]
