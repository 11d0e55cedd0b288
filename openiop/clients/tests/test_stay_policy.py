"""The stay's rules in ``accounts/policy/stay.py``, for each member of the cast."""

import pytest

from conftest import Cast
from openiop.accounts import policy
from openiop.clients.models import Episode

STAFF = ["dana", "alice", "bob", "carol", "ivan", "bill", "mel", "ava"]


@pytest.mark.parametrize(
    ("person", "expected"),
    [("dana", True), ("alice", True), ("bob", False), ("carol", False), ("ivan", False), ("bill", False),
     ("mel", False), ("ava", False)],
)  # fmt: skip
def test_who_may_manage_erins_episode(cast: Cast, person: str, expected: bool) -> None:
    episode = Episode.objects.get(client=cast.erin)
    assert policy.can_manage_episode(getattr(cast, person), episode) is expected


@pytest.mark.parametrize(
    ("person", "expected"),
    [("dana", True), ("alice", False), ("bob", False), ("carol", False), ("ivan", False), ("bill", False),
     ("mel", False), ("ava", False)],
)  # fmt: skip
def test_who_may_transfer_erin_to_site_b(cast: Cast, person: str, expected: bool) -> None:
    episode = Episode.objects.get(client=cast.erin)
    assert policy.can_transfer_episode(getattr(cast, person), episode, cast.site_b) is expected


@pytest.mark.parametrize("person", STAFF)
def test_who_may_decide_a_level_at_site_a(cast: Cast, person: str) -> None:
    assert policy.can_decide_level_at(getattr(cast, person), cast.site_a.pk) is (person in ("dana", "alice", "bob"))


@pytest.mark.parametrize("person", STAFF)
def test_who_works_on_stays_and_who_sees_the_whole_site(cast: Cast, person: str) -> None:
    user = getattr(cast, person)
    assert bool(policy.stay_sites(user)) is (person in ("dana", "alice", "bob", "carol"))
    assert policy.sees_whole_site_stays(user, cast.site_a.pk) is (person == "dana")


@pytest.mark.parametrize(
    ("person", "expected"),
    [("dana", True), ("alice", True), ("bob", False), ("carol", False), ("mel", False), ("bill", False)],
)
def test_who_may_act_on_a_follow_up_assigned_to_alice(cast: Cast, person: str, expected: bool) -> None:
    from openiop.clients.tests.stay_factories import followup

    assert policy.can_follow_up(getattr(cast, person), followup(cast)) is expected
