"""The scoring contract, checked for every instrument in the registry.

ref: "Wrong number of answers, a value outside an item's options, or a missing
required `sex`: raise a clear error naming the item … Never guess."
"""

import pytest

from openiop.measures.instruments import REGISTRY, ScoringError, get, score
from openiop.measures.instruments.base import Answer
from openiop.measures.tests import CODES, highest_answers, lowest_answers, sex_for

ITEMS = [
    pytest.param(code, index, id=f"{code}-item-{item.number}")
    for code in CODES
    for index, item in enumerate(get(code).items)
]


def with_value(code: str, index: int, value: object) -> list[object]:
    # Start from all-maximum answers so no skip rule makes the item optional.
    answers: list[object] = list(highest_answers(code))
    answers[index] = value
    return answers


def raised_by(code: str, answers: object, **kwargs: object) -> ScoringError:
    with pytest.raises(ScoringError) as raised:
        score(code, answers, sex=sex_for(code), **kwargs)  # type: ignore[arg-type]
    return raised.value


def test_the_registry_holds_exactly_the_contracted_codes() -> None:
    assert set(REGISTRY) == {
        "phq9", "phq2", "gad7", "audit", "auditc", "dast10", "ciwa-ar",
        "cows", "cssrs-screen", "scoff", "urica", "pcl5", "bam",
    }  # fmt: skip


# ref: "`answers`: one value per item, in item order" (defaults table counts)
@pytest.mark.parametrize(
    ("code", "count"),
    [
        ("phq9", 9), ("phq2", 2), ("gad7", 7), ("audit", 10), ("auditc", 3),
        ("dast10", 10), ("ciwa-ar", 10), ("cows", 11), ("cssrs-screen", 7),
        ("scoff", 5), ("urica", 32), ("pcl5", 20), ("bam", 24),
    ],
)  # fmt: skip
def test_each_instrument_has_the_item_count_of_the_reference(code: str, count: int) -> None:
    assert len(get(code).items) == count


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("delta", [-1, 1], ids=["one-short", "one-extra"])
def test_it_rejects_the_wrong_number_of_answers(code: str, delta: int) -> None:
    answers = lowest_answers(code)
    answers = answers[:-1] if delta < 0 else [*answers, answers[0]]
    error = raised_by(code, answers)
    assert error.item == "answers"
    expected, got = len(get(code).items), len(get(code).items) + delta
    assert f"expects {expected} answers, got {got}" in str(error)


@pytest.mark.parametrize("code", CODES)
def test_it_rejects_no_answers_at_all(code: str) -> None:
    assert raised_by(code, []).item == "answers"


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("answers", ["0000", None, {"1": 0}, 7], ids=repr)
def test_it_rejects_answers_that_are_not_a_list(code: str, answers: object) -> None:
    assert raised_by(code, answers).item == "answers"


@pytest.mark.parametrize(("code", "index"), ITEMS)
def test_it_rejects_a_value_above_the_items_options(code: str, index: int) -> None:
    item = get(code).items[index]
    error = raised_by(code, with_value(code, index, max(item.values) + 1))
    assert error.item == item.number
    assert str(error).startswith(f"item {item.number}: ")
    assert "is not an allowed value (allowed: " in str(error)


@pytest.mark.parametrize(("code", "index"), ITEMS)
def test_it_rejects_a_value_below_the_items_options(code: str, index: int) -> None:
    item = get(code).items[index]
    assert raised_by(code, with_value(code, index, min(item.values) - 1)).item == (item.number)


# ref: "Yes/no items take 1 for "yes" and 0 for "no"" — never True/False
@pytest.mark.parametrize(("code", "index"), ITEMS)
@pytest.mark.parametrize("value", [True, False, "1", 1.0, 0.0, [1]], ids=repr)
def test_it_rejects_values_that_are_not_integers(code: str, index: int, value: object) -> None:
    error = raised_by(code, with_value(code, index, value))
    assert error.item == get(code).items[index].number
    assert "not an integer" in str(error)


# ref: "`None` only where the instrument's own skip logic allows it"
@pytest.mark.parametrize(("code", "index"), ITEMS)
def test_it_rejects_a_missing_answer_the_skip_logic_does_not_allow(code: str, index: int) -> None:
    error = raised_by(code, with_value(code, index, None))
    assert error.item == get(code).items[index].number
    assert "an answer is required" in str(error)


