import pytest

from openiop.clinical.similarity import names_mentioned, similar_pairs, similarity

BASE = "Participated actively in the relapse prevention discussion and identified two personal triggers at work"


@pytest.mark.parametrize(
    ("a", "b", "flagged"),
    [
        (BASE, BASE, True),
        (BASE, BASE.upper() + "!!", True),  # case and punctuation do not hide a copy
        (BASE, BASE.replace("two", "three"), True),  # one word changed
        (BASE, BASE + " and one at home", True),
        (
            BASE,
            "Quiet for most of the session; spoke once about missing her daughter and craving after payday",
            False,
        ),
        (BASE, "Participated actively in the discussion", False),
        ("", "", False),  # empty entries are missing entries, not clones
        ("Engaged.", "Engaged.", True),  # short texts compare single words
        ("Engaged.", "Withdrawn.", False),
    ],
)
def test_entries_at_or_above_the_threshold_are_flagged(a: str, b: str, flagged: bool) -> None:
    assert bool(similar_pairs({"a": a, "b": b})) is flagged


def test_each_clients_own_name_is_ignored() -> None:
    a = "Erin shared that Erin feels ready to call her sponsor before the weekend"
    b = "Frank shared that Frank feels ready to call her sponsor before the weekend"
    assert similarity(a, b, names_a=["Erin Castillo"], names_b=["Frank Reyes"]) == 1.0
    assert similarity(a, b) < 1.0


def test_pairs_come_most_similar_first_with_their_score() -> None:
    pairs = similar_pairs({1: BASE, 2: BASE, 3: BASE.replace("two", "three"), 4: "Left to take a call"})
    assert [(p.first, p.second) for p in pairs] == [(1, 2), (1, 3), (2, 3)]
    assert pairs[0].score == 1.0 and 0.5 <= pairs[-1].score < 1.0


@pytest.mark.parametrize(("threshold", "count"), [(0.9, 0), (0.5, 1)])
def test_the_threshold_is_a_parameter(threshold: float, count: int) -> None:
    assert len(similar_pairs({"a": BASE, "b": BASE.replace("two", "three")}, threshold=threshold)) == count


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Today the group discussed triggers.", []),
        ("Erin led the check-in.", ["erin"]),
        ("The group thanked Ms. Castillo.", ["erin"]),
        ("We will meet again Thursday.", []),  # "will" is not the client Will
        ("Will brought snacks.", ["will"]),
        ("María José and Frank joined late.", ["frank", "majo"]),
    ],
)
def test_roster_names_are_found_as_capitalised_words(text: str, found: list[str]) -> None:
    names = {
        "erin": ["Erin", "Castillo"],
        "frank": ["Frank", "Reyes"],
        "will": ["Will", "Tanner"],
        "majo": ["María José", "Hernández", "Majo"],
    }
    assert names_mentioned(text, names) == found
