"""``openiop teds export``: the file, the validation report, the exit codes, and the demo's records."""

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import PASSWORD, Cast
from openiop.audit.models import AuditEvent
from openiop.clients.models import Episode
from openiop.core.demo_data import seed_demo
from openiop.core.time import site_today
from openiop.intake import services as intake
from openiop.intake.models import Inquiry
from openiop.intake.recommendation import recommend_from, stored_inputs
from openiop.intake.tests.factories import completed
from openiop.reports.teds.records import (
    ADMISSION_COLUMNS,
    DISCHARGE_COLUMNS,
    FREQ_CODES,
    PSOURCE_CODES,
    REASON_CODES,
    ROUTE_CODES,
    SUBSTANCE_CODES,
)
from openiop.reports.teds_cli import run_cli


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return run_cli(list(argv), out, err), out.getvalue(), err.getvalue()


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.django_db
def test_an_episode_without_intake_records_is_reported_field_by_field(cast: Cast, tmp_path: Path) -> None:
    # Erin's episode (2026-11-02) was opened directly: no inquiry, no assessment.
    out = tmp_path / "adm.csv"
    code, report, err = _run(
        "export",
        "--site",
        str(cast.site_a.pk),
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--kind",
        "admission",
        "-o",
        str(out),
    )
    assert (code, err) == (1, "")
    rows = _read(out)
    assert list(rows[0]) == list(ADMISSION_COLUMNS)
    erin = next(r for r in rows if r["CASEID"] == str(cast.erin.episodes.get().pk))
    assert (erin["SERVICES"], erin["PSOURCE"], erin["SUB1"], erin["DAYWAIT"]) == ("6", "-9", "-9", "-9")
    line = next(line for line in report.splitlines() if line.startswith(f"CASEID {erin['CASEID']}:"))
    for column in ("PSOURCE: missing", "NOPRIOR: missing", "DAYWAIT: missing", "SUB1: missing"):
        assert column in line
    assert report.splitlines()[-1].startswith(f"{len(rows)} admission record(s), 0 complete")
    event = AuditEvent.objects.get(object_type="teds-admission")
    assert event.action == "export" and event.site_id == cast.site_a.pk
    assert set(event.detail["episodes"]) == {int(r["CASEID"]) for r in rows}


@pytest.mark.django_db
def test_an_episode_admitted_through_intake_codes_what_intake_recorded(cast: Cast, tmp_path: Path) -> None:
    episode = signed_and_admitted(cast)
    out = tmp_path / "adm.csv"
    today = site_today(cast.site_a).isoformat()
    _, report, _ = _run(
        "export",
        "--site",
        "Site A",
        "--from",
        today,
        "--to",
        today,
        "--kind",
        "admission",
        "-o",
        str(out),
    )
    row = next(r for r in _read(out) if r["CASEID"] == str(episode.pk))
    assert row["SERVICES"] == "6"
    assert row["SUB1"] == "2" and row["FREQ1"] == "3" and row["ROUTE1"] == "1" and row["FRSTUSE1"] == "3"
    assert row["SUB2"] == "1"  # no second substance: "none"
    assert row["PSOURCE"] == "7"  # court
    assert row["DAYWAIT"] in {"0", "1"}
    assert row["NOPRIOR"] == "1"
    assert f"CASEID {episode.pk}:" not in report


def signed_and_admitted(cast: Cast) -> Episode:
    """Through intake: a court-referred inquiry, screened, assessed with alcohol (oral, daily, first
    at 16) and one prior treatment episode, signed and admitted today."""
    assessment = completed(cast)
    Inquiry.objects.filter(pk=assessment.inquiry_id).update(referral_source="court")
    intake.assessment_update(
        actor=cast.alice,
        assessment=assessment,
        fields={"prior_treatment_episodes": 1},
        substances=[{"substance": 2, "route": 1, "frequency": 3, "age_at_first_use": 16}],
    )
    recommendation = recommend_from(stored_inputs(assessment), assessment.site_id)
    assert recommendation is not None
    intake.assessment_sign(
        actor=cast.alice, assessment=assessment, decided_level=recommendation.level, password=PASSWORD
    )
    return intake.episode_admit(
        actor=cast.alice,
        assessment=assessment,
        admission_date=site_today(cast.site_a),
        primary_clinician=cast.alice,
        prescribed_hours_per_week=Decimal(12),
    )


