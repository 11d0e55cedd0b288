"""Demo consents: admission documents signed by the Westside clients, a revoked release, a few
disclosures, a small provider directory per site and one referral out. Idempotent and deterministic."""

import datetime as dt

from openiop.accounts.models import Site, User
from openiop.clients.models import Client, Episode, EpisodeStatus
from openiop.consents import services
from openiop.consents.models import ConsentDocument, ConsentKind, ConsentStatus, Disclosure, Provider, Referral
from openiop.consents.services import referrals
from openiop.core.time import local_moment

SITE_A = "Westside IOP"
SITE_B = "Pasadena IOP"
DEMO_DEVICE = "openiop demo (front-desk tablet)"

# (site, name, levels, phone, address)
PROVIDERS = [
    (SITE_A, "Harbor Medical Detox", ["3.7-WM", "4-WM"], "(310) 555-0171", "2200 Harbor Blvd, Los Angeles, CA 90021"),
    (SITE_A, "Venice Ambulatory Withdrawal Clinic", ["2-WM"], "(310) 555-0172", "410 Rose Ave, Venice, CA 90291"),
    (SITE_A, "Santa Monica Day Treatment", ["2.5"], "(310) 555-0173", "1450 Broadway, Santa Monica, CA 90404"),
    (
        SITE_A,
        "Pacific Coast Residential Recovery",
        ["3.1", "3.5"],
        "(310) 555-0174",
        "88 Coast Hwy, Malibu, CA 90265",
    ),
    (SITE_A, "Westside Outpatient Counseling", ["1"], "(310) 555-0175", "11900 Olympic Blvd, Los Angeles, CA 90064"),
    (SITE_A, "County Psychiatric Mobile Response", ["crisis"], "(800) 555-0176", "Comes to you, Los Angeles County"),
    (SITE_B, "Arroyo Detox Center", ["3.7-WM"], "(626) 555-0181", "300 N Fair Oaks Ave, Pasadena, CA 91103"),
    (SITE_B, "Foothill Outpatient Services", ["1", "2.1"], "(626) 555-0182", "45 E Colorado Blvd, Pasadena, CA 91105"),
]


def seed_providers(*, people: dict[str, User], sites: dict[str, Site]) -> int:
    """The directories (also callable by other demo modules that refer out); returns how many were added."""
    directors = {SITE_A: people["dana"], SITE_B: people["omar"]}
    created = 0
    for site_name, name, levels, phone, address in PROVIDERS:
        site = sites[site_name]
        if Provider.objects.filter(site=site, name=name).exists():
            continue
        referrals.provider_create(
            actor=directors[site_name], site=site, name=name, levels=levels, phone=phone, address=address
        )
        created += 1
    return created


def _at(day: dt.date, site: Site, hour: int, minute: int = 0) -> dt.datetime:
    return local_moment(site, day, dt.time(hour, minute))


def _actor(client: Client, episode: Episode, people: dict[str, User]) -> User:
    return episode.primary_clinician or people["dana"]


def _sign_packet(client: Client, episode: Episode, people: dict[str, User], *, leave_tpo_pending: bool) -> int:
    actor = _actor(client, episode, people)
    signer = client.user if client.user is not None else actor
    signed = 0
    documents = services.admission_documents_prepare(actor=actor, client=client)
    for minute, document in enumerate(documents):
        if leave_tpo_pending and document.kind != ConsentKind.TREATMENT and document.kind != ConsentKind.RIGHTS:
            continue
        services.consent_sign(
            actor=signer,
            document=document,
            typed_name=client.legal_name,
            agreed=True,
            ip="10.20.0.15",
            user_agent=DEMO_DEVICE,
            now=_at(episode.admission_date, client.site, 10, 5 + minute * 3),
        )
        signed += 1
    return signed


