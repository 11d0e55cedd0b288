"""Writers appending at once extend the keyed chain one at a time: every link, the head's count
and the checkpoints every N events still agree (real threads and transactions, both databases)."""

import pytest
from django.test import override_settings

from conftest import Cast
from openiop.audit.models import AuditEvent, ChainHead, Checkpoint
from openiop.audit.services import audit_verify, record_read
from openiop.core.tests.threads import at_once


@pytest.mark.django_db(transaction=True)
def test_four_writers_at_once_keep_the_chain_whole(cast: Cast) -> None:
    def write() -> None:
        for _ in range(5):
            record_read(user=cast.alice, instance=cast.erin)

    with override_settings(OPENIOP_AUDIT_CHECKPOINT_EVERY=4):
        at_once(write, write, write, write)
    assert audit_verify() == (20, None)
    head = ChainHead.objects.get(pk=1)
    assert (head.count, head.last_id) == (20, AuditEvent.objects.order_by("-id").values_list("id", flat=True)[0])
    assert list(Checkpoint.objects.values_list("count", flat=True)) == [4, 8, 12, 16, 20]
