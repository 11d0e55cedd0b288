"""Planning is limited to a horizon (PLAN_HORIZON_WEEKS ahead of the site's today): a week beyond it
is refused with a field message on every surface, and nothing runs or is written."""

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from pytest_django.fixtures import Settings

from openiop.audit.models import AuditEvent
from openiop.core.time import monday_of, site_today
from openiop.program.models import GroupSession
from openiop.program.tests.world import World
from openiop.scheduling import services
from openiop.scheduling.export_cli import run_export
from openiop.scheduling.models import PlanRun

FAR = dt.date(2031, 3, 3)


def _by_form(world: World, week: dt.date) -> str:
    http = HttpClient()
    http.force_login(world.cast.dana)
    response = http.post(
        "/scheduling/plan/", {"site": world.cast.site_a.pk, "week": week.isoformat(), "time_limit_s": "2"}
    )
    assert response.status_code == 422
    return str(response.context["form"].errors["week"])


def _by_api(world: World, week: dt.date) -> str:
    http = HttpClient()
    http.force_login(world.cast.dana)
    response = http.post(
        "/api/v1/plan-runs",
        {"site_id": world.cast.site_a.pk, "week": week.isoformat(), "time_limit_s": 2},
        content_type="application/json",
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "week"
    return str(error["message"])


def _by_service(world: World, week: dt.date) -> str:
    with pytest.raises(ValidationError) as refused:
        services.plan_run_start(actor=world.cast.dana, site=world.cast.site_a, week_start=week, time_limit_s=2)
    return " ".join(refused.value.message_dict["week"])


def _by_cli(world: World, week: dt.date) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = run_export(["--site", str(world.cast.site_a.pk), "--week", week.isoformat()], out, err)
    assert code == 2 and out.getvalue() == ""
    assert err.getvalue().startswith("--week: ")
    return err.getvalue()


SURFACES: dict[str, Callable[[World, dt.date], str]] = {
    "form": _by_form,
    "api": _by_api,
    "service": _by_service,
    "cli": _by_cli,
}


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("week", [FAR, dt.date(9999, 12, 31), dt.date(1, 1, 1)])
def test_a_week_outside_the_horizon_is_refused_with_a_field_message_and_nothing_runs(
    world: World, surface: str, week: dt.date
) -> None:
    sessions = GroupSession.objects.count()
    events = AuditEvent.objects.count()
    message = SURFACES[surface](world, week)
    # Dates far out of range may be refused earlier, by the API's own date bounds, on the same field.
    assert message and (week != FAR or "8 weeks ahead" in message)
    assert not PlanRun.objects.exists()
    assert GroupSession.objects.count() == sessions and AuditEvent.objects.count() == events


def test_the_last_week_inside_the_horizon_may_be_planned_and_the_next_may_not(world: World) -> None:
    site = world.cast.site_a
    last = monday_of(site_today(site)) + dt.timedelta(weeks=8)
    assert services.plan_week_error(site, last + dt.timedelta(days=6)) is None
    assert services.plan_week_error(site, last + dt.timedelta(days=7)) is not None


def test_the_horizon_is_a_setting(world: World, settings: Settings) -> None:
    settings.PLAN_HORIZON_WEEKS = 52
    assert services.plan_week_error(world.cast.site_a, site_today(world.cast.site_a) + dt.timedelta(weeks=40)) is None
