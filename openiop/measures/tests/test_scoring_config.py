"""A program's own cut-offs (ScoringConfig) where the reference's defaults are UNVERIFIED."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import Cast
from openiop.measures import selectors, services
from openiop.measures.models import Administration, ScoringConfig
from openiop.measures.tests.conftest import Record, logged_in

CIWA_12 = [4, 4, 4, 0, 0, 0, 0, 0, 0, 0]  # total 12: "moderate" by the default bands (mild ≤ 9)
WIDER_MILD = {"bands": [["mild", 12], ["moderate", 20], ["severe", None]]}


@pytest.mark.parametrize(
    ("configured_at", "client", "actor", "band"),
    [
        (None, "erin", "alice", "moderate"),  # no config anywhere: the default bands
        ("site_a", "erin", "alice", "mild"),  # the client's program moved the bands
        ("site_b", "erin", "alice", "moderate"),  # another program's config does not apply
        ("site_a", "gus", "carol", "moderate"),  # …nor does this one at site B
    ],
)
def test_a_program_config_moves_the_stored_ciwa_band(
    cast: Cast, record: Record, configured_at: str | None, client: str, actor: str, band: str
) -> None:
    if configured_at is not None:
        ScoringConfig.objects.create(site=getattr(cast, configured_at), instrument="ciwa-ar", config=WIDER_MILD)
    adm = record(getattr(cast, client), "ciwa-ar", CIWA_12, actor=getattr(cast, actor))
    assert (adm.total, adm.band) == (12, band)


def test_rescoring_applies_the_programs_new_config(cast: Cast, record: Record) -> None:
    adm = record(cast.erin, "ciwa-ar", CIWA_12)
    ScoringConfig.objects.create(site=cast.site_a, instrument="ciwa-ar", config=WIDER_MILD)
    rescoring = services.administration_rescore(actor=cast.dana, administration=adm, reason="program bands")
    assert rescoring is not None and rescoring.new_score["band"] == "mild"
    assert Administration.objects.get(pk=adm.pk).band == "mild"


@pytest.mark.parametrize(
    ("instrument", "config", "message"),
    [
        ("ciwa-ar", {"bands": [["mild", 9], ["severe", None]]}, "keep the codes"),
        ("ciwa-ar", {"bands": [["mild", 20], ["moderate", 18], ["severe", None]]}, "must increase"),
        ("ciwa-ar", {"positive_cutoff": 3}, "cannot be configured"),
        ("phq2", {"positive_cutoff": "three"}, "must be a number"),
        ("dast10", {}, "at least one of"),
        ("urica", ["bands"], "at least one of"),
    ],
)
def test_an_invalid_config_is_refused_on_the_config_field(
    cast: Cast, instrument: str, config: Any, message: str
) -> None:
    row = ScoringConfig(site=cast.site_a, instrument=instrument, config=config)
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert message in " ".join(caught.value.message_dict["config"])


@pytest.mark.parametrize(
    ("instrument", "config"),
    [
        ("phq2", {"positive_cutoff": 2}),
        ("dast10", {"positive_cutoff": 6}),
        ("pcl5", {"positive_cutoff": 33}),
        ("ciwa-ar", WIDER_MILD),
        ("urica", {"bands": [["precontemplation", 7], ["contemplation", 12], ["preparation-action", None]]}),
    ],
)
def test_a_valid_config_passes(cast: Cast, instrument: str, config: dict[str, Any]) -> None:
    row = ScoringConfig(site=cast.site_a, instrument=instrument, config=config)
    row.full_clean()  # raises on an invalid config
    row.save()
    assert ScoringConfig.objects.get(site=cast.site_a, instrument=instrument).config == config


def test_an_instrument_without_unverified_cutoffs_cannot_be_configured(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        ScoringConfig(site=cast.site_a, instrument="phq9", config={"positive_cutoff": 10}).full_clean()
    assert "instrument" in caught.value.message_dict


@pytest.mark.parametrize(
    ("instrument", "configured", "note"),
    [
        ("ciwa-ar", False, selectors.CUTOFFS_DEFAULT),
        ("ciwa-ar", True, selectors.CUTOFFS_PROGRAM),
        ("phq2", False, selectors.CUTOFFS_DEFAULT),
        ("phq9", False, None),  # validated cut-offs: no note
    ],
)
def test_the_entry_form_says_where_the_cutoffs_come_from(
    cast: Cast, instrument: str, configured: bool, note: str | None
) -> None:
    if configured:
        ScoringConfig.objects.create(site=cast.site_a, instrument=instrument, config=WIDER_MILD)
    page = logged_in(cast.alice).get(f"/measures/clients/{cast.erin.pk}/record/{instrument}/").content.decode()
    if note is None:
        assert "Cut-offs" not in page
    else:
        assert note in page
        other = selectors.CUTOFFS_PROGRAM if note == selectors.CUTOFFS_DEFAULT else selectors.CUTOFFS_DEFAULT
        assert other not in page


def test_the_chart_shows_the_note_next_to_the_scores(cast: Cast, record: Record) -> None:
    record(cast.erin, "ciwa-ar", CIWA_12)
    record(cast.erin, "phq9", [0] * 9)
    ScoringConfig.objects.create(site=cast.site_a, instrument="ciwa-ar", config=WIDER_MILD)
    page = logged_in(cast.alice).get(f"/clients/{cast.erin.pk}/").content.decode()
    assert f"CIWA-Ar: {selectors.CUTOFFS_PROGRAM}" in page
    assert "PHQ-9: Cut-offs" not in page
