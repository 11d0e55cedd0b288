"""One table per rule of ``openiop.accounts.policy``: who of the shared cast gets a yes.

Each test runs once per person of the cast (Dana director A, Alice and Bob clinicians A, Carol
clinician B, Ivan intake A, Bill billing A, Mel medical A, Ava auditor A, Erin a client with a
login); ``ALLOWED`` names who gets a yes, everyone else gets a no. Erin is Alice's client at site
A; the group session and the assessment are at site A, facilitated by / booked with Alice.
"""

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from conftest import Cast
from openiop.accounts import policy
from openiop.accounts.models import User

PEOPLE = ["dana", "alice", "bob", "carol", "ivan", "bill", "mel", "ava", "erin"]


def person(cast: Cast, name: str) -> User:
    return cast.erin_user if name == "erin" else cast.staff()[name]


def session_at_a(cast: Cast) -> Any:
    """A group session of site A facilitated by Alice (only its site and facilitators matter)."""
    return SimpleNamespace(site_id=cast.site_a.pk, facilitators=SimpleNamespace(all=lambda: [cast.alice]))


def assessment_at_a(cast: Cast) -> Any:
    """An open assessment at site A booked with Alice for Erin."""
    return SimpleNamespace(site_id=cast.site_a.pk, is_open=True, clinician_id=cast.alice.pk, client=cast.erin)


Rule = Callable[[Cast, User], object]


def check(cast: Cast, name: str, rule: Rule, allowed: set[str]) -> None:
    assert bool(rule(cast, person(cast, name))) is (name in allowed)


@pytest.mark.parametrize("name", PEOPLE)
def test_only_the_director_directs_the_site(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.directs_site(u, c.site_a.pk), {"dana"})


@pytest.mark.parametrize("name", PEOPLE)
def test_only_the_director_configures_the_site(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_configure_site(u, c.site_a.pk), {"dana"})


@pytest.mark.parametrize("name", PEOPLE)
def test_clinicians_are_clinicians_of_their_own_site_only(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.is_clinician_at(u, c.site_a.pk), {"alice", "bob"})


@pytest.mark.parametrize("name", PEOPLE)
def test_directors_clinicians_and_intake_create_clients(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_create_client_at(u, c.site_a.pk), {"dana", "alice", "bob", "ivan"})


@pytest.mark.parametrize("name", PEOPLE)
def test_auditors_and_directors_read_the_audit_trail(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_read_audit(u), {"dana", "ava"})


@pytest.mark.parametrize("name", PEOPLE)
def test_only_the_auditor_is_sent_to_the_audit_trail_as_home(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.audits_only(u), {"ava"})


@pytest.mark.parametrize("name", PEOPLE)
def test_clinicians_see_a_caseload_on_their_home_page(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.home_shows_caseload(u), {"alice", "bob", "carol"})


@pytest.mark.parametrize("name", PEOPLE)
def test_directors_and_intake_create_inquiries(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_create_inquiry_at(u, c.site_a.pk), {"dana", "ivan"})


@pytest.mark.parametrize("name", PEOPLE)
def test_assessments_are_booked_with_clinicians_or_directors(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_hold_assessment(u, c.site_a.pk), {"dana", "alice", "bob"})


@pytest.mark.parametrize("name", PEOPLE)
def test_directors_medical_and_intake_see_every_open_assessment_of_the_site(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: c.site_a.pk in policy.assessment_worklist_sites(u), {"dana", "mel", "ivan"})


@pytest.mark.parametrize("name", PEOPLE)
def test_directors_medical_staff_and_the_booked_clinician_edit_an_assessment(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_edit_assessment(u, assessment_at_a(c)), {"dana", "alice", "mel"})


@pytest.mark.parametrize("name", PEOPLE)
def test_the_director_and_the_booked_clinician_sign_an_assessment(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_sign_assessment(u, assessment_at_a(c)), {"dana", "alice"})


@pytest.mark.parametrize("name", PEOPLE)
def test_medical_staff_co_sign_assessments(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_cosign(u, assessment_at_a(c)), {"mel"})


@pytest.mark.parametrize("name", PEOPLE)
def test_directors_and_clinicians_who_see_the_client_write_notes(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_write_notes(u, c.erin), {"dana", "alice"})


@pytest.mark.parametrize("name", PEOPLE)
def test_medical_staff_also_record_drug_screens(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_record_screens(u, c.erin), {"dana", "alice", "mel"})


@pytest.mark.parametrize("name", PEOPLE)
def test_the_director_or_a_clinician_facilitator_runs_a_session(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_run_session(u, session_at_a(c)), {"dana", "alice"})


