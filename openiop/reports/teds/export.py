"""TEDS records of a site and period from the database, the CSV file and the validation report."""

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from openiop.accounts.models import Site
from openiop.audit.models import Action
from openiop.audit.services import record_read
from openiop.clients.models import Episode
from openiop.core.time import local_date
from openiop.intake.codes import PSOURCE, ReferralSource
from openiop.intake.models import Admission, SubstanceUse
from openiop.reports.teds.records import (
    ADMISSION_COLUMNS,
    DISCHARGE_COLUMNS,
    EpisodeFacts,
    Record,
    Substance,
    admission_record,
    discharge_record,
)

Kind = Literal["admission", "discharge"]


def episode_facts(site: Site, start: dt.date, end: dt.date, kind: Kind) -> list[EpisodeFacts]:
    """Episodes admitted (or discharged) at ``site`` from ``start`` to ``end``, in three queries."""
    episodes = Episode.objects.filter(site=site).order_by("admission_date", "pk")
    if kind == "admission":
        episodes = episodes.filter(admission_date__gte=start, admission_date__lte=end)
    else:
        episodes = episodes.filter(discharge_date__gte=start, discharge_date__lte=end)
    rows = list(episodes)
    admissions = {
        a.episode_id: a
        for a in Admission.objects.filter(episode__in=[e.pk for e in rows]).select_related("assessment__inquiry")
    }
    substances: dict[int, list[Substance]] = defaultdict(list)
    for s in SubstanceUse.objects.filter(assessment__admission__episode__in=[e.pk for e in rows]).order_by(
        "assessment_id", "rank"
    ):
        substances[s.assessment_id].append(Substance(s.substance, s.route, s.frequency, s.age_at_first_use))
    facts = []
    for e in rows:
        admission = admissions.get(e.pk)
        assessment = admission.assessment if admission else None
        inquiry = assessment.inquiry if assessment else None
        facts.append(
            EpisodeFacts(
                episode_id=e.pk,
                admitted=e.admission_date,
                level_of_care=e.level_of_care,
                discharged=e.discharge_date,
                first_contact=local_date(site, inquiry.created_at) if inquiry else None,
                psource=PSOURCE.get(ReferralSource(inquiry.referral_source)) if inquiry else None,
                prior_treatment=assessment.prior_treatment_episodes if assessment else None,
                substances=tuple(substances.get(assessment.pk, [])) if assessment else (),
                reason=e.discharge_teds_reason,
                use_frequency_at_discharge=e.discharge_use_frequency,
                self_help_30d=e.discharge_self_help_30d,
            )
        )
    return facts


def records(facts: Sequence[EpisodeFacts], kind: Kind) -> list[Record]:
    build = admission_record if kind == "admission" else discharge_record
    return [build(f) for f in facts]


def write_csv(path: Path, rows: Sequence[Record], kind: Kind) -> None:
    columns = ADMISSION_COLUMNS if kind == "admission" else DISCHARGE_COLUMNS
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(r.values for r in rows)


def report_lines(rows: Sequence[Record], kind: Kind) -> list[str]:
    """The validation report: one line per incomplete record, then a summary."""
    lines = [f"CASEID {r.episode_id}: " + "; ".join(r.problems) for r in rows if r.problems]
    incomplete = sum(1 for r in rows if r.problems)
    lines.append(
        f"{len(rows)} {kind} record(s), {len(rows) - incomplete} complete, {incomplete} with missing or invalid "
        "required fields (written as -9)."
    )
    return lines


def record_export(site: Site, start: dt.date, end: dt.date, kind: Kind, rows: Sequence[Record]) -> None:
    """The file leaves the system for the state: one audit event naming every episode in it."""
    record_read(
        user=None,
        object_type=f"teds-{kind}",
        object_id=f"{start.isoformat()}/{end.isoformat()}",
        client_id=None,
        site_id=site.pk,
        action=Action.EXPORT,
        detail={"episodes": [r.episode_id for r in rows], "incomplete": sum(1 for r in rows if r.problems)},
    )
