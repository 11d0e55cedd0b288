import pytest

from openiop.measures.instruments import get, score
from openiop.measures.tests import answers_totalling


def endorsed(*items: int, value: int = 2) -> list[int]:
    answers = [0] * 20
    for item in items:
        answers[item - 1] = value
    return answers


def test_it_sums_the_four_clusters() -> None:
    # ref: "Clusters: B 1–5, C 6–7, D 8–14, E 15–20"; "subscales B, C, D, E sums"
    answers = [1] * 5 + [2] * 2 + [3] * 7 + [4] * 6
    result = score("pcl5", answers)
    assert result.subscales == {"B": 5, "C": 4, "D": 21, "E": 24}
    assert result.total == 54
    assert result.band is None


# ref: "`positive` total ≥ 33*"; "Cut-point 31–33" [S40]
@pytest.mark.parametrize(("total", "positive"), [(32, False), (33, True)])
def test_it_is_positive_from_a_total_of_33(total: int, positive: bool) -> None:
    assert score("pcl5", answers_totalling("pcl5", total)).positive is positive


def test_a_program_may_use_the_lower_cutpoint_of_31() -> None:
    answers = answers_totalling("pcl5", 31)
    assert score("pcl5", answers, config={"positive_cutoff": 31}).positive is True
    assert score("pcl5", answers).positive is False


# ref: "items ≥2 count as endorsed, needing ≥1 B, ≥1 C, ≥2 D and ≥2 E" [S40]
@pytest.mark.parametrize(
    ("answers", "flags"),
    [
        pytest.param(endorsed(1, 6, 8, 9, 15, 16), ["provisional-ptsd"], id="minimum"),
        pytest.param(endorsed(6, 8, 9, 15, 16), [], id="no-B"),
        pytest.param(endorsed(1, 8, 9, 15, 16), [], id="no-C"),
        pytest.param(endorsed(1, 6, 8, 15, 16), [], id="one-D"),
        pytest.param(endorsed(1, 6, 8, 9, 15), [], id="one-E"),
        pytest.param(endorsed(1, 6, 8, 9, 15, 16, value=1), [], id="ones-not-endorsed"),
        pytest.param([4] * 20, ["provisional-ptsd"], id="all-4"),
    ],
)
def test_it_flags_provisional_ptsd_by_the_cluster_rule(answers: list[int], flags: list[str]) -> None:
    assert score("pcl5", answers).flags == flags


def test_it_carries_the_public_domain_wording() -> None:
    # ref: "Public domain (National Center for PTSD) [S41]"
    pcl5 = get("pcl5")
    assert pcl5.wording_allowed and all(item.text for item in pcl5.items)
    assert pcl5.loinc_total is None  # ref: "LOINC **UNVERIFIED**"