@pytest.mark.parametrize("name", PEOPLE)
def test_the_director_or_a_clinician_facilitator_changes_the_roster(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_change_roster(u, session_at_a(c)), {"dana", "alice"})


def test_a_facilitator_who_is_not_a_clinician_does_not_change_the_roster(cast: Cast) -> None:
    session = SimpleNamespace(site_id=cast.site_a.pk, facilitators=SimpleNamespace(all=lambda: [cast.mel]))
    assert not policy.can_change_roster(cast.mel, session)


@pytest.mark.parametrize("name", PEOPLE)
def test_clinical_staff_and_billing_see_the_sites_sessions(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_see_session(u, session_at_a(c)), {"dana", "alice", "bob", "mel", "bill"})


@pytest.mark.parametrize("name", PEOPLE)
def test_interns_are_clinicians_and_supervisors_treat(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_be_intern_at(u, c.site_a.pk), {"alice", "bob"})
    check(cast, name, lambda c, u: policy.can_supervise_at(u, c.site_a.pk), {"dana", "alice", "bob"})


@pytest.mark.parametrize("name", PEOPLE)
def test_anyone_with_a_role_at_the_site_works_there(cast: Cast, name: str) -> None:
    site_a = {"dana", "alice", "bob", "ivan", "bill", "mel", "ava"}
    check(cast, name, lambda c, u: policy.works_at(u, c.site_a.pk), site_a)


@pytest.mark.parametrize("name", PEOPLE)
def test_the_director_or_the_member_themself_sees_staff_hours(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_see_staff_hours(u, c.site_a.pk, c.alice.pk), {"dana", "alice"})


RECORDED_AS = {"dana": "clinician", "alice": "clinician", "mel": "medical", "erin": "client"}


@pytest.mark.parametrize("name", PEOPLE)
def test_a_measure_is_recorded_under_the_recorders_role(cast: Cast, name: str) -> None:
    assert policy.recording_role(person(cast, name), cast.erin) == RECORDED_AS.get(name)


@pytest.mark.parametrize("name", PEOPLE)
def test_staff_with_a_recording_role_at_the_site_record_measures(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_record_measures(u, c.erin), {"dana", "alice", "bob", "ivan", "mel"})


@pytest.mark.parametrize("name", PEOPLE)
def test_staff_who_read_the_narratives_act_on_alerts(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_act_on_alerts(u, c.erin), {"dana", "alice", "mel"})


@pytest.mark.parametrize("name", PEOPLE)
def test_only_the_director_rescores(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_rescore(u, c.erin), {"dana"})


@pytest.mark.parametrize("name", PEOPLE)
def test_only_directors_edit_the_directory_and_consent_wording(cast: Cast, name: str) -> None:
    check(cast, name, lambda c, u: policy.can_edit_directory(u, c.site_a.pk), {"dana"})
    check(cast, name, lambda c, u: policy.can_change_consent_wording(u), {"dana"})


def test_every_rule_of_the_sub_modules_is_asked_through_the_package() -> None:
    import importlib
    import inspect
    import pkgutil

    missing = [
        f"{info.name}.{name}"
        for info in pkgutil.iter_modules(policy.__path__)
        for name, value in vars(importlib.import_module(f"{policy.__name__}.{info.name}")).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or isinstance(value, frozenset))
        and getattr(value, "__module__", f"{policy.__name__}.{info.name}") == f"{policy.__name__}.{info.name}"
        and name not in policy.__all__
    ]
    assert missing == []


@pytest.mark.parametrize("name", PEOPLE)
def test_a_view_may_be_guarded_by_a_named_rule_as_well_as_a_role_set(cast: Cast, name: str) -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse
    from django.test import RequestFactory

    from openiop.accounts.decorators import staff_required

    by_rule = staff_required(policy.can_read_audit)(lambda request: HttpResponse("ok"))
    by_roles = staff_required(policy.AUDIT_ROLES)(lambda request: HttpResponse("ok"))
    for view in (by_rule, by_roles):
        request = RequestFactory().get("/")
        request.user = person(cast, name)
        try:
            allowed = view(request).status_code == 200
        except PermissionDenied:
            allowed = False
        assert allowed is (name in {"dana", "ava"})


@pytest.mark.parametrize("name", PEOPLE)
def test_only_the_authors_supervisor_co_signs_a_note(cast: Cast, name: str) -> None:
    from openiop.clinical.models import Supervision

    Supervision.objects.create(user=cast.bob, site=cast.site_a, supervisor=cast.dana)
    note: Any = SimpleNamespace(author_id=cast.bob.pk, site_id=cast.site_a.pk)
    check(cast, name, lambda c, u: policy.can_cosign_note(u, note), {"dana"})
