"""Every stored administration renders as FHIR R4 resources that fhir.resources validates."""

import pytest
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from conftest import Cast
from openiop.measures.instruments import REGISTRY, get
from openiop.measures.models import Administration
from openiop.measures.selectors import administration_fhir
from openiop.measures.tests import highest_answers, lowest_answers, sex_for
from openiop.measures.tests.conftest import Record


@pytest.mark.parametrize("answers_for", [lowest_answers, highest_answers], ids=["lowest", "highest"])
@pytest.mark.parametrize("code", list(REGISTRY))
def test_every_instruments_stored_administration_validates(
    cast: Cast, record: Record, code: str, answers_for: object
) -> None:
    answers = answers_for(code)  # type: ignore[operator]
    stored = Administration.objects.get(pk=record(cast.erin, code, answers, sex=sex_for(code)).pk)
    response, observation = administration_fhir(administration=stored)

    # Round-trip through JSON: what leaves the system validates on its own.
    qr = QuestionnaireResponse.model_validate_json(response.model_dump_json()).model_dump(mode="json")
    obs = Observation.model_validate_json(observation.model_dump_json()).model_dump(mode="json")
    assert qr["subject"]["reference"] == f"Patient/{cast.erin.pk}"
    assert qr["author"]["reference"] == f"Practitioner/{cast.alice.pk}"
    assert len(qr["item"]) == sum(value is not None for value in answers)
    codings = {(c["system"], c["code"]) for c in obs["code"]["coding"]}
    assert ("urn:openiop:instrument", code) in codings
    instrument = get(code)
    if stored.total is not None:
        value = obs["valueInteger"] if "valueInteger" in obs else obs["valueQuantity"]["value"]
        assert float(value) == pytest.approx(stored.total)
        if instrument.loinc_total is not None:
            assert ("http://loinc.org", instrument.loinc_total.code) in codings


def test_the_rendering_uses_the_stored_score_not_a_new_one(cast: Cast, record: Record) -> None:
    adm = record(cast.erin, "phq9", [1] * 9)
    Administration.objects.filter(pk=adm.pk).update(band="moderate")  # as stored by some older version
    _, observation = administration_fhir(administration=Administration.objects.get(pk=adm.pk))
    obs = observation.model_dump(mode="json")
    assert {"system": "urn:openiop:band", "code": "moderate"} in [c["coding"][0] for c in obs["interpretation"]]
    assert "Band: moderate." in obs["note"][0]["text"]
