"""Rosters: who may add or remove a client, and the rules a roster keeps."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openiop.accounts.types import Viewer
from openiop.audit.models import AuditEvent
from openiop.clients.models import Client, Episode
from openiop.program import selectors, services
from openiop.program.models import EnrollmentSource, SessionEnrollment
from openiop.program.tests.world import World


def test_the_director_enrolls_a_client_and_it_is_audited(world: World) -> None:
    enrollment = services.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin)
    assert enrollment.source == EnrollmentSource.MANUAL
    event = AuditEvent.objects.filter(object_type="session_enrollment").first()
    assert event is not None and event.client_id == world.cast.erin.pk and event.detail["session"] == world.monday.pk


@pytest.mark.parametrize(
    ("actor", "session", "client", "outcome"),
    [
        ("dana", "monday", "erin", "ok"),
        ("alice", "monday", "erin", "ok"),  # Alice facilitates Monday and Erin is hers
        ("alice", "monday", "frank", "403"),  # Alice facilitates, but may not see Frank
        ("bob", "monday", "frank", "403"),  # Bob may see Frank but does not facilitate Monday
        ("mel", "monday", "erin", "403"),
        ("ivan", "monday", "erin", "403"),
        ("carol", "monday", "erin", "403"),
        ("dana", "monday", "nora", "422"),  # not admitted
        ("dana", "monday", "gus", "403"),  # another site: Dana may not see Gus
        ("dana", "teen_tuesday", "erin", "ok"),  # the director may; eligibility is the plan's business
    ],
)
def test_who_may_add_a_client_to_a_roster(world: World, actor: str, session: str, client: str, outcome: str) -> None:
    def call() -> SessionEnrollment:
        return services.enrollment_add(
            actor=getattr(world.cast, actor), session=getattr(world, session), client=getattr(world.cast, client)
        )

    if outcome == "ok":
        call()
    else:
        with pytest.raises(PermissionDenied if outcome == "403" else ValidationError):
            call()
        assert not SessionEnrollment.objects.exists()


def test_a_client_is_on_a_roster_once(world: World) -> None:
    services.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin)
    with pytest.raises(ValidationError, match="already on this session's roster"):
        services.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin, source="drop-in")


def test_a_full_session_takes_nobody_else(world: World) -> None:
    world.teen_tuesday.capacity = 1
    world.teen_tuesday.save()
    services.enrollment_add(actor=world.cast.dana, session=world.teen_tuesday, client=world.cast.erin)
    with pytest.raises(ValidationError, match=r"full \(1 of 1\)"):
        services.enrollment_add(actor=world.cast.dana, session=world.teen_tuesday, client=world.cast.frank)


def test_a_cancelled_session_takes_nobody(world: World) -> None:
    services.session_cancel(actor=world.cast.dana, session=world.monday, reason="Holiday")
    with pytest.raises(ValidationError, match="cancelled"):
        services.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin)


def test_an_unknown_source_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        services.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin, source="robot")


def test_removing_a_client_is_audited_and_refused_when_not_enrolled(world: World) -> None:
    services.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin)
    services.enrollment_remove(actor=world.cast.alice, session=world.monday, client=world.cast.erin)
    assert not SessionEnrollment.objects.exists()
    assert AuditEvent.objects.filter(object_type="session_enrollment", action="delete").count() == 1
    with pytest.raises(ValidationError):
        services.enrollment_remove(actor=world.cast.dana, session=world.monday, client=world.cast.erin)


def test_the_roster_lists_the_clients_each_person_may_see(world: World) -> None:
    services.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.erin)
    services.enrollment_add(actor=world.cast.dana, session=world.monday, client=world.cast.frank)

    def names(who: Viewer) -> list[str]:
        return [c.legal_first_name for c in selectors.roster_for_session(user=who, session=world.monday)]

    assert names(world.cast.dana) == ["Erin", "Frank"]
    assert names(world.cast.alice) == ["Erin", "Frank"]  # she facilitates: her groups are part of what she sees
    assert names(world.cast.bob) == ["Frank"]
    assert names(world.cast.ivan) == []
    assert AuditEvent.objects.filter(object_type="roster").count() == 4


def test_a_discharged_client_cannot_be_added(world: World) -> None:
    from openiop.clients.services import episode_discharge

    episode = Episode.objects.get(client=world.cast.erin)
    episode_discharge(
        actor=world.cast.dana, episode=episode, discharge_date=episode.admission_date, reason="Done", teds_reason=1
    )
    with pytest.raises(ValidationError, match="Only admitted clients"):
        services.enrollment_add(
            actor=world.cast.dana, session=world.monday, client=Client.objects.get(pk=world.cast.erin.pk)
        )
