"""A clinician also sees the clients enrolled in the group sessions they facilitate."""

import pytest

from openiop.accounts import policy
from openiop.program import services
from openiop.program.tests.world import World


@pytest.mark.parametrize(
    ("viewer", "client", "enrolled_in", "visible"),
    [
        ("bob", "erin", None, False),  # not his caseload, not in his groups
        ("bob", "erin", "teen_tuesday", True),  # Erin is in a group Bob facilitates
        ("bob", "erin", "monday", False),  # Erin is in Alice's group, not Bob's
        ("alice", "frank", "monday", True),  # Frank is in Alice's group
        ("carol", "erin", "teen_tuesday", False),  # another site, whatever the groups
        ("ivan", "erin", "teen_tuesday", False),  # intake: admitted clients stay out of sight
    ],
)
def test_group_enrolment_widens_a_clinicians_view(
    world: World, viewer: str, client: str, enrolled_in: str | None, visible: bool
) -> None:
    target = getattr(world.cast, client)
    if enrolled_in is not None:
        services.enrollment_add(actor=world.cast.dana, session=getattr(world, enrolled_in), client=target)
    assert policy.can_view_client(getattr(world.cast, viewer), target) is visible