def seed(*, people: dict[str, User], sites: dict[str, Site], today: dt.date) -> dict[str, int]:
    created = {
        "consent_templates": services.templates_ensure_defaults(),
        "providers": seed_providers(people=people, sites=sites),
        "consent_documents": 0,
        "consent_signatures": 0,
        "disclosures": 0,
        "consent_revocations": 0,
        "referrals": 0,
    }
    westside = sites[SITE_A]
    episodes = (
        Episode.objects.filter(site=westside, status=EpisodeStatus.ACTIVE)
        .select_related("client", "client__site", "client__user", "primary_clinician")
        .order_by("client__legal_last_name", "client__legal_first_name", "pk")
    )
    with_release: list[tuple[Client, Episode]] = []
    for episode in episodes:
        client = episode.client
        if not ConsentDocument.objects.filter(client=client).exists():
            before = ConsentDocument.objects.count()
            created["consent_signatures"] += _sign_packet(
                client, episode, people, leave_tpo_pending=client.legal_last_name == "Reyes"
            )
            created["consent_documents"] += ConsentDocument.objects.count() - before
        if ConsentDocument.objects.filter(client=client, kind=ConsentKind.PART2_RELEASE).exists():
            with_release.append((client, episode))

    erin = Client.objects.filter(legal_first_name="Erin", legal_last_name="Castillo").select_related("site").first()
    erin_episode = episodes.filter(client=erin).first() if erin else None
    if erin is not None and erin_episode is not None and not Disclosure.objects.filter(client=erin).exists():
        tpo = ConsentDocument.objects.filter(client=erin, kind=ConsentKind.PART2_TPO, status="signed").first()
        insurance = erin.insurances.order_by("rank").first()
        if tpo is not None and insurance is not None:  # a TPO disclosure names a payer on file
            services.disclosure_create(
                actor=_actor(erin, erin_episode, people),
                client=erin,
                consent=tpo,
                recipient=insurance.payer,
                recipient_class="payers",
                purpose="payment",
                records=["demographics", "episodes"],
                note="Sent with the authorization request",
                now=_at(max(erin_episode.admission_date, today - dt.timedelta(days=2)), erin.site, 15),
            )
            created["disclosures"] += 1

    # Two releases to family: one used to share attendance; the other used once, then revoked in writing.
    for index, (client, episode) in enumerate(with_release[:2]):
        release = ConsentDocument.objects.filter(client=client, kind=ConsentKind.PART2_RELEASE).first()
        if release is None or release.status == ConsentStatus.PENDING:
            continue
        first_day = max(episode.admission_date + dt.timedelta(days=1), today - dt.timedelta(days=2))
        if not Disclosure.objects.filter(consent=release).exists() and first_day <= today:
            services.disclosure_create(
                actor=_actor(client, episode, people),
                client=client,
                consent=release,
                recipient=release.recipient_name,
                purpose="family_involvement",
                records=["episodes"],
                note="Attendance summary, by phone and mail",
                now=_at(first_day, client.site, 11),
            )
            created["disclosures"] += 1
        if index == 1 and release.status == ConsentStatus.SIGNED:
            services.consent_revoke(
                actor=_actor(client, episode, people),
                document=release,
                effective_date=max(first_day, today - dt.timedelta(days=1)),
                note="Signed letter handed in at the front desk",
            )
            created["consent_revocations"] += 1

    # A referral out: a past client stepping down to outpatient counseling.
    past = (
        Episode.objects.filter(site=westside, status=EpisodeStatus.DISCHARGED)
        .select_related("client", "primary_clinician")
        .order_by("client__legal_last_name", "pk")
        .first()
    )
    counseling = Provider.objects.filter(site=westside, name="Westside Outpatient Counseling").first()
    if past is not None and counseling is not None and not Referral.objects.filter(client=past.client).exists():
        referral = referrals.referral_create(
            actor=people["dana"],
            client=past.client,
            provider=counseling,
            level_of_care="1",
            reason="Completed IOP; continuing weekly outpatient counseling.",
        )
        referrals.referral_update(
            actor=people["dana"],
            referral=referral,
            release_signed=True,
            client_informed=True,
            appointment_date=today + dt.timedelta(days=5),
            appointment_confirmed=True,
        )
        created["referrals"] += 1
    return created
