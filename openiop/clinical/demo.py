"""Demo history for the clinical app: attendance and signed group notes for past sessions, individual
notes (one late draft), treatment plans with reviews, medications and drug screens (one unexpected
positive), and signed safety plans. Idempotent: each part is skipped when it already exists."""

import datetime as dt
import random
from typing import Any

from django.db import transaction

from openiop.accounts.models import Site, User
from openiop.clients.models import Client, EpisodeStatus
from openiop.clinical.models import Attendance, DrugScreen, GroupNote, Note, SafetyPlan, TreatmentPlan
from openiop.clinical.screen_schedule import suggest_week
from openiop.clinical.selectors.group_notes import open_objectives
from openiop.clinical.services import group_notes, groups, notes, plans, safety, screens
from openiop.core.demo_data import DEMO_PASSWORD
from openiop.core.time import aware, monday_of
from openiop.program.models import GroupSession, SessionStatus

PARTICIPATION = [
    "engaged from the check-in and offered feedback to peers",
    "quiet at first, joined the discussion after the break",
    "led the role play and asked for honest feedback",
    "shared a recent close call and how it was handled",
    "took notes and asked two clarifying questions",
    "arrived tired but stayed present for the whole exercise",
    "described a family conflict and listened to suggestions",
    "volunteered to read the handout aloud",
    "was restless, needed one redirection, then participated",
    "brought a completed homework sheet and discussed it",
    "spoke about work stress and its link to cravings",
    "supported a newer member with a personal example",
]
RESPONSE = [
    "responded well to the trigger mapping",
    "found the refusal-skills practice useful",
    "was ambivalent about the coping plan",
    "connected the material to weekend routines",
    "asked for more practice with urge surfing",
    "agreed to try the thought record this week",
    "said the breathing skill helped in the moment",
    "reflected on the pros and cons of change",
    "identified two new high-risk situations",
    "practised assertive communication in pairs",
    "was open to feedback on minimising",
    "reframed a setback as information",
]
PROGRESS = [
    "used the coping card on three days",
    "kept the daily schedule four of five days",
    "attended one mutual-help meeting",
    "called a support person before a risky evening",
    "reports fewer cravings than last week",
    "completed the weekly goal sheet",
    "started a sleep routine",
    "avoided the usual route home all week",
    "logged urges daily",
    "planned a sober activity for Saturday",
    "reconnected with a sober friend",
    "reviewed the relapse prevention plan",
]


def seed(*, people: dict[str, User], sites: dict[str, Site], today: dt.date) -> dict[str, int]:
    created = {"attendance": 0, "group_notes": 0, "notes": 0, "plans": 0, "screens": 0, "safety_plans": 0}
    rng = random.Random(6_2026)  # noqa: S311 - demo data
    for site in sites.values():
        director = people["dana"] if site.name.startswith("Westside") else people["omar"]
        with transaction.atomic():
            _groups(site, director, today, rng, created)
        clients = list(
            Client.objects.filter(site=site, episodes__status=EpisodeStatus.ACTIVE)
            .distinct()
            .prefetch_related("episodes__primary_clinician")
            .order_by("legal_last_name", "legal_first_name")[:14]
        )
        for index, client in enumerate(clients):
            episode = next(e for e in client.episodes.all() if e.status == EpisodeStatus.ACTIVE)
            clinician = episode.primary_clinician or director
            with transaction.atomic():
                _records(client, clinician, episode.admission_date, index, today, created)
    return created