@pytest.mark.django_db
def test_a_discharge_record_codes_the_discharge_fields(cast: Cast, tmp_path: Path) -> None:
    episode = cast.frank.episodes.get()
    Episode.objects.filter(pk=episode.pk).update(
        status="discharged",
        discharge_date=dt.date(2026, 11, 20),
        discharge_teds_reason=2,
        discharge_use_frequency=2,
        discharge_self_help_30d=0,
    )
    out = tmp_path / "dis.csv"
    code, report, _ = _run(
        "export",
        "--site",
        str(cast.site_a.pk),
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--kind",
        "discharge",
        "-o",
        str(out),
    )
    (row,) = _read(out)
    assert list(row) == list(DISCHARGE_COLUMNS)
    assert (row["LOS"], row["REASON"], row["FREQ1_D"], row["FREQ_ATND_SELF_HELP_D"]) == ("18", "2", "2", "1")
    assert row["SUB1"] == "-9"
    assert report.splitlines()[0] == f"CASEID {episode.pk}: SUB1: missing (no substance recorded at the assessment)"
    assert code == 1


BAD_ARGUMENTS = [
    (["export", "--site", "Nowhere", "--from", "2026-01-01", "--to", "2026-01-31", "--kind", "admission"], "--site"),
    (
        [
            "export",
            "--site",
            "99999999999999999999",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
            "--kind",
            "admission",
        ],
        "--site",
    ),
    (["export", "--site", "Site A", "--from", "2026-02-30", "--to", "2026-03-31", "--kind", "admission"], "--from"),
    (["export", "--site", "Site A", "--from", "2026-01-01", "--to", "31/01/2026", "--kind", "admission"], "--to"),
    (["export", "--site", "Site A", "--from", "2026-02-01", "--to", "2026-01-31", "--kind", "admission"], "--to"),
    (["export", "--site", "Site A", "--from", "2026-01-01", "--to", "2026-01-31", "--kind", "transfer"], "--kind"),
    (["export", "--site", "Site A", "--from", "2026-01-01", "--kind", "admission"], "--to"),
    (
        ["export", "--site", "Site A", "--from", "2026-01-01", "--to", "2026-01-31", "--kind", "admission", "--bogus"],
        "--bogus",
    ),
    (["report"], "usage"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("argv", "named"), BAD_ARGUMENTS)
def test_a_bad_argument_exits_2_naming_it_and_writes_nothing(
    cast: Cast, tmp_path: Path, argv: list[str], named: str
) -> None:
    out = tmp_path / "x.csv"
    code, report, err = _run(*argv, *([] if argv == ["report"] else ["-o", str(out)]))
    assert code == 2
    assert named in err
    assert report == "" and not out.exists()


@pytest.mark.django_db
def test_an_output_folder_that_does_not_exist_is_named(cast: Cast, tmp_path: Path) -> None:
    code, _, err = _run(
        "export",
        "--site",
        "Site A",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--kind",
        "admission",
        "-o",
        str(tmp_path / "no" / "x.csv"),
    )
    assert code == 2 and err.startswith("-o: ")


VALID = {
    "SERVICES": {6, 7},
    "SERVICES_D": {6, 7},
    "PSOURCE": set(PSOURCE_CODES),
    "NOPRIOR": set(range(6)),
    "DAYWAIT": set(range(5)),
    "REASON": set(REASON_CODES),
    "FREQ1_D": set(FREQ_CODES),
    "FREQ_ATND_SELF_HELP_D": set(range(1, 6)),
    "LOS": set(range(1, 38)),
    **{f"SUB{n}": set(SUBSTANCE_CODES) for n in (1, 2, 3)},
    **{f"ROUTE{n}": set(ROUTE_CODES) for n in (1, 2, 3)},
    **{f"FREQ{n}": set(FREQ_CODES) for n in (1, 2, 3)},
    **{f"FRSTUSE{n}": set(range(1, 8)) for n in (1, 2, 3)},
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["admission", "discharge"])
def test_the_demo_gives_valid_codes_for_every_field_or_a_report_naming_what_is_missing(
    tmp_path: Path, kind: str
) -> None:
    seed_demo()
    from openiop.accounts.models import Site

    for site in Site.objects.all():
        out = tmp_path / f"{site.pk}-{kind}.csv"
        code, report, err = _run(
            "export",
            "--site",
            str(site.pk),
            "--from",
            "2020-01-01",
            "--to",
            "2030-12-31",
            "--kind",
            kind,
            "-o",
            str(out),
        )
        assert code in (0, 1) and err == ""
        problems = {line.split(":", 1)[0]: line for line in report.splitlines()[:-1]}
        for row in _read(out):
            for column, value in row.items():
                if column in ("CASEID", "ADMDATE", "DISDATE"):
                    continue
                if value == "-9":
                    # Missing is allowed only where it does not apply (after "none") or when the report names it.
                    named = f"{column}:" in problems.get(f"CASEID {row['CASEID']}", "")
                    n = column[-1]
                    follows_sub = column[:-1] in ("ROUTE", "FREQ", "FRSTUSE") and row.get(f"SUB{n}") in ("1", "-9")
                    follows_sub1 = column in ("SUB2", "SUB3") and row["SUB1"] == "-9"
                    not_applicable = follows_sub or follows_sub1
                    assert named or not_applicable, (kind, row["CASEID"], column)
                else:
                    assert int(value) in VALID[column], (kind, row["CASEID"], column, value)
