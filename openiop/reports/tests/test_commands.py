"""The commands as the shell runs them (``openiop outcomes …``, ``openiop teds …``), and the pure
modules' promise: no Django import."""

import ast
import io
import json
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import ManagementUtility
from django.db import connections

from conftest import Cast

REPORTS = Path(__file__).resolve().parent.parent
PURE = [
    "retention.py",
    "retention_cli.py",
    "charts.py",
    "teds/records.py",
    *(f"figures/{p.name}" for p in (REPORTS / "figures").glob("*.py")),
]


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err), mock.patch.object(connections, "close_all"):
            ManagementUtility(["openiop", *argv]).execute()
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 1
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def test_outcomes_retention_runs_as_a_command() -> None:
    text = json.dumps(
        {"as_of": "2026-03-31", "episodes": [{"id": 1, "admitted": "2026-03-01", "discharged": None, "reason": None}]}
    )
    code, out, _ = run(["outcomes", "retention", "-"], text)
    assert code == 0
    assert json.loads(out)["curve"] == [{"day": 30, "at_risk": 1, "events": 0, "censored": 1, "survival": 1.0}]
    code, out, err = run(["outcomes", "retention", "-"], '{"as_of": "2026-03-31", "episodes": [{"id": 1}]}')
    assert (code, out) == (2, "")
    assert err.startswith("episodes[0].admitted: ")


@pytest.mark.django_db
def test_teds_export_runs_as_a_command(cast: Cast, tmp_path: Path) -> None:
    out_file = tmp_path / "t.csv"
    argv = ["teds", "export", "--site", "Site A", "--from", "2026-11-01", "--to", "2026-11-30", "--kind", "admission"]
    code, out, _ = run([*argv, "-o", str(out_file)])
    assert code == 1  # the cast's episodes have no intake records
    assert out_file.read_text(encoding="utf-8").startswith("CASEID,ADMDATE,SERVICES")
    assert "admission record(s)" in out
    code, _, err = run([*argv[:-1], "nonsense", "-o", str(out_file)])
    assert code == 2 and err.startswith("--kind: ")


@pytest.mark.parametrize("module", PURE)
def test_the_pure_modules_import_nothing_from_django(module: str) -> None:
    tree = ast.parse((REPORTS / module).read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [
        n for n in names if n.startswith("django") or n.startswith(("openiop.reports.models", "openiop.accounts"))
    ]
