"""Deterministic demo data: one organization, two sites, the design's cast, about 40 clients.

Every row is looked up before it is created, so running the seed again changes nothing.
"""

import datetime as dt
import importlib
import importlib.util
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from openiop.accounts.models import Membership, Organization, Role, Site, User
from openiop.clients import services as client_services
from openiop.clients.models import Client, DischargeReason, Episode, UseFrequency
from openiop.core.time import today_in

# Each app adds its part of the demo through ``<app>/demo.py``:
# ``seed(*, people: dict[str, User], sites: dict[str, Site], today: date) -> dict[str, int]`` (idempotent;
# returns how many rows of each kind it created, so a second run reports zeros).
DEMO_MODULES = [
    "openiop.measures.demo",
    "openiop.intake.demo",
    "openiop.consents.demo",
    "openiop.program.demo",
    "openiop.scheduling.demo",
    "openiop.clinical.demo",
    "openiop.billing.demo",
]
DEMO_PASSWORD = "openiop-demo-2026"  # noqa: S105 - printed by `make demo` and in the README on purpose


@dataclass(frozen=True)
class Person:
    key: str
    email: str
    full_name: str
    role: str
    site: str


SITE_A = "Westside IOP"
SITE_B = "Pasadena IOP"
STAFF = [
    Person("dana", "dana@westside.example", "Dana Whitfield", Role.DIRECTOR, SITE_A),
    Person("alice", "alice@westside.example", "Alice Moreno", Role.CLINICIAN, SITE_A),
    Person("bob", "bob@westside.example", "Bob Okafor", Role.CLINICIAN, SITE_A),
    Person("mel", "mel@westside.example", "Mel Tanaka, RN", Role.MEDICAL, SITE_A),
    Person("ivan", "ivan@westside.example", "Ivan Petrov", Role.INTAKE, SITE_A),
    Person("bill", "bill@westside.example", "Bill Hughes", Role.BILLING, SITE_A),
    Person("ava", "ava@westside.example", "Ava Lindqvist", Role.AUDITOR, SITE_A),
    Person("omar", "omar@pasadena.example", "Omar Haddad", Role.DIRECTOR, SITE_B),
    Person("carol", "carol@pasadena.example", "Carol Nguyen", Role.CLINICIAN, SITE_B),
]

