"""parse_input: the JSON input of the placement rules, and every way it can be wrong."""

import copy
from typing import Any

import pytest

from openiop.intake.placement import PlacementInput, PlacementInputError, parse_input

VALID: dict[str, Any] = {
    "population": "adult",
    "ciwa_ar": 6,
    "cows": None,
    "cssrs_risk": "low",
    "dimensions": {"1": 1, "2": 0, "3": 2, "4": 2, "5": 2, "6": 1},
    "available_hours_per_week": 12,
}


def valid_input_with(**changes: Any) -> dict[str, Any]:
    """VALID with top-level keys replaced; ``dimension_3=5`` replaces a rating."""
    data = copy.deepcopy(VALID)
    for key, value in changes.items():
        if key.startswith("dimension_"):
            data["dimensions"][key.removeprefix("dimension_")] = value
        else:
            data[key] = value
    return data


def valid_input_without(key: str) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    if key.startswith("dimensions."):
        del data["dimensions"][key.removeprefix("dimensions.")]
    else:
        del data[key]
    return data


def test_a_valid_input_becomes_a_placement_input() -> None:
    assert parse_input(VALID) == PlacementInput(
        population="adult",
        ciwa_ar=6,
        cows=None,
        cssrs_risk="low",
        dimensions={1: 1, 2: 0, 3: 2, 4: 2, 5: 2, 6: 1},
        available_hours_per_week=12.0,
    )


ACCEPTED = [
    pytest.param(valid_input_with(ciwa_ar=None, cssrs_risk=None,
                                  available_hours_per_week=None),
                 id="scores, risk and hours may be null"),
    pytest.param(valid_input_with(population="adolescent"), id="adolescent"),
    pytest.param(valid_input_with(ciwa_ar=0), id="CIWA-Ar 0"),
    pytest.param(valid_input_with(ciwa_ar=67), id="CIWA-Ar 67"),
    pytest.param(valid_input_with(cows=0), id="COWS 0"),
    pytest.param(valid_input_with(cows=48), id="COWS 48"),
    pytest.param(valid_input_with(cssrs_risk="none"), id="C-SSRS none"),
    pytest.param(valid_input_with(cssrs_risk="high"), id="C-SSRS high"),
    pytest.param(valid_input_with(dimension_3=0), id="rating 0"),
    pytest.param(valid_input_with(dimension_3=4), id="rating 4"),
    pytest.param(valid_input_with(available_hours_per_week=0), id="0 hours"),
    pytest.param(valid_input_with(available_hours_per_week=168), id="168 hours"),
    pytest.param(valid_input_with(available_hours_per_week=7.5), id="7.5 hours"),
]  # fmt: skip


@pytest.mark.parametrize("data", ACCEPTED)
def test_it_accepts_every_value_inside_the_ranges(data: dict[str, Any]) -> None:
    assert isinstance(parse_input(data), PlacementInput)


