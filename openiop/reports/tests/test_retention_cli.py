"""``openiop outcomes retention FILE.json``: JSON out, exit 2 naming the bad field."""

import io
import json
from pathlib import Path
from typing import Any

import pytest

from openiop.reports.retention_cli import run_cli

GOOD: dict[str, Any] = {
    "as_of": "2026-03-31",
    "episodes": [
        {"id": "A", "admitted": "2026-01-01", "discharged": "2026-01-11", "reason": 2},
        {"id": 7, "admitted": "2026-01-01", "discharged": None, "reason": None},
    ],
}


def _run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_cli(argv, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


def test_it_prints_the_estimate_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    code, out, err = _run(["retention", str(path)])
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert set(result) == {"n", "events", "median_days", "curve", "at"}
    assert result["n"] == 2
    assert result["curve"][0] == {"day": 10, "at_risk": 2, "events": 1, "censored": 0, "survival": 0.5}
    assert set(result["at"]) == {"30", "60", "90"}


def test_it_reads_standard_input() -> None:
    code, out, _ = _run(["retention", "-"], json.dumps(GOOD))
    assert code == 0
    assert json.loads(out)["median_days"] == 10


def _with(**episode: object) -> str:
    return json.dumps({"as_of": "2026-03-31", "episodes": [GOOD["episodes"][1], {**GOOD["episodes"][0], **episode}]})


BAD = [
    ("{}", "as_of"),
    ('{"as_of": "2026-02-30", "episodes": []}', "as_of"),
    ('{"as_of": "31/03/2026", "episodes": []}', "as_of"),
    ('{"as_of": "2026-03-31"}', "episodes"),
    ('{"as_of": "2026-03-31", "episodes": [], "extra": 1}', "extra"),
    ('{"as_of": "2026-03-31", "episodes": [3]}', "episodes[0]"),
    (_with(admitted="2026-13-01"), "episodes[1].admitted"),
    (_with(admitted=None), "episodes[1].admitted"),
    (_with(discharged="2025-12-31"), "episodes[1].discharged"),
    (_with(reason=8), "episodes[1].reason"),
    (_with(reason="2"), "episodes[1].reason"),
    (_with(reason=True), "episodes[1].reason"),
    (_with(discharged=None, reason=1), "episodes[1].reason"),
    (_with(id=7), "episodes[1].id"),
    (_with(id=None), "episodes[1].id"),
    (_with(discharge="2026-01-02"), "episodes[1].discharge"),
    ("[1, 2]", "(top level)"),
    ("{not json", "invalid JSON"),
    ('{"as_of": NaN}', "invalid JSON"),
]


@pytest.mark.parametrize(("text", "field"), BAD)
def test_bad_input_exits_2_naming_the_field(text: str, field: str) -> None:
    code, out, err = _run(["retention", "-"], text)
    assert code == 2
    assert out == ""
    assert err.startswith(f"{field}: ") or field in err


@pytest.mark.parametrize("argv", [[], ["retention"], ["survival", "x.json"], ["retention", "a", "b"]])
def test_wrong_arguments_exit_2_with_the_usage(argv: list[str]) -> None:
    code, _, err = _run(argv)
    assert code == 2
    assert "usage: openiop outcomes retention" in err


def test_a_missing_file_exits_2_naming_it(tmp_path: Path) -> None:
    code, _, err = _run(["retention", str(tmp_path / "nope.json")])
    assert code == 2
    assert "nope.json: cannot read" in err
