"""One administration as FHIR R4 resources (fhir.resources.R4B). Pure, no Django.

- QuestionnaireResponse: one item per answered item (linkId = item number,
  valueInteger); items skipped by the instrument's own skip logic are left out.
- Observation (category "survey"): the total where the instrument has one,
  coded with LOINC where the reference gives a total code, else with the
  openiop instrument code. R4 Observation has no valueDecimal, so a float
  total (URICA readiness) is sent as valueQuantity with the UCUM "{score}"
  unit. Band, positive and flags go in ``interpretation`` and in a note;
  subscales (and, for the C-SSRS, the risk level) go in ``component``.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from .instruments import get
from .instruments.base import Number, Score

LOINC = "http://loinc.org"
OPENIOP_INSTRUMENT = "urn:openiop:instrument"
OPENIOP_BAND = "urn:openiop:band"
OPENIOP_FLAG = "urn:openiop:flag"
OPENIOP_ADMINISTRATION = "urn:openiop:administration"
QUESTIONNAIRE_PREFIX = "urn:openiop:questionnaire:"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
UCUM = "http://unitsofmeasure.org"

type Json = dict[str, Any]


def _value(number: Number) -> Json:
    if isinstance(number, int):
        return {"valueInteger": number}
    return {
        "valueQuantity": {
            "value": number,
            "unit": "score",
            "system": UCUM,
            "code": "{score}",
        }
    }


def _concept(system: str, code: str, display: str | None = None) -> Json:
    coding: Json = {"system": system, "code": code}
    if display is not None:
        coding["display"] = display
    return {"coding": [coding], "text": display or code}


def _interpretation(score: Score) -> list[Json]:
    found = []
    if score.band is not None:
        found.append(_concept(OPENIOP_BAND, score.band))
    if score.positive is not None:
        code, display = ("POS", "Positive") if score.positive else ("NEG", "Negative")
        found.append(_concept(INTERPRETATION, code, display))
    found.extend(_concept(OPENIOP_FLAG, flag) for flag in score.flags)
    return found


def _summary(score: Score) -> str:
    parts = [
        f"Band: {score.band}." if score.band is not None else "",
        f"Screen {'positive' if score.positive else 'negative'}." if score.positive is not None else "",
        f"Flags: {', '.join(score.flags)}." if score.flags else "",
    ]
    return " ".join(part for part in parts if part)


def administration_to_fhir(
    *,
    instrument_code: str,
    answers: Sequence[int | None],
    score: Score,
    patient_reference: str,
    authored: datetime,
    administration_id: str,
    performer_reference: str | None,
) -> tuple[QuestionnaireResponse, Observation]:
    """Raise ValueError on a naive datetime or answers/score that do not fit."""
    instrument = get(instrument_code)
    if authored.tzinfo is None or authored.utcoffset() is None:
        raise ValueError("authored must be timezone-aware")
    if score.code != instrument.code:
        raise ValueError(f"score is for {score.code!r}, not {instrument.code!r}")
    if len(answers) != len(instrument.items):
        raise ValueError(f"{instrument.code} has {len(instrument.items)} items, got {len(answers)} answers")
    subject = {"reference": patient_reference}
    identifier = {"system": OPENIOP_ADMINISTRATION, "value": administration_id}

    response: Json = {
        "id": administration_id,
        "identifier": identifier,
        "questionnaire": QUESTIONNAIRE_PREFIX + instrument.code,
        "status": "completed",
        "subject": subject,
        "authored": authored,
        "item": [
            {
                "linkId": item.number,
                "text": item.text or item.label,
                "answer": [{"valueInteger": value}],
            }
            for item, value in zip(instrument.items, answers, strict=True)
            if value is not None
        ],
    }
    if performer_reference is not None:
        response["author"] = {"reference": performer_reference}

    codings = []
    if score.total is not None and instrument.loinc_total is not None:
        codings.append({"system": LOINC, "code": instrument.loinc_total.code})
    codings.append({"system": OPENIOP_INSTRUMENT, "code": instrument.code, "display": instrument.name})
    components = [
        {
            "code": _concept(OPENIOP_INSTRUMENT, f"{instrument.code}.{name}", name),
            **_value(value),
        }
        for name, value in score.subscales.items()
    ]
    if score.total is None and score.band is not None:
        # No total (C-SSRS): the risk level is the result.
        components.append(
            {
                "code": _concept(OPENIOP_INSTRUMENT, f"{instrument.code}.risk", "risk"),
                "valueCodeableConcept": _concept(OPENIOP_BAND, score.band),
            }
        )

    observation: Json = {
        "id": administration_id,
        "identifier": [identifier],
        "status": "final",
        "category": [_concept(OBSERVATION_CATEGORY, "survey", "Survey")],
        "code": {
            "coding": codings,
            "text": instrument.name + (" total score" if score.total is not None else ""),
        },
        "subject": subject,
        "effectiveDateTime": authored,
        "derivedFrom": [{"reference": f"QuestionnaireResponse/{administration_id}"}],
    }
    if score.total is not None:
        observation.update(_value(score.total))
    if interpretation := _interpretation(score):
        observation["interpretation"] = interpretation
    if summary := _summary(score):
        observation["note"] = [{"text": summary}]
    if components:
        observation["component"] = components
    if performer_reference is not None:
        observation["performer"] = [{"reference": performer_reference}]

    return (
        QuestionnaireResponse.model_validate(response),
        Observation.model_validate(observation),
    )
