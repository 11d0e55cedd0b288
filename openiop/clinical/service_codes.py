"""The service code suggested for a note from its kind and length (pure; no Django).

Clinical reference §7 (CPT, codes only): psychotherapy 90832 = 16–37 minutes, 90834 = 38–52,
90837 = 53 or more; group psychotherapy 90853 is not time-based. Under 16 minutes no
psychotherapy code applies. Family sessions use the same time codes (the reference lists no
family code; the clinician may change the suggestion). Case management is not psychotherapy and
gets no suggestion: programs bill it per payer.
"""

GROUP = "90853"
TIME_CODES: tuple[tuple[int, int | None, str], ...] = (
    (16, 37, "90832"),
    (38, 52, "90834"),
    (53, None, "90837"),
)
CODES = {
    "90832": "90832 — psychotherapy, 16–37 min",
    "90834": "90834 — psychotherapy, 38–52 min",
    "90837": "90837 — psychotherapy, 53 min or more",
    "90853": "90853 — group psychotherapy",
}
TIMED_KINDS = frozenset({"individual", "family"})


def suggest_code(kind: str, minutes: int) -> str | None:
    """The code for a session of ``kind`` lasting ``minutes`` whole minutes, or None."""
    if kind == "group":
        return GROUP
    if kind not in TIMED_KINDS:
        return None
    for low, high, code in TIME_CODES:
        if minutes >= low and (high is None or minutes <= high):
            return code
    return None