@pytest.mark.parametrize("code", CODES)
def test_it_scores_the_lowest_and_highest_answers(code: str) -> None:
    for answers in (lowest_answers(code), highest_answers(code)):
        result = score(code, answers, sex=sex_for(code))
        assert result.code == code
        assert result.to_dict().keys() == {
            "code", "total", "band", "positive", "flags", "subscales"
        }  # fmt: skip


@pytest.mark.parametrize("code", CODES)
def test_it_only_uses_contracted_band_codes(code: str) -> None:
    # ref: "Band codes: PHQ-9 `minimal|mild|moderate|moderately-severe|severe`; …"
    contracted = {
        "phq9": ("minimal", "mild", "moderate", "moderately-severe", "severe"),
        "gad7": ("minimal", "mild", "moderate", "severe"),
        "audit": ("zone-1", "zone-2", "zone-3", "zone-4"),
        "dast10": ("none", "low", "moderate", "substantial", "severe"),
        "ciwa-ar": ("mild", "moderate", "severe"),
        "cows": ("none", "mild", "moderate", "moderately-severe", "severe"),
        "urica": ("precontemplation", "contemplation", "preparation-action"),
    }
    assert get(code).band_codes == contracted.get(code, ())


@pytest.mark.parametrize("code", [c for c in CODES if not get(c).requires_sex])
@pytest.mark.parametrize("sex", [None, "female", "male"])
def test_instruments_without_sex_cutoffs_accept_a_valid_sex_or_none(code: str, sex: str | None) -> None:
    assert score(code, lowest_answers(code), sex=sex).code == code


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("sex", ["f", "M", "unknown", 0], ids=repr)
def test_every_instrument_rejects_an_invalid_sex(code: str, sex: object) -> None:
    with pytest.raises(ScoringError) as raised:
        score(code, lowest_answers(code), sex=sex)  # type: ignore[arg-type]
    assert raised.value.item == "sex"


@pytest.mark.parametrize("code", ["PHQ9", "phq-9", "", "socrates"])
def test_it_rejects_an_unknown_instrument(code: str) -> None:
    with pytest.raises(ScoringError) as raised:
        score(code, [0] * 9)
    assert raised.value.item == "code"


@pytest.mark.parametrize("code", CODES)
def test_it_rejects_config_keys_the_instrument_does_not_expose(code: str) -> None:
    # Only values the reference marks * / UNVERIFIED are configurable.
    with pytest.raises(ScoringError) as raised:
        score(code, lowest_answers(code), sex=sex_for(code), config={"cutoff": 1})
    assert raised.value.item == "config"


@pytest.mark.parametrize(
    ("code", "keys"),
    [
        ("phq2", {"positive_cutoff"}),
        ("dast10", {"positive_cutoff"}),
        ("pcl5", {"positive_cutoff"}),
        ("ciwa-ar", {"bands"}),
        ("urica", {"bands"}),
    ],
)
def test_only_starred_defaults_are_configurable(code: str, keys: set[str]) -> None:
    assert get(code).configurable == keys
    others = [c for c in CODES if c not in {"phq2", "dast10", "pcl5", "ciwa-ar", "urica"}]
    assert all(not get(c).configurable for c in others)


@pytest.mark.parametrize("cutoff", [True, "3", None])
def test_it_rejects_a_cutoff_that_is_not_a_number(cutoff: object) -> None:
    with pytest.raises(ScoringError) as raised:
        score("phq2", [0, 0], config={"positive_cutoff": cutoff})
    assert raised.value.item == "config"


@pytest.mark.parametrize("code", CODES)
def test_wording_is_stored_only_where_the_licence_allows(code: str) -> None:
    # ref: "store item **wording** only where the licence allows it (PHQ-9,
    # PHQ-2, GAD-7 … PCL-5, SOCRATES: public domain)"
    instrument = get(code)
    assert instrument.wording_allowed == (code in {"phq9", "phq2", "gad7", "pcl5"})
    if not instrument.wording_allowed:
        assert instrument.prompt is None
        assert all(item.text is None for item in instrument.items)
    assert all(item.label for item in instrument.items)
    assert instrument.licence


def test_scoring_error_is_a_value_error_carrying_the_item() -> None:
    error = ScoringError.for_item("7A", "5 is not an allowed value")
    assert isinstance(error, ValueError)
    assert (error.item, str(error)) == ("7A", "item 7A: 5 is not an allowed value")


def test_lowest_answers_use_none_only_for_skipped_items() -> None:
    answers: list[Answer] = lowest_answers("cssrs-screen")
    assert answers == [0, 0, None, None, None, 0, None]
