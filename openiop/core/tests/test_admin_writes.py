"""Changes made in the Django admin go through the services: checked by the policy and audited
with their old and new values, through the admin's own change views."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import models
from django.test import Client as HttpClient

from conftest import Cast, make_user
from openiop.accounts.models import Membership, Site, User
from openiop.audit.models import AuditEvent
from openiop.audit.services import audit_verify
from openiop.clinical.models import ClinicalSettings, Supervision
from openiop.intake.models import IntakeSettings
from openiop.measures.models import Cadence, ScoringConfig


@dataclass(frozen=True)
class Change:
    """One admin change page: the row, the form it posts, and the change it must record."""

    url: str
    make: Callable[[Cast, Site], models.Model]
    post: Callable[[Cast, Site], dict[str, Any]]
    changes: Callable[[Cast], dict[str, Any]]


def _membership(cast: Cast, site: Site) -> Membership:
    user = make_user("pat@example.org", "Pat", site, "intake")
    return Membership.objects.get(user=user)


def _supervision(cast: Cast, site: Site) -> Supervision:
    return Supervision.objects.create(user=cast.bob, supervisor=cast.alice, site=site)


CHANGES = {
    "a membership's role": Change(
        "accounts/membership",
        _membership,
        lambda cast, site: {"site": site.pk, "role": "clinician"},
        lambda cast: {"role": {"old": "intake", "new": "clinician"}},
    ),
    "a cadence": Change(
        "measures/cadence",
        lambda cast, site: Cadence.objects.create(site=site, instrument="phq9", every_n_days=7),
        lambda cast, site: {"at_admission": "on", "every_n_days": "14"},
        lambda cast: {"every_n_days": {"old": 7, "new": 14}, "at_admission": {"old": False, "new": True}},
    ),
    "a scoring cut-off": Change(
        "measures/scoringconfig",
        lambda cast, site: ScoringConfig.objects.create(site=site, instrument="dast10", config={"positive_cutoff": 3}),
        lambda cast, site: {"config": '{"positive_cutoff": 6}'},
        lambda cast: {"config": {"old": {"positive_cutoff": 3}, "new": {"positive_cutoff": 6}}},
    ),
    "a site's clinical settings": Change(
        "clinical/clinicalsettings",
        lambda cast, site: ClinicalSettings.objects.create(site=site),
        lambda cast, site: {
            "note_format": "soap",
            "billable_day_minutes": "180",
            "plan_review_days": "30",
            "late_note_hours": "72",
            "clone_threshold": "0.50",
        },
        lambda cast: {"note_format": {"old": "dap", "new": "soap"}},
    ),
    "a site's intake settings": Change(
        "intake/intakesettings",
        lambda cast, site: IntakeSettings.objects.create(site=site),
        lambda cast, site: {"public_email": "help@example.org", "placement_thresholds": "{}"},
        lambda cast: {"public_email": {"old": "", "new": "help@example.org"}},
    ),
    "an intern's supervisor": Change(
        "clinical/supervision",
        _supervision,
        lambda cast, site: {"supervisor": cast.dana.pk},
        lambda cast: {"supervisor": {"old": cast.alice.pk, "new": cast.dana.pk}},
    ),
}


def _superuser() -> User:
    user = make_user("root@example.org", "Root")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def _staff_with_admin_rights(user: User) -> User:
    """The user may use the admin for configuration (the policy still decides per site)."""
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(codename__regex=r"^(view|change|add|delete)_"))
    return User.objects.get(pk=user.pk)


def _post(user: User, change: Change, row: models.Model, data: dict[str, Any]) -> int:
    http = HttpClient()
    http.force_login(user)
    return http.post(f"/admin/{change.url}/{row.pk}/change/", data).status_code


@pytest.mark.parametrize("what", list(CHANGES))
def test_a_change_in_the_admin_leaves_an_audit_event_with_old_and_new_values(cast: Cast, what: str) -> None:
    change = CHANGES[what]
    row = change.make(cast, cast.site_a)
    root = _superuser()
    assert _post(root, change, row, change.post(cast, cast.site_a)) == 302
    event = AuditEvent.objects.get(action="update")
    assert (event.user, event.object_id, event.site_id) == (root, str(row.pk), cast.site_a.pk)
    assert event.detail["changes"] == change.changes(cast)
    assert audit_verify() == (AuditEvent.objects.count(), None)


@pytest.mark.parametrize("what", list(CHANGES))
@pytest.mark.parametrize(
    ("site", "allowed"), [("site_a", True), ("site_b", False)], ids=["at their site", "at another site"]
)
def test_a_director_changes_configuration_in_the_admin_only_at_their_own_site(
    cast: Cast, what: str, site: str, allowed: bool
) -> None:
    change = CHANGES[what]
    where: Site = getattr(cast, site)
    row = change.make(cast, where)
    if isinstance(row, Supervision) and not allowed:
        Membership.objects.create(user=cast.bob, site=where, role="clinician")
        Membership.objects.create(user=cast.alice, site=where, role="clinician")
    status = _post(_staff_with_admin_rights(cast.dana), change, row, change.post(cast, where))
    assert status == (302 if allowed else 403)
    assert AuditEvent.objects.filter(action="update").exists() is allowed


def test_deleting_a_cadence_in_the_admin_records_its_old_values(cast: Cast) -> None:
    cadence = Cadence.objects.create(site=cast.site_a, instrument="gad7", every_n_days=7)
    http = HttpClient()
    http.force_login(_superuser())
    response = http.post(f"/admin/measures/cadence/{cadence.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Cadence.objects.exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.detail["changes"]["every_n_days"] == {"old": 7, "new": None}


def test_a_membership_is_not_edited_on_the_users_page(cast: Cast) -> None:
    http = HttpClient()
    http.force_login(_superuser())
    page = http.get(f"/admin/accounts/user/{cast.alice.pk}/change/").content.decode()
    assert 'name="memberships-0-role"' not in page
