"""The entry forms, the chart's Measures panel and alerts, the close page, the home panels."""

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import timezone

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.clients.models import Episode
from openiop.core.extensions import render_home_parts
from openiop.measures.instruments import REGISTRY, get
from openiop.measures.models import Administration, Alert
from openiop.measures.tests.conftest import Record, gad7, logged_in, phq9


def _form(code: str, answers: Sequence[int | None], **extra: str) -> dict[str, str]:
    data = {
        f"item_{item.number}": ("skipped" if value is None else str(value))
        for item, value in zip(get(code).items, answers, strict=True)
    }
    return {"administered_at": "2026-11-20T09:15", "language": "en", **data, **extra}


@pytest.mark.parametrize("code", list(REGISTRY))
def test_each_instrument_has_one_fieldset_per_item_with_a_radio_per_allowed_value(cast: Cast, code: str) -> None:
    page = logged_in(cast.alice).get(f"/measures/clients/{cast.erin.pk}/record/{code}/").content.decode()
    instrument = get(code)
    assert page.count('<fieldset class="item') == len(instrument.items) + (1 if instrument.requires_sex else 0)
    assert page.count("<legend>") == page.count('<fieldset class="item')
    for item in instrument.items:
        values = re.findall(rf'name="item_{re.escape(item.number)}" value="([^"]+)"', page)
        expected = [str(v) for v in item.values] + (["skipped"] if item.skip else [])
        assert values == expected, item.number


def test_the_cows_form_offers_exactly_the_pulse_scores_with_their_anchors(cast: Cast) -> None:
    page = logged_in(cast.mel).get(f"/measures/clients/{cast.erin.pk}/record/cows/").content.decode()
    assert re.findall(r'name="item_1" value="(\d)"', page) == ["0", "1", "2", "4"]
    for anchor in ("0 — 80 or below", "1 — 81–100", "2 — 101–120", "4 — Over 120", "5 — Prominent piloerection"):
        assert anchor in page


def test_the_ciwa_form_shows_each_items_anchors(cast: Cast) -> None:
    page = logged_in(cast.mel).get(f"/measures/clients/{cast.erin.pk}/record/ciwa-ar/").content.decode()
    for item in get("ciwa-ar").items:
        for value, label in item.anchors:
            assert f"{value} — {label}" in page


def test_the_phq9_form_shows_the_licensed_wording(cast: Cast) -> None:
    page = logged_in(cast.alice).get(f"/measures/clients/{cast.erin.pk}/record/phq9/").content.decode()
    assert "Over the last 2 weeks" in page and "Thoughts that you would be better off dead" in page


def test_an_unknown_instrument_is_404(cast: Cast) -> None:
    assert logged_in(cast.alice).get(f"/measures/clients/{cast.erin.pk}/record/phq-9/").status_code == 404


def test_a_complete_form_is_stored_in_the_sites_time_and_goes_back_to_the_chart(cast: Cast) -> None:
    response = logged_in(cast.alice).post(f"/measures/clients/{cast.erin.pk}/record/phq9/", _form("phq9", phq9(11)))
    assert response.status_code == 302 and response["Location"] == f"/clients/{cast.erin.pk}/#measures"
    adm = Administration.objects.get()
    assert (adm.score.total, adm.band, adm.administered_by) == (11, "moderate", cast.alice)
    # 09:15 in Los Angeles (site A) on Nov 20 is 17:15 UTC.
    assert adm.administered_at == dt.datetime(2026, 11, 20, 17, 15, tzinfo=dt.UTC)


def test_a_dangerous_answer_sends_the_clinician_to_the_alert(cast: Cast) -> None:
    http = logged_in(cast.alice)
    response = http.post(f"/measures/clients/{cast.erin.pk}/record/phq9/", _form("phq9", phq9(3, item9=1)))
    assert response["Location"].endswith("#client-alerts")
    page = http.get(response["Location"]).content.decode()
    assert "Alert raised" in page and "PHQ-9 item 9" in page


