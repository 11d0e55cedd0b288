from conftest import Cast
from openiop.reports.models import ExportFormat, ReportRun, RunStatus
from tests.access import ApiCase, Case, row

# Directors only (accounts/policy/reports.py): everyone else of the cast is refused.
DIRECTOR_ONLY = row("403", anonymous="login", dana="ok")
DIRECTOR_ONLY_API = row("403", anonymous="401", dana="ok")


def _danas_run(c: Cast) -> int:
    run = ReportRun.objects.filter(requested_by=c.dana).first() or ReportRun.objects.create(
        site=c.site_a,
        requested_by=c.dana,
        format=ExportFormat.CSV,
        params={"start": "2026-01-01", "end": "2026-03-31", "filters": {}},
        status=RunStatus.DONE,
        progress=100,
        content=b"openiop outcomes\r\n",
    )
    return run.pk


URL_TABLE: dict[str, Case] = {
    "reports:dashboard": ("GET", lambda c: "/reports/", DIRECTOR_ONLY),
    "reports:export": ("POST", lambda c: "/reports/export/", DIRECTOR_ONLY),
    "reports:run": ("GET", lambda c: f"/reports/runs/{_danas_run(c)}/", DIRECTOR_ONLY),
    "reports:run-download": ("GET", lambda c: f"/reports/runs/{_danas_run(c)}/download/", DIRECTOR_ONLY),
}

API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("GET", "/api/v1/outcomes"): (
        lambda c: f"/api/v1/outcomes?site_id={c.site_a.pk}&start=2026-01-01&end=2026-03-31",
        None,
        DIRECTOR_ONLY_API,
    ),
}
