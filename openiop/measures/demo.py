"""Demo measures: default cadences at both sites and weekly histories for Westside's active clients.

Clients follow one of three courses (improving, flat, deteriorating), so the trend charts show
response and remission, a plateau, and a reliable deterioration (whose alert the recording service
raises on its own). One of Alice's clients has a recent PHQ-9 item 9 answer and an open alert;
an earlier alert on an improving client was closed with a documented action. Everything goes
through the services; once any of the site's clients has administrations the histories are not
seeded again, so a second run creates nothing.
"""

import datetime as dt
import random
from collections.abc import Callable

from django.utils import timezone

from openiop.accounts.models import Site, User
from openiop.accounts.types import Actor
from openiop.clients.models import Client, Episode, EpisodeStatus
from openiop.core.time import local_moment
from openiop.measures import services
from openiop.measures.models import Administration, Alert, AlertKind, ClosingAction

WESTSIDE = "Westside IOP"
DIRECTORS = {"Westside IOP": "dana", "Pasadena IOP": "omar"}
MAX_WEEKS = 12
COURSES = ("improving", "flat", "deteriorating")

type Answers = list[int | None]


def _spread(total: int, items: int, cap: int, rng: random.Random) -> list[int]:
    """``items`` answers of 0..cap adding up to ``total``, spread rather than front-loaded."""
    total = max(0, min(total, items * cap))
    values = [0] * items
    for _ in range(total):
        index = rng.choice([i for i in range(items) if values[i] < cap])
        values[index] += 1
    return values


def _phq9(total: int, rng: random.Random, item9: int = 0) -> Answers:
    return [*_spread(total - item9, 8, 3, rng), item9]


def _gad7(total: int, rng: random.Random) -> Answers:
    return list(_spread(total, 7, 3, rng))


