import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from conftest import Cast
from openiop.audit.changes import snapshot
from openiop.audit.models import AuditEvent
from openiop.audit.services import audit_verify, record_change, record_create, record_delete, record_list, record_read
from openiop.clients.models import Episode
from openiop.measures.models import Cadence


def _cadence(cast: Cast) -> Cadence:
    return Cadence.objects.create(site=cast.site_a, instrument="phq9", every_n_days=7)


def _update_cadence(cast: Cast) -> AuditEvent:
    cadence = _cadence(cast)
    before = snapshot(cadence)
    cadence.every_n_days, cadence.at_intake = 14, True
    cadence.save()
    return record_change(actor=cast.dana, instance=cadence, before=before)


def _create_cadence(cast: Cast) -> AuditEvent:
    return record_create(actor=cast.dana, instance=_cadence(cast))


def _delete_cadence(cast: Cast) -> AuditEvent:
    cadence = _cadence(cast)
    event = record_delete(actor=cast.dana, instance=cadence)
    cadence.delete()
    return event


def _discharge_reason(cast: Cast) -> AuditEvent:
    episode = Episode.objects.filter(client=cast.erin).first()
    assert episode is not None
    before = snapshot(episode)
    episode.status, episode.discharge_reason = "discharged", "Moved out of state"
    episode.discharge_date = dt.date(2026, 11, 30)
    episode.save()
    return record_change(actor=cast.alice, instance=episode, before=before)


def _password(cast: Cast) -> AuditEvent:
    before = snapshot(cast.bob)
    cast.bob.set_password("another long passphrase")
    cast.bob.save()
    return record_change(actor=cast.dana, instance=cast.bob, before=before)


@pytest.mark.parametrize(
    ("write", "changes"),
    [
        (_update_cadence, {"every_n_days": {"old": 7, "new": 14}, "at_intake": {"old": False, "new": True}}),
        (
            _create_cadence,
            {
                "site": {"old": None, "new": "SITE_A"},
                "instrument": {"old": None, "new": "phq9"},
                "every_n_days": {"old": None, "new": 7},
                "at_intake": {"old": None, "new": False},
                "at_admission": {"old": None, "new": False},
            },
        ),
        (
            _delete_cadence,
            {
                "site": {"old": "SITE_A", "new": None},
                "instrument": {"old": "phq9", "new": None},
                "every_n_days": {"old": 7, "new": None},
                "at_intake": {"old": False, "new": None},
                "at_admission": {"old": False, "new": None},
            },
        ),
        (
            _discharge_reason,
            {
                "discharge_reason": {"old_length": 0, "new_length": 18},
                "discharge_date": {"old": None, "new": "2026-11-30"},
                "status": {"old": "active", "new": "discharged"},
            },
        ),
        (_password, {"password": {"changed": True}}),
    ],
    ids=[
        "an update records the old and new value of each changed field",
        "a new row records the values it was given",
        "a deleted row records the values it had",
        "free text of a client's record is recorded by its length only",
        "a secret is recorded as changed and nothing more",
    ],
)
def test_a_recorded_change_holds_what_the_auditor_may_see(
    cast: Cast, write: Callable[[Cast], AuditEvent], changes: dict[str, Any]
) -> None:
    event = write(cast)
    expected = {
        name: {k: cast.site_a.pk if v == "SITE_A" else v for k, v in change.items()} for name, change in changes.items()
    }
    assert event.detail["changes"] == expected


def test_a_change_to_a_client_row_names_the_client_and_the_site(cast: Cast) -> None:
    event = _discharge_reason(cast)
    assert (event.object_type, event.client_id, event.site_id) == ("episode", cast.erin.pk, cast.site_a.pk)


def test_reads_and_lists_name_the_client_and_what_was_shown(cast: Cast) -> None:
    read = record_read(user=cast.alice, instance=cast.erin)
    listed = record_list(user=cast.alice, object_type="client", shown=[cast.erin.pk, cast.frank.pk])
    assert (read.action, read.object_type, read.client_id, read.site_id) == (
        "view",
        "client",
        cast.erin.pk,
        cast.site_a.pk,
    )
    assert (listed.action, listed.detail) == ("list", {"shown": [cast.erin.pk, cast.frank.pk]})


def test_the_chain_still_verifies_after_recorded_changes(cast: Cast) -> None:
    _update_cadence(cast)
    _discharge_reason(cast)
    assert audit_verify() == (AuditEvent.objects.count(), None)
