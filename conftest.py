"""The one shared cast of people for every test (design, rules of the house 6).

Dana (director, site A), Alice (clinician, site A), Bob (clinician, site A, not Alice's caseload),
Carol (clinician, site B), Ivan (intake, site A), Bill (billing, site A), Mel (medical, site A),
Ava (auditor, site A); Erin (client of Alice, has a login), Frank (client of Bob, has a login),
Gus (client of Carol at site B), Nora (site A, not yet admitted).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from openiop.accounts.models import Membership, Organization, Role, Site, User
from openiop.clients.models import Client, Episode

PASSWORD = "correct-horse-battery-9"  # noqa: S105 - the test cast's password


@dataclass
class Cast:
    site_a: Site
    site_b: Site
    dana: User
    alice: User
    bob: User
    carol: User
    ivan: User
    bill: User
    mel: User
    ava: User
    erin_user: User
    frank_user: User
    erin: Client
    frank: Client
    gus: Client
    nora: Client

    def staff(self) -> dict[str, User]:
        return {n: getattr(self, n) for n in ("dana", "alice", "bob", "carol", "ivan", "bill", "mel", "ava")}

    def everyone(self) -> dict[str, User | None]:
        return {"anonymous": None, **self.staff(), "erin": self.erin_user, "frank": self.frank_user}


def make_user(email: str, name: str, site: Site | None = None, role: str | None = None) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=name)
    if site is not None and role is not None:
        Membership.objects.create(user=user, site=site, role=role)
    return user


def make_client(site: Site, first: str, last: str, clinician: User | None, **extra: object) -> Client:
    client = Client.objects.create(
        site=site,
        legal_first_name=first,
        legal_last_name=last,
        date_of_birth=dt.date(1990, 5, 17),
        sex_assigned_at_birth="female",
        phone="(310) 555-0142",
        **extra,
    )
    if clinician is not None:
        Episode.objects.create(
            client=client,
            site=site,
            admission_date=dt.date(2026, 11, 2),
            primary_clinician=clinician,
            prescribed_hours_per_week=Decimal(12),
        )
    return client


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """allauth keeps login rate limits in the cache; each test starts without them."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


def build_cast() -> Cast:
    org = Organization.objects.create(name="Test Org")
    site_a = Site.objects.create(organization=org, name="Site A", time_zone="America/Los_Angeles")
    site_b = Site.objects.create(organization=org, name="Site B", time_zone="America/New_York")
    alice = make_user("alice@a.test", "Alice", site_a, Role.CLINICIAN)
    bob = make_user("bob@a.test", "Bob", site_a, Role.CLINICIAN)
    carol = make_user("carol@b.test", "Carol", site_b, Role.CLINICIAN)
    erin_user = make_user("erin@client.test", "Erin")
    frank_user = make_user("frank@client.test", "Frank")
    return Cast(
        site_a=site_a,
        site_b=site_b,
        dana=make_user("dana@a.test", "Dana", site_a, Role.DIRECTOR),
        alice=alice,
        bob=bob,
        carol=carol,
        ivan=make_user("ivan@a.test", "Ivan", site_a, Role.INTAKE),
        bill=make_user("bill@a.test", "Bill", site_a, Role.BILLING),
        mel=make_user("mel@a.test", "Mel", site_a, Role.MEDICAL),
        ava=make_user("ava@a.test", "Ava", site_a, Role.AUDITOR),
        erin_user=erin_user,
        frank_user=frank_user,
        erin=make_client(site_a, "Erin", "Castillo", alice, user=erin_user),
        frank=make_client(site_a, "Frank", "Reyes", bob, user=frank_user),
        gus=make_client(site_b, "Gus", "Ortega", carol),
        nora=make_client(site_a, "Nora", "Inquiry", None),
    )