# (first, last, preferred, sex at birth, gender identity, pronouns, language, age)
CLIENTS = [
    ("Erin", "Castillo", "", "female", "woman", "she/her", "en", 29),
    ("Franklin", "Reyes", "Frank", "male", "man", "he/him", "en", 41),
    ("María José", "Hernández", "Majo", "female", "woman", "ella", "es", 34),
    ("Jamal", "Washington", "", "male", "man", "he/him", "en", 26),
    ("Sofía", "Ramírez", "", "female", "woman", "ella", "es", 16),
    ("Tyler", "Brooks", "", "male", "man", "he/him", "en", 17),
    ("Alex", "Kim", "", "female", "nonbinary", "they/them", "en", 23),
    ("Guadalupe", "Flores", "Lupe", "female", "woman", "ella", "es", 52),
    ("Daniel", "Cohen", "Danny", "male", "man", "he/him", "en", 38),
    ("Priya", "Raman", "", "female", "woman", "she/her", "en", 31),
    ("Luis", "Mendoza", "", "male", "man", "él", "es", 45),
    ("Hannah", "Schultz", "", "female", "woman", "she/her", "en", 19),
    ("Marcus", "Johnson", "", "male", "man", "he/him", "en", 57),
    ("Rosa", "Delgado", "", "female", "woman", "ella", "es", 63),
    ("Jordan", "Lee", "", "male", "trans-woman", "she/her", "en", 27),
    ("Kevin", "O'Brien", "", "male", "man", "he/him", "en", 35),
    ("Aaliyah", "Thomas", "", "female", "woman", "she/her", "en", 15),
    ("Javier", "Ortega", "", "male", "man", "él", "es", 22),
    ("Emily", "Nguyen", "Em", "female", "woman", "she/her", "en", 44),
    ("Samuel", "Goldberg", "Sam", "female", "trans-man", "he/him", "en", 30),
    ("Carmen", "Vega", "", "female", "woman", "ella", "es", 48),
    ("Tomás", "Aguilar", "", "male", "man", "él", "es", 16),
    ("Olivia", "Martin", "Liv", "female", "woman", "she/her", "en", 25),
    ("Ethan", "Clarke", "", "male", "man", "he/him", "en", 33),
    ("Nadia", "Haddad", "", "female", "woman", "she/her", "en", 39),
    ("Rafael", "Cruz", "", "male", "man", "él", "es", 60),
    ("Grace", "Park", "", "female", "woman", "she/her", "en", 28),
    ("Dominic", "Russo", "Dom", "male", "man", "he/him", "en", 47),
    ("Valentina", "Morales", "Vale", "female", "woman", "ella", "es", 21),
    ("Riley", "Evans", "", "intersex", "nonbinary", "they/them", "en", 24),
    ("Isaac", "Bennett", "", "male", "man", "he/him", "en", 36),
    ("Ana", "Lucero", "", "female", "woman", "ella", "es", 17),
    ("Chris", "Walker", "", "male", "declined", "", "en", 42),
    ("Mei", "Chen", "", "female", "woman", "she/her", "en", 55),
    ("Diego", "Salazar", "", "male", "man", "él", "es", 32),
    ("Brianna", "Foster", "Bri", "female", "woman", "she/her", "en", 20),
    ("Noah", "Fischer", "", "male", "man", "he/him", "en", 50),
    ("Lucía", "Paredes", "", "female", "woman", "ella", "es", 37),
    ("Owen", "Murphy", "", "male", "man", "he/him", "en", 29),
    ("Zoe", "Adams", "", "female", "woman", "she/her", "en", 26),
]
DEMO_TIME_ZONE = "America/Los_Angeles"
CLIENT_LOGINS = {"Castillo": "erin@example.com", "Reyes": "frank@example.com"}
TRACKS = ["Adult substance use — mornings", "Adult substance use — evenings", "Mood and anxiety", "Eating disorders"]
PAYERS = [
    "Blue Shield of California",
    "Anthem Blue Cross",
    "Aetna",
    "Kaiser Permanente",
    "Medi-Cal",
    "UnitedHealthcare",
]