def _groups(site: Site, director: User, today: dt.date, rng: random.Random, created: dict[str, int]) -> None:
    start = aware(site, today - dt.timedelta(days=21), dt.time())
    end = aware(site, today, dt.time())
    sessions = (
        GroupSession.objects.filter(site=site, starts_at__gte=start, ends_at__lt=end)
        .exclude(status=SessionStatus.CANCELLED)
        .prefetch_related("facilitators", "enrollments")
        .select_related("module", "site")
        .order_by("starts_at")
    )
    for number, session in enumerate(sessions):
        roster = [e.client_id for e in session.enrollments.all()]
        if not roster or Attendance.objects.filter(session=session).exists():
            continue
        actor = next(iter(session.facilitators.all()), director)
        marks = []
        for client_id in roster:
            roll = rng.random()
            if roll < 0.08:
                marks.append(
                    groups.Mark(client_id, "absent", None, rng.choice(["illness", "transport", "work_school"]))
                )
            elif roll < 0.12:
                marks.append(groups.Mark(client_id, "excused", None, "family"))
            elif roll < 0.2:
                marks.append(groups.Mark(client_id, "late", max(1, session.minutes - rng.choice([10, 15, 20]))))
            else:
                marks.append(groups.Mark(client_id, "present"))
        groups.attendance_record(actor=actor, session=session, marks=marks)
        created["attendance"] += len(marks)
        if GroupNote.objects.filter(session=session).exists() or session.starts_at.date() > today - dt.timedelta(
            days=2
        ):
            continue  # the last two days stay unsigned: "notes to finish" on the home page
        attending = [m.client_id for m in marks if m.status in ("present", "late")]
        objectives = open_objectives(attending)
        entries = {
            cid: {
                "participation_level": rng.choice(["active", "active", "prompted", "minimal", "listened"]),
                "engagement": rng.choice(["insightful", "receptive", "receptive", "ambivalent", "guarded"]),
                "mood": rng.choice(["euthymic", "euthymic", "anxious", "dysphoric", "irritable"]),
                "objective": next(iter(objectives.get(cid, {})), None),
                "progress_rating": rng.choice(["progressing", "some", "none"]) if objectives.get(cid) else "",
                "risk": "none",
                "comment": f"{PARTICIPATION[i % 12].capitalize()}; {RESPONSE[(i * 5 + number) % 12]}.",
            }
            for i, cid in enumerate(attending)
        }
        note = group_notes.group_note_save(
            actor=actor,
            session=session,
            shared={
                "topic": session.module.name if session.module else "Recovery skills",
                "interventions": "Psychoeducation; cognitive-behavioural skills practice; motivational interviewing.",
                "group_process": (
                    "Members reviewed the week, practised the skill in pairs and set a goal for the next days."
                ),
            },
            entries=entries,
        )
        check = group_notes.group_note_check(note=note)
        if check.unconfirmed:
            group_notes.group_note_confirm_similar(
                actor=actor,
                note=note,
                pairs=[(p.first, p.second) for p in check.unconfirmed],
            )
        if not group_notes.group_note_check(note=note).blocking:
            group_notes.group_note_sign(actor=actor, note=note, password=DEMO_PASSWORD)
            created["group_notes"] += 1


