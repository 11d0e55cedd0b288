"""``openiop placement recommend FILE.json``: JSON in, JSON out, exit codes."""

import io
import json
from pathlib import Path
from typing import Any

import pytest

from openiop.intake.management.commands.placement import Command
from openiop.intake.placement_cli import run_cli

# Acceptance 2: "CIWA-Ar 6, ratings with a highest of 2 → recommendation `2.1`".
INPUT: dict[str, Any] = {
    "population": "adult",
    "ciwa_ar": 6,
    "cows": None,
    "cssrs_risk": "low",
    "dimensions": {"1": 1, "2": 0, "3": 2, "4": 1, "5": 2, "6": 1},
    "available_hours_per_week": 12,
}
OUTPUT: dict[str, Any] = {
    "level": "2.1",
    "name": "Intensive outpatient",
    "next_level": None,
    "iop_appropriate": True,
    "withdrawal_management": "none",
    "reasons": [
        "Rule 5: dimension 3 is rated 2 (at or above 2) and dimension 5 is rated 2 "
        "(at or above 2), which points to level 2.1 (Intensive outpatient).",
    ],
    "flags": [],
}


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run_cli(list(argv), io.StringIO(stdin), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def test_it_reads_json_from_stdin_and_prints_the_recommendation() -> None:
    code, out, err = run("recommend", "-", stdin=json.dumps(INPUT))

    assert (code, json.loads(out), err) == (0, OUTPUT, "")


def test_it_reads_json_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "assessment.json"
    path.write_text(json.dumps(INPUT), encoding="utf-8")

    code, out, err = run("recommend", str(path))

    assert (code, json.loads(out), err) == (0, OUTPUT, "")


def test_a_withdrawal_recommendation_round_trips_with_its_next_level() -> None:
    data = {**INPUT, "ciwa_ar": 22}

    code, out, _ = run("recommend", "-", stdin=json.dumps(data))
    recommendation = json.loads(out)

    assert code == 0
    assert recommendation["level"] == "3.7-WM"
    assert recommendation["next_level"] == "2.1"
    assert recommendation["iop_appropriate"] is False
    assert recommendation["withdrawal_management"] == "inpatient"


def test_invalid_input_exits_2_naming_the_field() -> None:
    data = {**INPUT, "dimensions": {**INPUT["dimensions"], "3": 7}}

    code, out, err = run("recommend", "-", stdin=json.dumps(data))

    assert (code, out) == (2, "")
    assert err == "dimensions.3: must be a whole number from 0 to 4, got 7\n"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        pytest.param("{", "<stdin>: invalid JSON: Expecting property name",
                     id="truncated JSON"),
        pytest.param("", "<stdin>: invalid JSON: Expecting value", id="empty input"),
        pytest.param('{"ciwa_ar": NaN}', "<stdin>: invalid JSON: NaN is not allowed",
                     id="NaN, which JSON does not have"),
    ],
)  # fmt: skip
def test_input_that_is_not_json_exits_2_naming_stdin(text: str, error: str) -> None:
    code, out, err = run("recommend", "-", stdin=text)

    assert (code, out) == (2, "")
    assert err.startswith(error)


def test_a_file_that_is_not_json_exits_2_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("ciwa 22", encoding="utf-8")

    code, _, err = run("recommend", str(path))

    assert code == 2
    assert err.startswith(f"{path}: invalid JSON: ")


def test_a_missing_file_exits_2_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.json"

    code, _, err = run("recommend", str(path))

    assert (code, err) == (2, f"{path}: cannot read: No such file or directory\n")


def test_a_file_that_is_not_utf8_exits_2_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"population": "adolescent\xe9"}')

    code, _, err = run("recommend", str(path))

    assert code == 2
    assert err.startswith(f"{path}: cannot read: not UTF-8")


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="no arguments"),
        pytest.param(["recommend"], id="no file"),
        pytest.param(["recommend", "a.json", "b.json"], id="two files"),
        pytest.param(["suggest", "a.json"], id="unknown subcommand"),
    ],
)
def test_wrong_arguments_exit_2_with_the_usage(argv: list[str]) -> None:
    code, out, err = run(*argv)

    assert (code, out) == (2, "")
    assert err.startswith("usage: openiop placement recommend FILE.json")


def test_help_prints_the_usage_and_exits_0() -> None:
    code, out, err = run("--help")

    assert (code, err) == (0, "")
    assert out.startswith("usage: openiop placement recommend FILE.json")


def test_the_django_command_hands_the_arguments_after_placement_to_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(INPUT)))

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["openiop", "placement", "recommend", "-"])

    assert exited.value.code == 0
    assert json.loads(capsys.readouterr().out) == OUTPUT