def _bam(course: str, week: int, rng: random.Random) -> Answers:
    """Items 1–17 then 7A–7G, on the 0–4 form; use falls, rises or stays with the course."""
    if course == "improving":
        use = max(0, 3 - week)
        mood, confidence = max(0, 3 - week // 2), min(4, 1 + week // 2)
    elif course == "deteriorating":
        use = min(4, 1 + week // 2)
        mood, confidence = min(4, 1 + week // 2), max(0, 3 - week // 2)
    else:
        use = rng.choice([1, 1, 2])
        mood, confidence = 2, 2
    items: list[int | None] = [
        rng.choice([1, 2]),  # 1 physical health
        mood,  # 2 sleep
        mood,  # 3 mood
        use,  # 4 days of any alcohol use
        max(0, use - 1),  # 5 heavy drinking
        max(0, use - 1),  # 6 drug use
        0,  # 7 (see 7A–7G)
        use,  # 8 cravings
        confidence,  # 9 confidence
        confidence,  # 10 self-help meetings
        use,  # 11 risky situations
        rng.choice([0, 1, 2]),  # 12 religion or spirituality
        rng.choice([2, 3, 4]),  # 13 work, school or volunteering
        rng.choice([2, 3]),  # 14 income
        mood // 2,  # 15 conflict
        confidence,  # 16 supportive contact
        confidence,  # 17 satisfaction with progress
    ]
    drugs: list[int | None] = [None] * 7 if items[5] == 0 else [items[5], 0, 0, 0, 0, 0, 0]
    return items + drugs


URICA_GROUPS = {
    "precontemplation": (1, 5, 11, 13, 23, 26, 29),
    "contemplation": (2, 8, 12, 15, 19, 21, 24),
    "action": (3, 7, 10, 14, 17, 25, 30),
    "maintenance": (6, 16, 18, 22, 27, 28, 32),
}


def _urica(course: str, month: int) -> Answers:
    levels = {
        "improving": {"precontemplation": 2, "contemplation": 4, "action": min(5, 3 + month), "maintenance": 3},
        "flat": {"precontemplation": 3, "contemplation": 4, "action": 3, "maintenance": 3},
        "deteriorating": {"precontemplation": 3 + min(1, month), "contemplation": 3, "action": 3, "maintenance": 2},
    }[course]
    answers: Answers = [3] * 32
    for group, numbers in URICA_GROUPS.items():
        for number in numbers:
            answers[number - 1] = levels[group]
    return answers


def _course_totals(course: str, weeks: int, rng: random.Random) -> tuple[list[int], list[int]]:
    """Weekly PHQ-9 and GAD-7 totals for a course."""
    phq, gad = [], []
    if course == "improving":
        start_phq, start_gad = rng.randint(16, 20), rng.randint(13, 16)
        for week in range(weeks):
            phq.append(max(2, start_phq - round(week * 1.8) + rng.choice([-1, 0, 0, 1])))
            gad.append(max(1, start_gad - round(week * 1.4) + rng.choice([-1, 0, 1])))
    elif course == "deteriorating":
        start_phq, start_gad = rng.randint(8, 10), rng.randint(6, 8)
        for week in range(weeks):
            phq.append(min(24, start_phq + round(week * 1.3) + rng.choice([-1, 0, 1])))
            gad.append(min(19, start_gad + round(week * 0.9) + rng.choice([0, 1])))
    else:
        start_phq, start_gad = rng.randint(12, 14), rng.randint(9, 11)
        for _ in range(weeks):
            phq.append(start_phq + rng.choice([-1, 0, 0, 1]))
            gad.append(start_gad + rng.choice([-1, 0, 1]))
    return phq, gad


def _at(day: dt.date, site: Site, hour: int) -> dt.datetime:
    moment = local_moment(site, day, dt.time(hour, 0))
    return min(moment, timezone.now() - dt.timedelta(hours=1))


def _history(
    episode: Episode,
    course: str,
    today: dt.date,
    record: Callable[..., Administration],
    *,
    skip_last_weeks: int,
    ideation_now: bool,
    ideation_at_baseline: bool,
) -> None:
    client, site = episode.client, episode.site
    rng = random.Random(f"{client.legal_last_name}/{client.legal_first_name}")  # noqa: S311 - demo data
    sex = client.sex_assigned_at_birth if client.sex_assigned_at_birth in ("female", "male") else None

    # Intake screens, a few days before admission.
    intake_day = episode.admission_date - dt.timedelta(days=rng.randint(3, 9))
    if sex is not None:
        drinks = [rng.randint(1, 4), rng.randint(1, 3), rng.randint(0, 3)]
        record(client, "auditc", drinks, sex=sex, when=_at(intake_day, site, 11))
    # DAST-10 answered as asked (item 3 "able to stop" is reverse-scored by the instrument).
    dast = [rng.choice([0, 0, 1]) for _ in range(10)]
    dast[2] = rng.choice([0, 1, 1])
    record(client, "dast10", dast, when=_at(intake_day, site, 11))

    first = episode.admission_date
    weeks = max(1, min(MAX_WEEKS, (today - first).days // 7 + 1) - skip_last_weeks)
    phq_totals, gad_totals = _course_totals(course, weeks, rng)
    for week in range(weeks):
        day = first + dt.timedelta(weeks=week)
        item9 = 1 if (ideation_at_baseline and week == 0) or (ideation_now and week == weeks - 1) else 0
        phq = record(client, "phq9", _phq9(max(phq_totals[week], item9), rng, item9), when=_at(day, site, 10))
        record(client, "gad7", _gad7(gad_totals[week], rng), when=_at(day, site, 10))
        if week > 0:
            record(client, "bam", _bam(course, week, rng), when=_at(day, site, 10))
        if week % 4 == 0:
            record(client, "urica", _urica(course, week // 4), when=_at(day, site, 10))
        if item9 and ideation_at_baseline and week == 0:
            # The clinician followed up the same day: a C-SSRS, a reviewed safety plan.
            record(client, "cssrs-screen", [1, 0, None, None, None, 0, None], when=_at(day, site, 11))
            alert = Alert.objects.filter(source=phq, kind=AlertKind.SUICIDAL_IDEATION).first()
            if alert is not None and episode.primary_clinician is not None:
                services.alert_close(
                    actor=episode.primary_clinician,
                    alert=alert,
                    action=ClosingAction.CSSRS_COMPLETED,
                    note="C-SSRS screener: low risk (wish to be dead, no thoughts of suicide). Safety plan reviewed.",
                )


def seed(*, people: dict[str, User], sites: dict[str, Site], today: dt.date) -> dict[str, int]:
    created = {"cadences": 0, "administrations": 0, "alerts": 0}
    for name, site in sites.items():
        director = people.get(DIRECTORS.get(name, ""))
        if director is not None:
            created["cadences"] += services.cadence_seed_defaults(actor=director, site=site)

    westside = sites.get(WESTSIDE)
    if westside is None:
        return created
    episodes = list(
        Episode.objects.filter(site=westside, status=EpisodeStatus.ACTIVE, primary_clinician__isnull=False)
        .select_related("client", "site", "primary_clinician")
        .order_by("admission_date", "client__legal_last_name", "client__legal_first_name", "pk")
    )
    busy = set(Administration.objects.filter(site=westside).values_list("client_id", flat=True).distinct())
    if busy & {e.client_id for e in episodes}:
        # Seeded on an earlier run. Clients other demo modules admitted since (they run after this
        # one) keep an empty history, so a second run creates nothing.
        return created
    alerts_before = Alert.objects.count()
    ideation_done = False
    for index, episode in enumerate(episodes):
        client: Client = episode.client
        course = COURSES[index % len(COURSES)]
        # One of Alice's clients (not Erin, whose browser tests expect a quiet chart) answered
        # PHQ-9 item 9 this week; the alert waits for her.
        ideation_now = (
            not ideation_done
            and episode.primary_clinician == people.get("alice")
            and client.legal_last_name != "Castillo"
            and (today - episode.admission_date).days >= 21
        )
        ideation_done = ideation_done or ideation_now
        if client.pk in busy:
            continue
        language = client.preferred_language if client.preferred_language in ("en", "es") else "en"
        clinician = episode.primary_clinician
        if clinician is None:  # every demo episode has one; the type does not know it
            continue

        def record(
            client: Client,
            code: str,
            answers: Answers,
            *,
            when: dt.datetime,
            sex: str | None = None,
            actor: Actor = clinician,
            language: str = language,
        ) -> Administration:
            created["administrations"] += 1
            return services.administration_record(
                actor=actor,
                client=client,
                code=code,
                answers=answers,
                sex=sex,
                administered_at=when,
                language=language,
            )

        _history(
            episode,
            course,
            today,
            record,
            skip_last_weeks=1 if index % 4 == 3 else 0,  # a few are a week behind: overdue
            ideation_now=ideation_now,
            ideation_at_baseline=course == "improving" and index % 2 == 0,
        )
    created["alerts"] = Alert.objects.count() - alerts_before
    return created
