"""Observation and QuestionnaireResponse (one administration, mapped by measures/fhir.py) and
Questionnaire (an instrument of the measures library)."""

import re
from typing import Any

from openiop.fhir.mapping.common import Json, meta
from openiop.measures.fhir import LOINC, QUESTIONNAIRE_PREFIX
from openiop.measures.instruments import REGISTRY
from openiop.measures.selectors import administration_fhir

# Instruments whose results are substance-use records (42 CFR Part 2) whoever gives them.
SUD_INSTRUMENTS = frozenset({"audit", "auditc", "dast10", "ciwa-ar", "cows", "bam"})


def administration(row: Any, *, part2: bool) -> tuple[Json, Json]:
    """(QuestionnaireResponse, Observation) of one stored administration."""
    response, observation = administration_fhir(administration=row)
    labelled = part2 or row.instrument in SUD_INSTRUMENTS
    found = []
    for model in (response, observation):
        resource: Json = model.model_dump(mode="json", by_alias=True, exclude_none=True)
        resource["meta"] = meta(row.updated_at, part2=labelled)
        found.append(resource)
    return found[0], found[1]


def questionnaire(code: str) -> Json:
    instrument = REGISTRY[code]
    resource: Json = {
        "resourceType": "Questionnaire",
        "id": instrument.code,
        "url": QUESTIONNAIRE_PREFIX + instrument.code,
        "name": re.sub(r"[^A-Za-z0-9]", "", instrument.name.title()) or instrument.code.upper(),
        "title": instrument.name,
        "status": "active",
        "subjectType": ["Patient"],
        "copyright": instrument.licence,
        "item": [
            {
                "linkId": item.number,
                "text": item.text or item.label,
                "type": "choice",
                "required": item.skip is None,
                "answerOption": [{"valueInteger": value} for value in item.values],
            }
            for item in instrument.items
        ],
    }
    if instrument.loinc_panel is not None:
        resource["code"] = [{"system": LOINC, "code": instrument.loinc_panel.code}]
    return resource


def instrument_codes() -> list[str]:
    return sorted(REGISTRY)
