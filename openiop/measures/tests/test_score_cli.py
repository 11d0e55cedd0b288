"""``openiop score``: the Score as JSON, or exit 2 with a message naming the item (issue 3,
acceptance 2)."""

import io
import json
import os
import subprocess
import sys

import pytest

from openiop.measures.score_cli import EXIT_INVALID, EXIT_OK, run_cli


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_cli(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_it_prints_the_phq9_acceptance_example() -> None:
    code, out, err = _run("phq9", *["1"] * 9)
    assert (code, err) == (EXIT_OK, "")
    assert json.loads(out) == {
        "code": "phq9",
        "total": 9,
        "band": "mild",
        "positive": False,
        "flags": ["suicidal-ideation"],
        "subscales": {},
    }
    assert list(json.loads(out)) == ["code", "total", "band", "positive", "flags", "subscales"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(
            ["cssrs-screen", "1", "0", "none", "null", "-", "0", "-"],
            {"band": "low", "flags": [], "total": None},
            id="none-null-and-dash-are-skipped-items",
        ),
        pytest.param(["auditc", "1", "1", "1", "--sex", "female"], {"positive": True}, id="sex-as-two-words"),
        pytest.param(["auditc", "1", "1", "1", "--sex=male"], {"positive": False}, id="sex-with-equals"),
        pytest.param(["PHQ9", *["0"] * 9], {"band": "minimal"}, id="code-in-capitals"),
        pytest.param(
            ["urica", *["3"] * 32], {"total": 6.0, "band": "precontemplation"}, id="float-total-stays-a-number"
        ),
    ],
)
def test_it_scores_what_it_is_given(argv: list[str], expected: dict[str, object]) -> None:
    code, out, err = _run(*argv)
    assert (code, err) == (EXIT_OK, "")
    result = json.loads(out)
    assert {key: result[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        pytest.param(["cows", "3", *["0"] * 10], "item 1: 3 is not an allowed value", id="cows-pulse-3"),
        pytest.param(["phq9", "1", "1", "x", *["1"] * 6], "item 3: 'x' is not an integer", id="not-a-number"),
        pytest.param(["phq9", "1.0", *["1"] * 8], "item 1: '1.0' is not an integer", id="a-decimal"),
        pytest.param(["bam", *["0"] * 17, "x", *["0"] * 6], "item 7A", id="names-item-7A-by-position"),
        pytest.param(["phq9", *["1"] * 8], "answers: phq9 expects 9 answers, got 8", id="too-few"),
        pytest.param(["phq9", *["1"] * 10], "answers: phq9 expects 9 answers, got 10", id="too-many"),
        pytest.param(["phq-9", "1"], "code: unknown instrument 'phq-9'", id="unknown-instrument"),
        pytest.param(["auditc", "1", "1", "1"], "sex: required for auditc", id="sex-missing"),
        pytest.param(["auditc", "1", "1", "1", "--sex", "other"], "sex: 'other' is not one of", id="sex-invalid"),
        pytest.param(["auditc", "1", "1", "1", "--sex"], "sex: --sex needs a value", id="sex-without-value"),
        pytest.param(["phq9", *["1"] * 8, "none"], "item 9: an answer is required", id="skip-not-allowed"),
        pytest.param(["phq9", "--loud", *["1"] * 9], "unknown option --loud", id="unknown-option"),
        pytest.param([], "name an instrument", id="nothing"),
    ],
)
def test_bad_input_exits_2_naming_the_item_and_prints_nothing(argv: list[str], names: str) -> None:
    code, out, err = _run(*argv)
    assert code == EXIT_INVALID
    assert out == ""
    assert names in err


def test_help_lists_the_instruments() -> None:
    code, out, _ = _run("--help")
    assert code == EXIT_OK and "usage: openiop score" in out and "cssrs-screen" in out


@pytest.mark.parametrize(
    ("argv", "exit_code"),
    [(["phq9", *["1"] * 9], 0), (["cows", "3", *["0"] * 10], 2), (["phq9", "-", *["1"] * 8], 2)],
)
def test_the_openiop_command_exits_with_the_cli_code_and_clean_stdout(argv: list[str], exit_code: int) -> None:
    env = {**os.environ, "OPENIOP_ENV": "test"}
    done = subprocess.run(  # noqa: S603 - our own command with fixed arguments
        [sys.executable, "-m", "openiop", "score", *argv], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == exit_code, done.stderr
    if exit_code == 0:
        assert json.loads(done.stdout)["total"] == 9
    else:
        assert done.stdout == "" and "item 1" in done.stderr