def _records(
    client: Client, clinician: User, admitted: dt.date, index: int, today: dt.date, created: dict[str, int]
) -> None:
    site = client.site
    if not Note.objects.filter(client=client, kind="individual").exists():
        for weeks_ago, sign in ((2, True), (1, index % 4 != 0)):
            day = today - dt.timedelta(days=7 * weeks_ago - 1)
            starts = aware(site, day, dt.time(14, 0))
            note = notes.note_create(
                actor=clinician,
                client=client,
                kind="individual",
                starts_at=starts,
                ends_at=starts + dt.timedelta(minutes=50 if index % 3 else 30),
                sections=_sections(client.site_id, index + weeks_ago),
            )
            if sign:
                notes.note_sign(actor=clinician, note=note, password=DEMO_PASSWORD)
            created["notes"] += 1
    if not TreatmentPlan.objects.filter(client=client).exists():
        effective = max(admitted, today - dt.timedelta(days=45))
        plan = plans.plan_create(actor=clinician, client=client, effective_on=effective)
        problem = plans.problem_add(
            actor=clinician,
            plan=plan,
            dimension=5,
            statement="Cravings and use in the evenings after work.",
            goal=["I want to stop drinking after work.", "I want my weekends back.", "I want to feel steady again."][
                index % 3
            ],
        )
        objective = plans.objective_add(
            actor=clinician,
            problem=problem,
            text="Use a coping skill from the card on at least 4 of 5 weekdays, by self-report log.",
            target_date=effective + dt.timedelta(days=60),
        )
        plans.intervention_add(
            actor=clinician, objective=objective, modality="group", frequency="3 times a week", responsible=clinician
        )
        plans.plan_sign(actor=clinician, plan=plan, client_signature=client.legal_name, password=DEMO_PASSWORD)
        if (today - effective).days > 30 and index % 2:
            plans.plan_review_add(
                actor=clinician,
                plan=plan,
                reviewed_on=effective + dt.timedelta(days=30),
                summary="Attending as prescribed; cravings lower; objective continues.",
            )
        created["plans"] += 1
    if not DrugScreen.objects.filter(client=client).exists():
        if index % 5 == 1:
            screens.medication_add(
                actor=clinician,
                client=client,
                name="Buprenorphine/naloxone",
                dose="8 mg/2 mg daily",
                analytes=["BUP"],
                started_on=admitted,
            )
        last: dt.date | None = None
        for weeks_ago in (3, 2, 1):
            week = monday_of(today) - dt.timedelta(days=7 * weeks_ago)
            for test in suggest_week(
                week_start=week, seed=client.pk * 1000 + weeks_ago, last_test=last, admitted_on=admitted
            ):
                if test.day < admitted:
                    continue
                results = dict.fromkeys(("AMP", "BZO", "COC", "OPI", "THC", "FEN"), "negative")
                if index % 5 == 1:
                    results["BUP"] = "positive"
                if index == 3 and weeks_ago == 1:
                    results["COC"] = "positive"  # the demo's unexpected positive
                screens.drug_screen_record(
                    actor=clinician,
                    client=client,
                    collected_at=aware(site, test.day, dt.time(9, 30)),
                    specimen="urine",
                    method="poc",
                    observed=index % 2 == 0,
                    results=results,
                )
                last = test.day
                created["screens"] += 1
    if index % 4 == 0 and not SafetyPlan.objects.filter(client=client).exists():
        version = safety.safety_plan_save(
            actor=clinician,
            client=client,
            warning_signs="Staying in bed, skipping meals, thinking 'what's the point'.",
            internal_coping="Walk around the block; shower; music playlist; grounding 5-4-3-2-1.",
            distractions="Coffee shop on Main St; the library; calling a cousin to chat.",
            help_contacts="Sister (555-0101); sponsor (555-0102).",
            professionals=SafetyPlan._meta.get_field("professionals").default,
            environment="Medications kept by partner; no alcohol at home.",
            kept_where="Phone notes and the fridge door",
        )
        safety.safety_plan_sign(actor=clinician, plan=version, client_agreed=True, password=DEMO_PASSWORD)
        created["safety_plans"] += 1


def _sections(site_id: int, n: int) -> dict[str, Any]:
    from openiop.clinical.services.common import settings_for_site

    data = {
        "dap": {
            "data": "Client reports " + PROGRESS[n % 12] + "; " + PARTICIPATION[(n + 3) % 12] + " in groups.",
            "assessment": "Engagement improving; " + RESPONSE[n % 12] + ".",
            "plan": "Continue IOP as prescribed; review coping card next session.",
        },
        "birp": {
            "behavior": PARTICIPATION[n % 12].capitalize() + ".",
            "intervention": "Motivational interviewing; relapse prevention planning.",
            "response": RESPONSE[n % 12].capitalize() + ".",
            "plan": "Continue IOP as prescribed.",
        },
        "soap": {
            "subjective": "Client reports " + PROGRESS[n % 12] + ".",
            "objective": "Alert, cooperative, " + ["euthymic", "anxious", "calm"][n % 3] + ".",
            "assessment": RESPONSE[n % 12].capitalize() + ".",
            "plan": "Continue IOP as prescribed.",
        },
    }
    return data[settings_for_site(site_id).note_format]
