"""Two kick-offs by one user at the same moment start one export; the other answers 429.

Real threads with their own connections and transactions: the check before the insert can pass
in both, and then the database's partial unique index (one queued or running export per user)
refuses the second insert, which the service turns into ExportBusyError."""

import pytest
from pytest_django.fixtures import Settings

from conftest import Cast
from openiop.core.tests.threads import at_once
from openiop.fhir.models import BulkExport
from openiop.fhir.tests.conftest import Fhir, make_token


@pytest.mark.django_db(transaction=True)
def test_two_kick_offs_at_once_start_one_export(cast: Cast, settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    token = make_token(cast.dana)

    def kick_off() -> int:
        response = Fhir(token).get("/fhir/r4/Patient/$export", Prefer="respond-async")
        return int(response.status_code)

    assert sorted(at_once(kick_off, kick_off)) == [202, 429]
    assert BulkExport.objects.count() == 1
