"""The session roster asks the policy (``policy.can_change_roster``): the site's director or a
facilitator who is a clinician there; a facilitator in another role, a clinician who does not
facilitate and staff of another site are refused, and the roster does not change."""

import pytest
from django.test import Client as HttpClient

from openiop.program.models import SessionEnrollment
from openiop.program.tests.world import World

# who posts a drop-in for Erin on Monday's group (Alice facilitates it; Mel is added as a
# second facilitator) → status of the answer
TABLE = {"dana": 302, "alice": 302, "mel": 403, "bob": 403, "ivan": 403, "bill": 403, "carol": 404}


@pytest.mark.parametrize("person", sorted(TABLE))
def test_only_the_director_or_a_clinician_facilitator_changes_the_roster(world: World, person: str) -> None:
    world.monday.facilitators.add(world.cast.mel)
    http = HttpClient()
    http.force_login(world.cast.staff()[person])
    url = f"/program/sessions/{world.monday.pk}/roster/"
    response = http.post(url, {"client": world.cast.erin.pk, "source": "drop-in"})
    assert response.status_code == TABLE[person]
    assert SessionEnrollment.objects.filter(session=world.monday).exists() is (TABLE[person] == 302)


def test_a_facilitator_who_is_not_a_clinician_is_not_offered_the_roster_form(world: World) -> None:
    world.monday.facilitators.add(world.cast.mel)
    http = HttpClient()
    http.force_login(world.cast.mel)
    page = http.get(f"/program/sessions/{world.monday.pk}/")
    assert page.status_code == 200 and "Add to the roster" not in page.content.decode()
