"""The program's curriculum topics (TIP 47 core services; Matrix Model IOP groups, clinical reference §3–4).

(slug, name, description, modality, materials); the slug is the module's id in schedule-v1 problems.
Seeded by migration ``program.0002`` and, for a flushed test database, by ``curriculum_ensure``.
"""

MATRIX = "Matrix Model IOP counselor's treatment manual (SAMHSA SMA 06-4152)"
MODULES: list[tuple[str, str, str, str, str]] = [
    (
        "relapse-prevention",
        "Relapse prevention skills",
        "The central group: recognising high-risk situations, early warning signs and how to respond; "
        "held at the start and end of each week.",
        "group",
        f"{MATRIX}, relapse prevention sessions; client handouts; a personal relapse-prevention plan worksheet.",
    ),
    (
        "urges-and-cravings",
        "Managing urges and cravings",
        "Triggers, the course of a craving, thought-stopping, urge surfing and planning the hours at risk.",
        "group",
        "Trigger and craving log; scheduling worksheet; urge-surfing exercise script.",
    ),
    (
        "brain-chemistry",
        "The brain chemistry of addiction",
        "How substances change reward, motivation and judgement, and how the brain recovers with time.",
        "group",
        f"{MATRIX}, family education slides on the brain; one-page handout in English and Spanish.",
    ),
    (
        "disease-progression",
        "Progression of the disease of addiction",
        "Addiction as a chronic, progressive condition: stages, consequences and why continuing care matters.",
        "group",
        "Progression chart handout; discussion questions.",
    ),
    (
        "twelve-steps",
        "Introduction to the twelve steps",
        "What 12-step and other mutual-help meetings are, what happens there, and how to try one this week.",
        "group",
        "Local meeting list (Meeting Guide); the twelve steps handout; first-meeting guide.",
    ),
    (
        "spirituality",
        "Spirituality",
        "Meaning, values and connection in recovery, for people of any faith or none.",
        "group",
        "Values card sort; reflection prompts.",
    ),
    (
        "stages-of-change",
        "Stages of change",
        "Precontemplation to maintenance: where the client is now, and what helps at each stage.",
        "group",
        "Stages of change diagram; decisional balance worksheet.",
    ),
    (
        "early-recovery-skills",
        "Early recovery skills",
        "Practical tools for the first weeks: structure, stopping the cycle, avoiding triggers; twice weekly "
        "in weeks 1–4.",
        "group",
        f"{MATRIX}, early recovery skills sessions; daily and weekly scheduling forms.",
    ),
    (
        "family-education",
        "Family education",
        "For clients and the people close to them: how addiction affects a family and how to support recovery.",
        "family",
        f"{MATRIX}, family education series; invitation letter for family members.",
    ),
    (
        "social-support",
        "Social support groups",
        "Building a sober network and practising the skills of connection; weekly from the fourth month.",
        "group",
        f"{MATRIX}, social support sessions; peer contact list template.",
    ),
]
