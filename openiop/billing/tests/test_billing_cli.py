"""``openiop billing claims`` and ``openiop billing charges``: the file, the summary, and exit 2
naming the option for bad input (nothing changes then)."""

import json
from pathlib import Path

import pytest

from conftest import Cast
from openiop.billing.models import Charge, Claim
from openiop.billing.tests.conftest import DAYS, WEEK, World
from openiop.billing.tests.x12_check import pyx12_errors
from openiop.core.tests.test_cli_bad_input import run

pytestmark = pytest.mark.django_db


def test_charges_then_claims_from_the_command_line(cast: Cast, world: World, tmp_path: Path) -> None:
    code, out, err = run(["billing", "charges", "--site", cast.site_a.name, "--week", str(DAYS[1])])
    assert (code, err) == (0, "")
    assert json.loads(out) == {"week": WEEK.isoformat(), "clients": 1, "charges": 3, "held": 0}
    target = tmp_path / "claims.x12"
    argv = ["billing", "claims", "--site", str(cast.site_a.pk), "--from", "2026-11-01", "--to", "2026-11-30"]
    code, out, err = run([*argv, "--format", "837p", "-o", str(target)])
    assert (code, err) == (0, "")
    summary = json.loads(out)
    claim = Claim.objects.get()
    assert summary == {
        "file": str(target),
        "control_number": 1,
        "claims": [claim.control_number],
        "total": "750.00",
        "skipped": {},
    }
    assert pyx12_errors(target.read_text()) == []
    assert set(Charge.objects.values_list("status", flat=True)) == {"claimed"}


def test_nothing_to_claim_writes_no_file(cast: Cast, world: World, tmp_path: Path) -> None:
    target = tmp_path / "claims.x12"
    argv = ["billing", "claims", "--site", cast.site_a.name, "--from", "2026-11-01", "--to", "2026-11-30"]
    code, out, _ = run([*argv, "--format", "837i", "-o", str(target)])
    assert (code, json.loads(out)["claims"], target.exists()) == (0, [], False)


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--site", "Nowhere", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "837p"], "--site"),
        (["--site", "SITE", "--from", "2026-13-01", "--to", "2026-11-30", "--format", "837p"], "--from"),
        (["--site", "SITE", "--from", "2026-11-01", "--to", "11/30/2026", "--format", "837p"], "--to"),
        (["--site", "SITE", "--from", "2026-11-30", "--to", "2026-11-01", "--format", "837p"], "--to"),
        (["--site", "SITE", "--from", "1800-01-01", "--to", "2026-11-01", "--format", "837p"], "--from"),
        (["--site", "SITE", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "835"], "--format"),
        (["--site", "SITE", "--from", "2026-11-01", "--to", "2026-11-30"], "--format"),
    ],
)
def test_bad_arguments_exit_2_naming_the_option(
    cast: Cast, world: World, tmp_path: Path, argv: list[str], named: str
) -> None:
    from openiop.billing.services.charges import charges_compute

    charges_compute(actor=None, site=cast.site_a, week_start=WEEK)
    argv = [cast.site_a.name if a == "SITE" else a for a in argv]
    code, out, err = run(["billing", "claims", *argv, "-o", str(tmp_path / "out.x12")])
    assert (code, out) == (2, "")
    assert named in err
    assert "Traceback" not in err
    assert Claim.objects.count() == 0
    assert not (tmp_path / "out.x12").exists()


def test_an_output_in_a_missing_folder_exits_2(cast: Cast, world: World, tmp_path: Path) -> None:
    argv = ["billing", "claims", "--site", cast.site_a.name, "--from", "2026-11-01", "--to", "2026-11-30"]
    code, _, err = run([*argv, "--format", "837p", "-o", str(tmp_path / "no" / "such.x12")])
    assert code == 2
    assert "-o" in err