# (data, field, message)
REJECTED = [
    pytest.param([1, 2], "input", "must be a JSON object, got [1, 2]",
                 id="input that is a list"),
    pytest.param(None, "input", "must be a JSON object, got null",
                 id="input that is null"),
    *(
        pytest.param(valid_input_without(key), key, "is required",
                     id=f"missing {key}")
        for key in ("population", "ciwa_ar", "cows", "cssrs_risk", "dimensions",
                    "available_hours_per_week")
    ),
    pytest.param(valid_input_with(ciwa=6), "ciwa",
                 "is not expected here (expected: population, ciwa_ar, cows, "
                 "cssrs_risk, dimensions, available_hours_per_week)",
                 id="unknown key, so a typo is not a silent null"),
    pytest.param(valid_input_with(population="child"), "population",
                 'must be one of adult, adolescent, got "child"',
                 id="unknown population"),
    pytest.param(valid_input_with(population=None), "population",
                 "must be one of adult, adolescent, got null",
                 id="null population"),
    pytest.param(valid_input_with(ciwa_ar=-1), "ciwa_ar",
                 "must be a whole number from 0 to 67, got -1", id="CIWA-Ar -1"),
    pytest.param(valid_input_with(ciwa_ar=68), "ciwa_ar",
                 "must be a whole number from 0 to 67, got 68", id="CIWA-Ar 68"),
    pytest.param(valid_input_with(ciwa_ar=10.5), "ciwa_ar",
                 "must be a whole number from 0 to 67, got 10.5", id="CIWA-Ar 10.5"),
    pytest.param(valid_input_with(ciwa_ar=10.0), "ciwa_ar",
                 "must be a whole number from 0 to 67, got 10.0", id="CIWA-Ar 10.0"),
    pytest.param(valid_input_with(ciwa_ar="10"), "ciwa_ar",
                 'must be a whole number from 0 to 67, got "10"', id="CIWA-Ar string"),
    pytest.param(valid_input_with(ciwa_ar=True), "ciwa_ar",
                 "must be a whole number from 0 to 67, got true", id="CIWA-Ar true"),
    pytest.param(valid_input_with(cows=-1), "cows",
                 "must be a whole number from 0 to 48, got -1", id="COWS -1"),
    pytest.param(valid_input_with(cows=49), "cows",
                 "must be a whole number from 0 to 48, got 49", id="COWS 49"),
    pytest.param(valid_input_with(cows=False), "cows",
                 "must be a whole number from 0 to 48, got false", id="COWS false"),
    pytest.param(valid_input_with(cssrs_risk="severe"), "cssrs_risk",
                 'must be one of none, low, moderate, high, got "severe"',
                 id="unknown C-SSRS risk"),
    pytest.param(valid_input_with(cssrs_risk="HIGH"), "cssrs_risk",
                 'must be one of none, low, moderate, high, got "HIGH"',
                 id="C-SSRS risk in capitals"),
    pytest.param(valid_input_with(dimensions=[1, 2, 3, 4, 5, 6]), "dimensions",
                 "must be a JSON object, got [1, 2, 3, 4, 5, 6]",
                 id="dimensions that are a list"),
    pytest.param(valid_input_with(dimensions=None), "dimensions",
                 "must be a JSON object, got null", id="null dimensions"),
    *(
        pytest.param(valid_input_without(f"dimensions.{d}"), f"dimensions.{d}",
                     "is required", id=f"missing dimension {d}")
        for d in range(1, 7)
    ),
    pytest.param(valid_input_with(dimension_7=0), "dimensions.7",
                 "is not expected here (expected: 1, 2, 3, 4, 5, 6)",
                 id="dimension 7"),
    pytest.param(valid_input_with(dimension_0=0), "dimensions.0",
                 "is not expected here (expected: 1, 2, 3, 4, 5, 6)",
                 id="dimension 0"),
    pytest.param(valid_input_with(dimension_3=5), "dimensions.3",
                 "must be a whole number from 0 to 4, got 5", id="rating 5"),
    pytest.param(valid_input_with(dimension_3=-1), "dimensions.3",
                 "must be a whole number from 0 to 4, got -1", id="rating -1"),
    pytest.param(valid_input_with(dimension_6=None), "dimensions.6",
                 "must be a whole number from 0 to 4, got null", id="null rating"),
    pytest.param(valid_input_with(dimension_2=2.5), "dimensions.2",
                 "must be a whole number from 0 to 4, got 2.5", id="rating 2.5"),
    pytest.param(valid_input_with(dimension_1=True), "dimensions.1",
                 "must be a whole number from 0 to 4, got true", id="rating true"),
    pytest.param(valid_input_with(available_hours_per_week=-1),
                 "available_hours_per_week", "must be a number from 0 to 168, got -1",
                 id="-1 hours"),
    pytest.param(valid_input_with(available_hours_per_week=168.5),
                 "available_hours_per_week",
                 "must be a number from 0 to 168, got 168.5",
                 id="more hours than a week"),
    pytest.param(valid_input_with(available_hours_per_week="12"),
                 "available_hours_per_week", 'must be a number from 0 to 168, got "12"',
                 id="hours as a string"),
    pytest.param(valid_input_with(available_hours_per_week=True),
                 "available_hours_per_week", "must be a number from 0 to 168, got true",
                 id="hours true"),
    pytest.param(valid_input_with(available_hours_per_week=float("nan")),
                 "available_hours_per_week", "must be a number from 0 to 168, got NaN",
                 id="hours NaN"),
    pytest.param(valid_input_with(available_hours_per_week=float("inf")),
                 "available_hours_per_week",
                 "must be a number from 0 to 168, got Infinity", id="hours infinite"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "field", "message"), REJECTED)
def test_it_rejects_bad_input_naming_the_field(data: object, field: str, message: str) -> None:
    with pytest.raises(PlacementInputError) as raised:
        parse_input(data)

    assert (raised.value.field, raised.value.message) == (field, message)
    assert str(raised.value) == f"{field}: {message}"
