"""A program's cadence: the defaults, and directors changing it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Cast
from openiop.measures import services
from openiop.measures.models import Cadence


def test_the_defaults_are_seeded_once(cast: Cast) -> None:
    assert services.cadence_seed_defaults(actor=cast.dana, site=cast.site_a) == 6
    assert services.cadence_seed_defaults(actor=cast.dana, site=cast.site_a) == 0
    rows = {
        c.instrument: (c.at_intake, c.at_admission, c.every_n_days) for c in Cadence.objects.filter(site=cast.site_a)
    }
    # Issue 3: PHQ-9 and GAD-7 at admission and weekly, BAM weekly, URICA at admission and
    # monthly, AUDIT-C/DAST-10 at intake.
    assert rows == {
        "phq9": (False, True, 7),
        "gad7": (False, True, 7),
        "bam": (False, False, 7),
        "urica": (False, True, 30),
        "auditc": (True, False, None),
        "dast10": (True, False, None),
    }


def test_a_director_changes_a_row_or_adds_one_for_a_track(cast: Cast) -> None:
    services.cadence_seed_defaults(actor=cast.dana, site=cast.site_a)
    services.cadence_set(actor=cast.dana, site=cast.site_a, instrument="bam", every_n_days=30)
    services.cadence_set(
        actor=cast.dana, site=cast.site_a, instrument="scoff", track="Eating disorders", at_admission=True
    )
    assert Cadence.objects.get(site=cast.site_a, instrument="bam").every_n_days == 30
    assert Cadence.objects.get(instrument="scoff").track == "Eating disorders"


@pytest.mark.parametrize("person", ["alice", "mel", "carol"])
def test_only_the_sites_directors_set_its_cadence(cast: Cast, person: str) -> None:
    with pytest.raises(PermissionDenied):
        services.cadence_set(actor=getattr(cast, person), site=cast.site_a, instrument="phq9", every_n_days=7)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"every_n_days": 0}, "every_n_days"),
        ({}, "__all__"),
        ({"instrument": "phq-9", "every_n_days": 7}, "instrument"),
    ],
)
def test_a_cadence_must_say_when_and_name_a_known_instrument(cast: Cast, kwargs: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {"instrument": "phq9", **kwargs}
    with pytest.raises(ValidationError) as caught:
        services.cadence_set(actor=cast.dana, site=cast.site_a, **arguments)  # type: ignore[arg-type]
    assert field in caught.value.message_dict
    assert not Cadence.objects.exists()
