"""Demo intake pipeline at Westside: an inquiry in every status, a pending assessment, a duplicate.

Idempotent: each inquiry is found by its (unique, demo-only) e-mail before it is made, so a second
run creates nothing and reports zeros. Everything goes through the services.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from openiop.accounts.models import Site
from openiop.clients.models import Client
from openiop.core.time import local_moment
from openiop.intake import services
from openiop.intake.models import Inquiry, IntakeSettings
from openiop.intake.placement import DIMENSIONS
from openiop.intake.recommendation import recommend_from, stored_inputs

CSSRS_NONE: list[int | None] = [0, 0, None, None, None, 0, None]


def ciwa(total: int) -> list[int | None]:
    """CIWA-Ar answers adding up to ``total`` (items 1–9 take 0–7, item 10 takes 0–4)."""
    answers: list[int | None] = []
    left = total
    for item in range(10):
        points = min(left, 4 if item == 9 else 7)
        answers.append(points)
        left -= points
    if left:
        raise ValueError(f"CIWA-Ar totals at most 67, not {total}")
    return answers


def ratings(**overrides: int) -> dict[str, Any]:
    """Assessment fields rating every dimension (1 unless ``d3=2`` etc.) with a rationale."""
    fields: dict[str, Any] = {}
    for d in DIMENSIONS:
        fields[f"dimension_{d}"] = overrides.get(f"d{d}", 1)
        fields[f"dimension_{d}_rationale"] = f"Rationale for dimension {d}."
    return fields


WESTSIDE = "Westside IOP"
PASADENA = "Pasadena IOP"

NEGATIVE: dict[str, list[int | None] | None] = {
    "cssrs-screen": CSSRS_NONE,
    "phq2": [0, 1],
    "auditc": [3, 2, 2],
    "dast10": None,
    "scoff": [0, 0, 0, 0, 0],
}


def _at(site: Site, day: dt.date, hour: int) -> dt.datetime:
    return local_moment(site, day, dt.time(hour))


def seed(*, people: dict[str, Any], sites: dict[str, Site], today: dt.date) -> dict[str, int]:
    created: Counter[str] = Counter()
    westside, pasadena = sites[WESTSIDE], sites[PASADENA]
    from openiop.core.demo_data import DEMO_PASSWORD  # the demo's clinicians sign with it

    ivan, alice = people["ivan"], people["alice"]

    _, new_settings = IntakeSettings.objects.get_or_create(
        site=westside, defaults={"public_email": "intake@westside.example"}
    )
    created["intake settings"] += int(new_settings)

    def inquiry(email: str, *, site: Site = westside, web: bool = False, **fields: Any) -> Inquiry | None:
        """The inquiry, or None when it is already there (nothing else is then done for it)."""
        if Inquiry.objects.filter(site=site, email=email).exists():
            return None
        created["inquiries"] += 1
        fields.setdefault("consent_to_contact", True)
        if web:
            return services.inquiry_create(actor=None, site=site, channel="web", email=email, **fields)
        return services.inquiry_create(actor=ivan, site=site, channel="phone", email=email, **fields)

    def screen(target: Inquiry, **overrides: Any) -> None:
        params: dict[str, Any] = {
            "answers": dict(NEGATIVE),
            "disposition": "book_assessment",
            "sex_for_scoring": "male",
            "last_use_date": today - dt.timedelta(days=2),
            "current_supports": "Partner; goes to a Saturday AA meeting sometimes.",
            "available_hours_per_week": Decimal(12),
        }
        params.update(overrides)
        services.screening_create(actor=ivan, inquiry=target, **params)
        created["screenings"] += 1

    def convert(target: Inquiry, first: str, last: str, born: dt.date, sex: str) -> None:
        services.inquiry_convert(
            actor=ivan,
            inquiry=target,
            legal_first_name=first,
            legal_last_name=last,
            date_of_birth=born,
            sex_assigned_at_birth=sex,
        )
        created["intake clients"] += 1

    steps: list[Callable[[], None]] = []

    # new — from the web, one with self-harm thoughts ticked, one court referral by phone.
    def new_inquiries() -> None:
        inquiry(
            "jess.morgan@example.org",
            web=True,
            name="Jess Morgan",
            phone="(424) 555-0131",
            who_for="self",
            concerns=["alcohol", "mood"],
            best_time="evening",
            insurance="Blue Shield PPO",
            message="I work days. Evenings are best.",
        )
        inquiry(
            "r.castellanos@example.org",
            web=True,
            name="Rosa Castellanos",
            phone="(323) 555-0177",
            who_for="self",
            concerns=["mood"],
            self_harm_thoughts=True,
            preferred_language="es",
        )
        inquiry(
            "dion.harper@example.org",
            name="Dion Harper",
            phone="(213) 555-0148",
            referral_source="court",
            referrer="LA County Probation, officer J. Diaz",
            concerns=["drugs"],
            insurance="Medi-Cal",
        )

    steps.append(new_inquiries)

    # new — a duplicate: the web form again from someone already on file as a Westside client (the
    # director sees the match; a match with another site's client is never shown, issue 11).
    def duplicate() -> None:
        owen = Client.objects.filter(legal_first_name="Owen", legal_last_name="Murphy").first()
        inquiry(
            "owen.m.returning@example.org",
            web=True,
            name="Owen Murphy",
            phone=owen.phone if owen else "(310) 555-1018",
            concerns=["alcohol"],
            message="I was in touch a while ago.",
        )

    steps.append(duplicate)

    # contacted — a reached call and a follow-up due today.
    def contacted() -> None:
        target = inquiry(
            "marisol.g@example.org",
            name="Marisol Gutiérrez",
            phone="(818) 555-0190",
            who_for="other",
            concerns=["eating"],
            preferred_language="es",
        )
        if target:
            services.call_log_create(actor=ivan, inquiry=target, outcome="reached", note="Calling for her daughter.")
            services.follow_up_create(
                actor=ivan,
                inquiry=target,
                due_at=_at(westside, today, 17),
                what="Call back to screen",
                assigned_to=ivan,
            )

    steps.append(contacted)

    # screened — PHQ-2 positive, waiting for a booking.
    def screened() -> None:
        target = inquiry("devon.price@example.org", name="Devon Price", phone="(310) 555-0166", concerns=["mood"])
        if target:
            screen(target, answers={**NEGATIVE, "phq2": [2, 2]}, sex_for_scoring="female")

    steps.append(screened)

    # assessment booked — the pending assessment, with Alice tomorrow at 10.
    def pending_assessment() -> None:
        target = inquiry("jordan.ellis@example.org", name="Jordan Ellis", phone="(310) 555-0122", concerns=["alcohol"])
        if target:
            screen(target)
            convert(target, "Jordan", "Ellis", today - dt.timedelta(days=365 * 34 + 40), "male")
            services.assessment_book(
                actor=ivan,
                inquiry=target,
                clinician=alice,
                scheduled_at=_at(westside, today + dt.timedelta(days=1), 10),
            )
            created["assessments"] += 1

    steps.append(pending_assessment)

    # admitted — the whole path: CIWA-Ar 6, highest rating 2 → 2.1, signed, admitted.
    def admitted() -> None:
        target = inquiry("sam.whitaker@example.org", name="Sam Whitaker", phone="(310) 555-0155", concerns=["alcohol"])
        if not target:
            return
        screen(target)
        convert(target, "Sam", "Whitaker", today - dt.timedelta(days=365 * 41 + 100), "male")
        assessment = services.assessment_book(
            actor=ivan, inquiry=target, clinician=alice, scheduled_at=_at(westside, today - dt.timedelta(days=3), 10)
        )
        created["assessments"] += 1
        services.assessment_update(
            actor=alice,
            assessment=assessment,
            fields={
                "presenting_problem": "Daily drinking for two years; a DUI last month; wants to keep his job.",
                "family_support": "Married, two children; his wife will join family sessions.",
                "work_school": "Warehouse supervisor, 7am–3pm weekdays.",
                "available_hours_per_week": Decimal(12),
                **ratings(d3=2, d5=2),
            },
            instruments={"ciwa-ar": ciwa(6)},
            substances=[{"substance": 2, "route": 1, "frequency": 3, "age_at_first_use": 16}],
            availability=[{"weekday": d, "start": dt.time(17, 30), "end": dt.time(21, 0)} for d in range(4)],
        )
        recommendation = recommend_from(stored_inputs(assessment), assessment.site_id)
        assert recommendation is not None  # noqa: S101 - every dimension is rated above
        services.assessment_sign(
            actor=alice, assessment=assessment, decided_level=recommendation.level, password=DEMO_PASSWORD
        )
        services.episode_admit(
            actor=alice,
            assessment=assessment,
            admission_date=today,
            primary_clinician=alice,
            prescribed_hours_per_week=Decimal(12),
            track="Adult substance use — evenings",
        )
        created["admissions"] += 1

    steps.append(admitted)

    # referred elsewhere — withdrawal seizures and recent use.
    def referred() -> None:
        target = inquiry("pat.kowalski@example.org", name="Pat Kowalski", phone="(562) 555-0109", concerns=["alcohol"])
        if target:
            screen(
                target,
                withdrawal_seizures=True,
                last_use_date=today,
                disposition="refer_higher",
                answers={**NEGATIVE, "auditc": [4, 4, 4]},
            )
            services.inquiry_transition(
                actor=ivan, inquiry=target, to="referred_out", note="Referred to inpatient withdrawal management."
            )

    steps.append(referred)

    # not a fit, lost
    def closed() -> None:
        target = inquiry("lee.sandoval@example.org", name="Lee Sandoval", phone="(714) 555-0183", who_for="other")
        if target:
            services.call_log_create(actor=ivan, inquiry=target, outcome="reached")
            services.inquiry_transition(
                actor=ivan,
                inquiry=target,
                to="not_a_fit",
                note="Looking for a residential program for a relative out of state; gave SAMHSA's helpline.",
            )
        target = inquiry("morgan.tate@example.org", name="Morgan Tate", phone="(310) 555-0199", web=True)
        if target:
            for _ in range(3):
                services.call_log_create(actor=ivan, inquiry=target, outcome="voicemail")
            services.inquiry_transition(actor=ivan, inquiry=target, to="lost", note="No answer after three calls.")

    steps.append(closed)

    # one at Pasadena, so the board shows only a director's own sites
    def pasadena_inquiry() -> None:
        inquiry("avery.lin@example.org", site=pasadena, web=True, name="Avery Lin", phone="(626) 555-0140")

    steps.append(pasadena_inquiry)

    for step in steps:
        step()
    return {
        kind: created[kind]
        for kind in ("intake settings", "inquiries", "screenings", "intake clients", "assessments", "admissions")
    }
