"""Two imports of the same feed at once (a timer and a person, or two workers): one waits for the
other under the source's lock, and the result is the same as importing once."""

from pathlib import Path

import pytest

from openiop.aftercare.models import Meeting, MeetingSource
from openiop.aftercare.services.meetings import meetings_import
from openiop.core.tests.threads import at_once

LA = (Path(__file__).parent / "fixtures" / "meeting-guide-la.json").read_bytes()


@pytest.mark.django_db(transaction=True)
def test_two_first_imports_of_the_same_feed_at_once_make_one_source_and_one_set_of_meetings() -> None:
    reports = at_once(
        lambda: meetings_import(actor=None, source="la", data=LA),
        lambda: meetings_import(actor=None, source="la", data=LA),
    )
    assert reports[0] == reports[1] and reports[0]["meetings"] == 8
    assert MeetingSource.objects.filter(slug="la").count() == 1
    assert Meeting.objects.filter(source__slug="la").count() == 8
    assert MeetingSource.objects.get(slug="la").last_changes["created"] == 0  # the second found them