def test_every_unanswered_item_is_named_and_nothing_is_stored(cast: Cast) -> None:
    data = _form("phq9", phq9(0))
    del data["item_2"], data["item_9"]
    response = logged_in(cast.alice).post(f"/measures/clients/{cast.erin.pk}/record/phq9/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Answer item 2." in page and "Answer item 9." in page and "Answer item 1." not in page
    assert not Administration.objects.exists()


@pytest.mark.parametrize(
    ("code", "answers", "field", "message"),
    [
        pytest.param(
            "cssrs-screen", [1, 0, 0, None, None, 0, None], "item_3", "must be None (skipped)", id="cssrs-skip-logic"
        ),
        pytest.param("bam", [0] * 5 + [1] + [0] * 11 + [None] * 7, "item_7A", "an answer is required", id="bam-7A"),
    ],
)
def test_the_librarys_skip_logic_errors_land_on_the_item(
    cast: Cast, code: str, answers: list[int | None], field: str, message: str
) -> None:
    response = logged_in(cast.alice).post(f"/measures/clients/{cast.erin.pk}/record/{code}/", _form(code, answers))
    assert response.status_code == 422
    assert message in str(response.context["form"].errors[field])
    assert not Administration.objects.exists()


def test_a_value_outside_the_items_options_is_refused(cast: Cast) -> None:
    response = logged_in(cast.mel).post(f"/measures/clients/{cast.erin.pk}/record/cows/", _form("cows", [3] + [0] * 10))
    assert response.status_code == 422 and "item_1" in response.context["form"].errors
    assert not Administration.objects.exists()


def test_auditc_asks_for_sex_prefilled_from_the_record(cast: Cast) -> None:
    http = logged_in(cast.ivan)
    page = http.get(f"/measures/clients/{cast.nora.pk}/record/auditc/").content.decode()
    assert 'name="sex" value="female" required id="id_sex_0" checked' in page or re.search(
        r'<input[^>]*name="sex"[^>]*value="female"[^>]*checked', page
    )
    assert http.post(f"/measures/clients/{cast.nora.pk}/record/auditc/", _form("auditc", [1, 1, 1])).status_code == 422
    ok = http.post(f"/measures/clients/{cast.nora.pk}/record/auditc/", _form("auditc", [1, 1, 1], sex="female"))
    assert ok.status_code == 302 and Administration.objects.get().score.positive is True


def test_the_record_page_lists_what_is_due_first(cadences: Cast) -> None:
    page = logged_in(cadences.alice).get(f"/measures/clients/{cadences.erin.pk}/record/").content.decode()
    due = page.split('id="due-title"')[1].split("</section>")[0]
    assert "PHQ-9" in due and "GAD-7" in due and "URICA" in due


# ---------------------------------------------------------------- the chart


def _weekly_history(cast: Cast, record: Record, weeks: int) -> None:
    """``weeks`` weekly PHQ-9s and GAD-7s for Erin, improving, plus a BAM and a C-SSRS, all in
    an episode admitted the day of the first one."""
    Episode.objects.filter(client=cast.erin).update(
        admission_date=timezone.localdate() - dt.timedelta(days=7 * weeks + 1)
    )
    for week in range(weeks):
        days_ago = 7 * (weeks - week)
        record(cast.erin, "phq9", phq9(max(2, 18 - 2 * week)), days_ago=days_ago)
        record(cast.erin, "gad7", gad7(max(1, 14 - week)), days_ago=days_ago)
    record(cast.erin, "bam", [1] * 5 + [0] + [1] * 11 + [None] * 7, days_ago=1)
    record(cast.erin, "cssrs-screen", [0, 0, None, None, None, 0, None], days_ago=1)


def test_the_chart_shows_due_latest_and_a_trend_figure_with_its_table(cadences: Cast, record: Record) -> None:
    _weekly_history(cadences, record, 8)
    page = logged_in(cadences.alice).get(f"/clients/{cadences.erin.pk}/").content.decode()
    panel = page.split('<section id="measures"')[-1]
    assert "Due and overdue" in panel and "Record a measure" in panel
    assert "Latest scores" in panel
    figure = panel.split('<figure class="trend" id="trend-phq9"')[1].split("</figure>")[0]
    assert 'src="data:image/svg+xml;base64,' in figure and "<figcaption" in figure
    assert "baseline 18" in figure and "response reached" in figure and "remission reached" in figure
    assert figure.count("<tr>") == 1 + 8 and "<caption>" in figure and 'scope="row"' in figure
    assert 'id="trend-bam"' in panel and 'id="trend-cssrs-screen"' in panel


def test_billing_does_not_get_the_measures_panel_or_alerts(cadences: Cast, record: Record) -> None:
    record(cadences.erin, "phq9", phq9(3, item9=1))
    response = logged_in(cadences.bill).get(f"/clients/{cadences.erin.pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and "Erin Castillo" in page
    assert "Latest scores" not in page and "PHQ-9 item 9" not in page


@pytest.mark.parametrize("weeks", [1, 8])
def test_the_chart_runs_a_constant_number_of_queries_whatever_the_history(
    cadences: Cast, record: Record, weeks: int, django_assert_max_num_queries: Any
) -> None:
    _weekly_history(cadences, record, weeks)
    record(cadences.erin, "phq9", phq9(3, item9=1))
    http = logged_in(cadences.alice)
    http.get(f"/clients/{cadences.erin.pk}/")  # the charts are cached after the first view; count a cold one too
    from django.core.cache import cache

    cache.clear()
    # The chart page's own budget plus every app's panels; measures adds four (administrations,
    # cadence, open alerts, and the narratives check the page makes once more per part).
    with django_assert_max_num_queries(60):
        assert http.get(f"/clients/{cadences.erin.pk}/").status_code == 200


def test_the_measures_parts_of_the_chart_run_three_queries_at_any_size(
    cadences: Cast, record: Record, django_assert_num_queries: Any
) -> None:
    from openiop.clients.selectors import client_get_for_user
    from openiop.measures import panels

    request = RequestFactory().get("/")
    request.user = cadences.alice
    for weeks in (1, 9):
        _weekly_history(cadences, record, weeks)
        client = client_get_for_user(user=cadences.alice, pk=cadences.erin.pk, action=None)
        with django_assert_num_queries(3):  # administrations, cadence, open alerts
            panels.chart_panel_context(request, client)
            panels.chart_alerts_context(request, client)["open_alerts"]


def test_the_chart_header_lists_open_alerts_with_a_close_form(cadences: Cast, record: Record) -> None:
    record(cadences.erin, "phq9", phq9(3, item9=1))
    page = logged_in(cadences.dana).get(f"/clients/{cadences.erin.pk}/").content.decode()
    header = page.split('id="client-alerts"')[1].split("</header>")[0]
    assert "Suicidal ideation" in header and "assigned to Alice" in header
    assert 'name="action"' in header and "C-SSRS completed" in header and "Close alert" in header


# ---------------------------------------------------------------- closing an alert


@pytest.fixture
def alert(cast: Cast, record: Record) -> Alert:
    return Alert.objects.get(source=record(cast.erin, "phq9", phq9(3, item9=1)))


def test_closing_without_an_action_is_refused_with_a_field_message(cast: Cast, alert: Alert) -> None:
    response = logged_in(cast.alice).post(f"/measures/alerts/{alert.pk}/close/", {"action": "", "note": "called"})
    assert response.status_code == 422
    assert "Choose the action taken before closing the alert." in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == "open"


def test_other_needs_a_note(cast: Cast, alert: Alert) -> None:
    response = logged_in(cast.alice).post(f"/measures/alerts/{alert.pk}/close/", {"action": "other", "note": ""})
    assert response.status_code == 422 and "Describe the action taken." in response.content.decode()


def test_closing_with_an_action_closes_and_returns_to_the_chart(cast: Cast, alert: Alert) -> None:
    http = logged_in(cast.alice)
    response = http.post(f"/measures/alerts/{alert.pk}/close/", {"action": "safety-plan-reviewed"})
    assert response.status_code == 302 and response["Location"] == f"/clients/{cast.erin.pk}/#client-alerts"
    alert.refresh_from_db()
    assert (alert.status, alert.closing_action, alert.closed_by) == ("closed", "safety-plan-reviewed", cast.alice)
    assert "No open alerts." in http.get(f"/clients/{cast.erin.pk}/").content.decode()
    again = http.post(f"/measures/alerts/{alert.pk}/close/", {"action": "other", "note": "x"})
    assert again.status_code == 422 and "already closed" in again.content.decode()


def test_the_close_page_is_404_for_people_who_cannot_see_the_client(cast: Cast, alert: Alert) -> None:
    response = logged_in(cast.bob).post(f"/measures/alerts/{alert.pk}/close/", {"action": "safety-plan-reviewed"})
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.status == "open"


# ---------------------------------------------------------------- the staff home page


def _home(user: Any, role: str) -> str:
    request = RequestFactory().get("/home/")
    request.user = user
    return "".join(html for _, html in render_home_parts(request, role))


def test_the_clinicians_home_lists_her_open_alerts_and_overdue_measures(cadences: Cast, record: Record) -> None:
    record(cadences.erin, "phq9", phq9(3, item9=1), days_ago=20)
    home = _home(cadences.alice, "clinician")
    alerts = home.split('id="home-alerts"')[1].split("</section>")[0]
    assert "Erin Castillo" in alerts and "Suicidal ideation" in alerts and ">me<" in alerts
    overdue = home.split('id="home-overdue"')[1].split("</section>")[0]
    assert "Erin Castillo" in overdue and "Patient Health Questionnaire-9" in overdue
    assert "Frank" not in home
    assert AuditEvent.objects.filter(user=cadences.alice, object_type="alert", action="list").exists()


def test_the_directors_home_lists_every_open_alert_at_her_site(cadences: Cast, record: Record) -> None:
    record(cadences.frank, "phq9", phq9(3, item9=1), actor=cadences.bob)
    record(cadences.gus, "phq9", phq9(3, item9=1), actor=cadences.carol)
    home = _home(cadences.dana, "director")
    assert "Frank Reyes" in home and "Gus" not in home
    assert "Frank" not in _home(cadences.alice, "clinician").split('id="home-overdue"')[0]


def test_the_home_page_shows_the_panels_to_clinicians(cadences: Cast, record: Record) -> None:
    record(cadences.erin, "phq9", phq9(3, item9=1))
    page = logged_in(cadences.alice).get("/home/").content.decode()
    assert "Open alerts" in page and "Overdue measures" in page and "Suicidal ideation" in page


@pytest.mark.parametrize("clients", [1, 12])
def test_the_home_panels_run_a_constant_number_of_queries(
    cadences: Cast, record: Record, clients: int, django_assert_max_num_queries: Any
) -> None:
    from conftest import make_client
    from openiop.measures import panels

    for n in range(clients):
        client = make_client(cadences.site_a, f"Test{n}", f"Person{n:03d}", cadences.alice)
        record(client, "phq9", phq9(n % 20, item9=n % 2), days_ago=10)
        record(client, "gad7", gad7(n % 20), days_ago=10)
    request = RequestFactory().get("/home/")
    request.user = cadences.alice
    # open alerts; overdue: episodes, cadence, administrations; a "list" audit event each (5 with
    # its savepoint)
    with django_assert_max_num_queries(14):
        panels.home_alerts_context(request)
        panels.home_overdue_context(request)


@pytest.mark.parametrize("weeks", [1, 8])
def test_the_record_pages_run_a_constant_number_of_queries(
    cadences: Cast, record: Record, weeks: int, django_assert_max_num_queries: Any
) -> None:
    _weekly_history(cadences, record, weeks)
    http = logged_in(cadences.alice)
    with django_assert_max_num_queries(17):
        assert http.get(f"/measures/clients/{cadences.erin.pk}/record/").status_code == 200
    with django_assert_max_num_queries(15):
        assert http.get(f"/measures/clients/{cadences.erin.pk}/record/phq9/").status_code == 200
