"""The role table of the design, client by client."""

import pytest

from conftest import Cast
from openiop.accounts import policy
from openiop.clients.models import CareTeamMember

# who → (clients visible, may change Erin, may read Erin's narratives)
TABLE = {
    "dana": ({"erin", "frank", "nora"}, True, True),  # director: every client of the site
    "alice": ({"erin"}, True, True),  # clinician: own caseload only
    "bob": ({"frank"}, False, False),  # another caseload at the same site
    "carol": ({"gus"}, False, False),  # nobody sees another site's clients
    "ivan": ({"nora"}, False, False),  # intake: only until admission
    "bill": ({"erin", "frank", "nora"}, False, False),  # billing: demographics, never narratives
    "mel": ({"erin", "frank", "nora"}, False, True),  # medical: every client of the site, no edits
    "ava": (set(), False, False),  # auditor: audit data, no charts
}


@pytest.mark.parametrize("person", sorted(TABLE))
def test_each_role_sees_exactly_its_clients(cast: Cast, person: str) -> None:
    user = cast.staff()[person]
    names = {c.legal_first_name.lower() for c in policy.clients_for(user)}
    visible, can_change, narratives = TABLE[person]
    assert names == visible
    assert policy.can_change_client(user, cast.erin) is can_change
    assert policy.can_view_narratives(user, cast.erin) is narratives


def test_a_client_sees_only_themself(cast: Cast) -> None:
    assert list(policy.clients_for(cast.erin_user)) == [cast.erin]
    assert policy.can_view_client(cast.erin_user, cast.erin)
    assert not policy.can_view_client(cast.erin_user, cast.frank)
    assert not policy.can_change_client(cast.erin_user, cast.erin)
    assert policy.primary_role(cast.erin_user) == "client"


def test_a_clinician_on_the_care_team_sees_the_client(cast: Cast) -> None:
    CareTeamMember.objects.create(client=cast.erin, user=cast.bob, responsibility="individual therapist")
    assert policy.can_view_client(cast.bob, cast.erin)


def test_a_care_team_entry_never_crosses_sites(cast: Cast) -> None:
    CareTeamMember.objects.create(client=cast.erin, user=cast.carol)
    assert not policy.can_view_client(cast.carol, cast.erin)


def test_an_anonymous_visitor_sees_nobody(cast: Cast) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert list(policy.clients_for(AnonymousUser())) == []
