"""Code lists the assessment stores: TEDS admission codes (public-file values) and ICD-10-CM shape.

TEDS codes come from the clinical reference §8; storing them as the integers TEDS uses lets the
TEDS export (a later issue) read them without a crosswalk. ``-9`` (missing) is never stored: a
missing answer is a null.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models


class TedsSubstance(models.IntegerChoices):
    """SUB1/2/3."""

    NONE = 1, "None"
    ALCOHOL = 2, "Alcohol"
    COCAINE = 3, "Cocaine or crack"
    MARIJUANA = 4, "Marijuana or hashish"
    HEROIN = 5, "Heroin"
    METHADONE = 6, "Non-prescription methadone"
    OTHER_OPIATES = 7, "Other opiates or synthetics (incl. fentanyl)"
    PCP = 8, "PCP"
    HALLUCINOGENS = 9, "Hallucinogens"
    METHAMPHETAMINE = 10, "Methamphetamine"
    OTHER_AMPHETAMINES = 11, "Other amphetamines"
    OTHER_STIMULANTS = 12, "Other stimulants"
    BENZODIAZEPINES = 13, "Benzodiazepines"
    OTHER_TRANQUILIZERS = 14, "Other tranquilizers"
    BARBITURATES = 15, "Barbiturates"
    OTHER_SEDATIVES = 16, "Other sedatives or hypnotics"
    INHALANTS = 17, "Inhalants"
    OTC = 18, "Over-the-counter medications"
    OTHER = 19, "Other"


class TedsRoute(models.IntegerChoices):
    """ROUTE1–3."""

    ORAL = 1, "Oral"
    SMOKING = 2, "Smoking"
    INHALATION = 3, "Inhalation"
    INJECTION = 4, "Injection"
    OTHER = 5, "Other"


class TedsFrequency(models.IntegerChoices):
    """FREQ1–3 (past month)."""

    NONE = 1, "No use in the past month"
    SOME = 2, "Some use"
    DAILY = 3, "Daily use"


class ReferralSource(models.TextChoices):
    """Who sent the person; ``teds_code`` gives PSOURCE."""

    SELF = "self", "Self"
    FAMILY = "family", "Family or friend"
    COURT = "court", "Court or criminal justice"
    EMPLOYER = "employer", "Employer or EAP"
    SUD_PROVIDER = "sud_provider", "Substance use treatment provider"
    HEALTH_PROVIDER = "health_provider", "Other health care provider"
    SCHOOL = "school", "School"
    COMMUNITY = "community", "Other community referral"


PSOURCE = {
    ReferralSource.SELF: 1,
    ReferralSource.FAMILY: 1,
    ReferralSource.SUD_PROVIDER: 2,
    ReferralSource.HEALTH_PROVIDER: 3,
    ReferralSource.SCHOOL: 4,
    ReferralSource.EMPLOYER: 5,
    ReferralSource.COMMUNITY: 6,
    ReferralSource.COURT: 7,
}

FIRST_USE_AGE_MAX = 96  # TEDS FRSTUSE: 1–96 (0 = newborn)
PRIOR_TREATMENT_MAX = 5  # TEDS NOPRIOR: 0–5, where 5 means five or more

# A category (letter, digit, digit or A/B), optionally a dot and up to four more characters.
ICD10CM_PATTERN = re.compile(r"^[A-TV-Z][0-9][0-9AB](\.[0-9A-TV-Z]{1,4})?$")


def validate_icd10cm(value: str) -> None:
    if not ICD10CM_PATTERN.match(value):
        raise ValidationError(f"{value!r} is not an ICD-10-CM code (e.g. F10.20).")
