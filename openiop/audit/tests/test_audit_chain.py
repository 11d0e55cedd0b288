import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client as HttpClient

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.audit.services import audit_record, audit_verify


def _record_three(cast: Cast) -> list[AuditEvent]:
    return [
        audit_record(
            user=cast.alice,
            action="view",
            object_type="client",
            object_id=cast.erin.pk,
            client_id=cast.erin.pk,
            site_id=cast.site_a.pk,
        )
        for _ in range(3)
    ]


def test_each_event_stores_the_hash_of_the_one_before(cast: Cast) -> None:
    first, second, third = _record_three(cast)
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert audit_verify() == (3, None)


def test_it_records_who_their_role_the_site_and_the_client(cast: Cast) -> None:
    event = audit_record(
        user=cast.bill,
        action="view",
        object_type="client",
        object_id=cast.erin.pk,
        client_id=cast.erin.pk,
        site_id=cast.site_a.pk,
    )
    assert (event.user_email, event.role, event.site_id, event.client_id) == (
        "bill@a.test",
        "billing",
        cast.site_a.pk,
        cast.erin.pk,
    )


def test_viewing_a_chart_adds_an_event_with_ip_and_request_id(cast: Cast) -> None:
    http = HttpClient(REMOTE_ADDR="10.1.2.3")
    http.force_login(cast.alice)
    response = http.get(f"/clients/{cast.erin.pk}/", headers={"X-Request-ID": "chosen-by-the-client"})
    assert response.status_code == 200
    event = AuditEvent.objects.filter(client=cast.erin, action="view").get()
    assert (event.ip_address, event.request_id, event.channel, event.role) == (
        "10.1.2.3",
        response["X-Request-ID"],
        "web",
        "clinician",
    )


def test_fetching_a_client_through_the_api_adds_an_event(cast: Cast) -> None:
    http = HttpClient()
    http.force_login(cast.dana)
    assert http.get(f"/api/v1/clients/{cast.erin.pk}").status_code == 200
    event = AuditEvent.objects.filter(client=cast.erin, action="view").get()
    assert (event.channel, event.user_email) == ("api", "dana@a.test")


def test_a_refused_request_records_no_read_but_the_refusal(cast: Cast) -> None:
    http = HttpClient()
    http.force_login(cast.bob)
    assert http.get(f"/clients/{cast.erin.pk}/").status_code == 404
    assert list(AuditEvent.objects.filter(client=cast.erin).values_list("action", flat=True)) == ["refused"]


def test_the_app_refuses_to_change_or_delete_an_event(cast: Cast) -> None:
    event = _record_three(cast)[0]
    event.action = "update"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="update")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_verify_names_the_event_altered_through_raw_sql(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    events = _record_three(cast)
    call_command("audit", "verify")
    assert "3 events verified" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET user_email = %s WHERE id = %s", ["mallory@x.test", events[1].pk])
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert f"BROKEN at event {events[1].pk}" in capsys.readouterr().err


def test_auditor_filters_events_by_client_and_user(cast: Cast) -> None:
    _record_three(cast)
    audit_record(
        user=cast.dana,
        action="view",
        object_type="client",
        object_id=cast.frank.pk,
        client_id=cast.frank.pk,
        site_id=cast.site_a.pk,
    )
    http = HttpClient()
    http.force_login(cast.ava)
    page = http.get("/audit/", {"client": cast.frank.pk}).content.decode()
    assert "dana@a.test" in page and "alice@a.test" not in page
    page = http.get("/audit/", {"user": "alice@a.test"}).content.decode()
    assert "alice@a.test" in page and "dana@a.test" not in page


def test_auditor_never_sees_another_sites_events(cast: Cast) -> None:
    audit_record(
        user=cast.carol,
        action="view",
        object_type="client",
        object_id=cast.gus.pk,
        client_id=cast.gus.pk,
        site_id=cast.site_b.pk,
    )
    audit_record(
        user=cast.alice,
        action="view",
        object_type="client",
        object_id=cast.erin.pk,
        client_id=cast.erin.pk,
        site_id=cast.site_a.pk,
    )
    http = HttpClient()
    http.force_login(cast.ava)
    response = http.get("/audit/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "alice@a.test" in page and "carol@b.test" not in page


def test_a_bad_date_range_is_a_field_error(cast: Cast) -> None:
    http = HttpClient()
    http.force_login(cast.ava)
    page = http.get("/audit/", {"date_from": "2026-11-20", "date_to": "2026-11-01"}).content.decode()
    assert "The end date is before the start date." in page
