"""The auditor's trail: searched by client name and event type within their sites, paged by id,
exported as CSV with the chain's verification result."""

import csv
import io

import pytest
from django.db import connection
from django.test import Client as HttpClient
from pytest_django import DjangoAssertNumQueries

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.audit.services import record_read


def _views(cast: Cast, n: int) -> list[AuditEvent]:
    return [record_read(user=cast.alice, instance=cast.erin) for _ in range(n)]


def _auditor(cast: Cast) -> HttpClient:
    http = HttpClient()
    http.force_login(cast.ava)
    return http


def _export(http: HttpClient, **params: str) -> list[list[str]]:
    response = http.get("/audit/export.csv", params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_auditor_searches_by_client_name_within_their_sites(cast: Cast) -> None:
    record_read(user=cast.alice, instance=cast.erin)
    record_read(user=cast.bob, instance=cast.frank)
    record_read(user=cast.carol, instance=cast.gus)  # site B: never shown to Ava, even by name
    http = _auditor(cast)
    page = http.get("/audit/", {"client_name": cast.erin.legal_last_name.upper()}).content.decode()
    assert "alice@a.test" in page and "bob@a.test" not in page
    page = http.get("/audit/", {"client_name": cast.gus.legal_first_name}).content.decode()
    assert "carol@b.test" not in page and "No events match." in page


def test_the_auditor_filters_by_event_type(cast: Cast) -> None:
    record_read(user=cast.alice, instance=cast.erin)
    record_read(user=cast.dana, instance=cast.frank, action="export")
    page = _auditor(cast).get("/audit/", {"action": "export"}).content.decode()
    assert "dana@a.test" in page and "alice@a.test" not in page
    assert _auditor(cast).get("/audit/", {"action": "nonsense"}).status_code == 200


def test_the_trail_pages_by_id_newest_first(cast: Cast) -> None:
    http = _auditor(cast)
    events = _views(cast, 120)
    first = http.get("/audit/")
    ids = [e.pk for e in first.context["page"].events]
    assert ids == [e.pk for e in reversed(events)][:50]
    older = first.context["older_query"]
    second = http.get(f"/audit/?{older}")
    assert [e.pk for e in second.context["page"].events] == [e.pk for e in reversed(events)][50:100]
    back = http.get(f"/audit/?{second.context['newer_query']}")
    assert [e.pk for e in back.context["page"].events] == ids


@pytest.mark.parametrize("size", [5, 150])
def test_the_trail_page_runs_the_same_queries_at_two_sizes(
    cast: Cast, size: int, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    events = _views(cast, size)
    http = _auditor(cast)
    http.get("/audit/")  # the session and the user's memberships are warm
    with django_assert_max_num_queries(8):
        assert http.get("/audit/", {"before": str(events[-1].pk), "client_name": "Erin"}).status_code == 200


@pytest.mark.django_db
def test_the_trail_page_query_uses_no_offset(cast: Cast) -> None:
    _views(cast, 60)
    http = _auditor(cast)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        older = http.get("/audit/").context["older_query"]
        http.get(f"/audit/?{older}")
    trail = [q["sql"] for q in captured.captured_queries if 'FROM "audit_auditevent"' in q["sql"]]
    assert trail and not any("OFFSET" in sql for sql in trail) and not any("COUNT(" in sql for sql in trail)


def test_the_export_holds_the_filtered_trail_and_the_chain_check(cast: Cast) -> None:
    record_read(user=cast.alice, instance=cast.erin)
    record_read(user=cast.bob, instance=cast.frank)
    rows = _export(_auditor(cast), client_name="erin")
    assert rows[0][0] == "chain verification" and rows[0][1].startswith("ok: ")
    header = rows[2]
    body = [dict(zip(header, r, strict=True)) for r in rows[3:]]
    assert [(r["user"], r["client_id"]) for r in body] == [("alice@a.test", str(cast.erin.pk))]
    # The export is itself in the trail.
    assert AuditEvent.objects.filter(action="export", object_type="audit_trail", user=cast.ava).exists()


def test_the_export_reports_a_broken_chain(cast: Cast) -> None:
    events = _views(cast, 2)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET user_email = %s WHERE id = %s", ["x@x.test", events[0].pk])
    rows = _export(_auditor(cast))
    assert rows[0][1].startswith(f"BROKEN at event {events[0].pk}")


def test_export_cells_never_start_a_formula(cast: Cast) -> None:
    record_read(user=cast.alice, instance=cast.erin, object_type="=HYPERLINK()")
    rows = _export(_auditor(cast), action="view")
    assert "'=HYPERLINK()" in rows[3]


def test_a_bad_filter_is_a_field_error_on_the_export(cast: Cast) -> None:
    response = _auditor(cast).get("/audit/export.csv", {"date_from": "2026-11-20", "date_to": "2026-11-01"})
    assert response.status_code == 422 and "The end date is before the start date." in response.content.decode()
