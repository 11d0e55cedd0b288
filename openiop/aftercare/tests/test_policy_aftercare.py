"""One table per aftercare rule of ``openiop.accounts.policy`` (the shared cast; Erin is Alice's
client at site A). Kept beside the app because accounts' own table belongs to accounts."""

import pytest

from conftest import Cast
from openiop.accounts import policy
from openiop.accounts.tests.test_policy_rules import PEOPLE, check


@pytest.mark.parametrize("name", PEOPLE)
def test_every_staff_role_but_the_auditor_and_clients_find_meetings(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_find_meetings(u), set(PEOPLE) - {"ava"})


@pytest.mark.parametrize("name", PEOPLE)
def test_only_directors_manage_meeting_feeds(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_manage_meeting_feeds(u), {"dana"})


@pytest.mark.parametrize("name", PEOPLE)
def test_the_aftercare_plan_is_read_by_those_who_read_narratives_and_the_client(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_read_aftercare(u, c.erin), {"dana", "alice", "mel", "erin"})


@pytest.mark.parametrize("name", PEOPLE)
def test_directors_and_clinicians_who_see_the_client_write_the_aftercare_plan(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_write_aftercare(u, c.erin), {"dana", "alice"})


@pytest.mark.parametrize("name", PEOPLE)
def test_participation_is_logged_by_the_plans_writers_and_the_client_themself(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_log_participation(u, c.erin), {"dana", "alice", "erin"})