def seed_demo() -> dict[str, int]:
    """Create whatever part of the demo is missing; return how many rows of each kind were created."""
    created = {"users": 0, "clients": 0, "episodes": 0}
    rng = random.Random(20261127)  # noqa: S311 - demo data, not security
    # Both demo sites are in Los Angeles: "today" is their date, not UTC's (they differ at night).
    today = today_in(DEMO_TIME_ZONE)
    with transaction.atomic():
        org, _ = Organization.objects.get_or_create(name="Sunrise Recovery Collective")
        sites = {
            SITE_A: Site.objects.get_or_create(
                organization=org,
                name=SITE_A,
                defaults={
                    "time_zone": DEMO_TIME_ZONE,
                    "address": "11600 Wilshire Blvd, Los Angeles, CA 90025",
                    "phone": "(310) 555-0100",
                },
            )[0],
            SITE_B: Site.objects.get_or_create(
                organization=org,
                name=SITE_B,
                defaults={
                    "time_zone": DEMO_TIME_ZONE,
                    "address": "150 S Los Robles Ave, Pasadena, CA 91101",
                    "phone": "(626) 555-0100",
                },
            )[0],
        }
        people: dict[str, User] = {}
        for person in STAFF:
            user = User.objects.filter(email=person.email).first()
            if user is None:
                user = User.objects.create_user(person.email, DEMO_PASSWORD, full_name=person.full_name)
                created["users"] += 1
            Membership.objects.get_or_create(user=user, site=sites[person.site], role=person.role)
            people[person.key] = user

        for index, (first, last, preferred, sex, gender, pronouns, lang, age) in enumerate(CLIENTS):
            site = sites[SITE_B] if index % 5 == 4 else sites[SITE_A]
            director = people["omar"] if site.name == SITE_B else people["dana"]
            clinician = (
                people["carol"] if site.name == SITE_B else (people["alice"] if index % 2 == 0 else people["bob"])
            )
            if last == "Reyes":
                clinician = people["bob"]
            dob = today.replace(month=1, day=1) - dt.timedelta(days=365 * age + rng.randint(0, 360))
            client = Client.objects.filter(legal_first_name=first, legal_last_name=last).first()
            if client is None:
                client = client_services.client_create(
                    actor=director,
                    site=site,
                    legal_first_name=first,
                    legal_last_name=last,
                    preferred_name=preferred,
                    date_of_birth=dob,
                    sex_assigned_at_birth=sex,
                    gender_identity=gender,
                    pronouns=pronouns,
                    preferred_language=lang,
                    phone=f"(310) 555-{1000 + index:04d}",
                    email=f"{first.split()[0].lower()}.{last.lower().replace(chr(39), '')}@example.net".encode(
                        "ascii", "ignore"
                    ).decode(),
                    address_line=f"{100 + index * 7} Ocean Park Blvd",
                    city="Santa Monica",
                    state="CA",
                    postal_code="90405",
                    emergency_contact_name=f"{rng.choice(['Pat', 'Sam', 'Chris', 'Lee'])} {last}",
                    emergency_contact_relationship=rng.choice(["parent", "partner", "sibling", "friend"]),
                    emergency_contact_phone=f"(424) 555-{2000 + index:04d}",
                )
                created["clients"] += 1
                client_services.support_contact_create(
                    actor=director,
                    client=client,
                    name=f"{rng.choice(['Jo', 'Ari', 'Kim', 'Ray'])} {last}",
                    relationship=rng.choice(["mother", "father", "spouse", "partner", "sister", "friend", "sponsor"]),
                    phone=f"(818) 555-{3000 + index:04d}",
                    may_be_involved=rng.random() < 0.7,
                )
                client_services.insurance_set(
                    actor=director,
                    client=client,
                    rank=1,
                    payer=rng.choice(PAYERS),
                    member_id=f"M{rng.randint(10_000_000, 99_999_999)}",
                    group_number=f"G{rng.randint(1000, 9999)}",
                )
            if last in CLIENT_LOGINS and client.user_id is None:
                login = User.objects.filter(email=CLIENT_LOGINS[last]).first() or User.objects.create_user(
                    CLIENT_LOGINS[last], DEMO_PASSWORD, full_name=client.display_name
                )
                Client.objects.filter(pk=client.pk).update(user=login)
                created["users"] += 1
            if index >= 36 or Episode.objects.filter(client=client).exists():
                continue  # the last few are inquiries not yet admitted (intake's list)
            adolescent = client.age_on(today) < 18
            if index % 7 == 3:  # a past episode, discharged after completing the program
                start = today - dt.timedelta(days=240 + index)
                past = client_services.episode_create(
                    actor=director,
                    client=client,
                    admission_date=start,
                    track=rng.choice(TRACKS),
                    prescribed_hours_per_week=Decimal(9 if adolescent else 12),
                    primary_clinician=clinician,
                )
                client_services.episode_discharge(
                    actor=director,
                    episode=past,
                    discharge_date=start + dt.timedelta(days=91),
                    reason="Completed program; stepped down to outpatient",
                    teds_reason=DischargeReason.COMPLETED,
                    use_frequency=UseFrequency.NONE_PAST_MONTH,
                    self_help_30d=8 + index % 5,
                )
                created["episodes"] += 1
                if index % 2:
                    continue
            client_services.episode_create(
                actor=director,
                client=client,
                admission_date=today - dt.timedelta(days=rng.randint(3, 80)),
                track="Adolescent afternoons" if adolescent else rng.choice(TRACKS),
                prescribed_hours_per_week=Decimal(rng.choice([6, 9]) if adolescent else rng.choice([9, 12, 12, 15])),
                primary_clinician=clinician,
            )
            created["episodes"] += 1
        for module_name in DEMO_MODULES:
            if importlib.util.find_spec(module_name) is not None:
                module = importlib.import_module(module_name)
                for kind, count in module.seed(people=people, sites=sites, today=today).items():
                    created[kind] = created.get(kind, 0) + count
    return created


def demo_logins() -> list[tuple[str, str, str]]:
    rows = [(p.full_name, p.email, f"{p.role} · {p.site}") for p in STAFF]
    rows += [
        ("Erin Castillo", "erin@example.com", "client of Alice"),
        ("Frank Reyes", "frank@example.com", "client of Bob"),
    ]
    return rows
