"""Building blocks for instrument definitions: pure data and pure functions.

An instrument is declared as data (items, bands, cut-off, subscales) plus a
scorer. Most instruments use :func:`score_sum`; the few with unusual rules
(AUDIT-C, C-SSRS, URICA) supply a small scorer of their own that reuses the
helpers here. Nothing in this package may import Django.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import pairwise
from typing import Literal

type Number = int | float
type Answer = int | None
type Scorer = Callable[[Responses], Score]
type Flagger = Callable[[Responses], list[str]]

SEXES: tuple[str, ...] = ("female", "male")
CONFIG_KEYS: tuple[str, ...] = ("positive_cutoff", "bands")


class ScoringError(ValueError):
    """Answers that cannot be scored. ``item`` names the culprit.

    ``item`` is an item number ("1", "7A"), or one of "answers" (wrong count or
    container), "sex", "code" (unknown instrument) or "config".
    """

    def __init__(self, item: str, message: str) -> None:
        super().__init__(message)
        self.item = item
        self.message = message

    @classmethod
    def for_item(cls, number: str, detail: str) -> ScoringError:
        return cls(number, f"item {number}: {detail}")


@dataclass(frozen=True, slots=True)
class Skip:
    """Skip logic: when item ``when_item`` was answered ``equals``, this item
    is skipped. ``must`` means it must then be None (C-SSRS); otherwise it may
    be None or answered (BAM 7A–7G). When the condition does not hold, the item
    must be answered."""

    when_item: str
    equals: int
    must: bool


@dataclass(frozen=True, slots=True)
class Item:
    number: str
    label: str  # short neutral label, always safe to show
    values: tuple[int, ...]  # the only points this item accepts
    text: str | None = None  # published wording, only where the licence allows it
    anchors: tuple[tuple[int, str], ...] = ()  # value → short description
    skip: Skip | None = None
    reverse: bool = False  # points = max + min − value (DAST-10 item 3)

    def points(self, value: int) -> int:
        if self.reverse:
            return max(self.values) + min(self.values) - value
        return value

    @property
    def anchor_map(self) -> dict[int, str]:
        return dict(self.anchors)


@dataclass(frozen=True, slots=True)
class Band:
    """A band covers totals up to and including ``upper`` (None: no limit).

    Bands are checked in order, so each band starts just above the previous
    band's ``upper``. A total on a boundary therefore goes to the lower band.
    """

    code: str
    upper: Number | None


@dataclass(frozen=True, slots=True)
class Subscale:
    name: str
    items: tuple[str, ...]
    method: Literal["sum", "mean"] = "sum"


@dataclass(frozen=True, slots=True)
class Loinc:
    code: str
    verified: bool  # False where the reference marks it UNVERIFIED


@dataclass(frozen=True, slots=True)
class Score:
    code: str
    total: Number | None
    band: str | None
    positive: bool | None
    flags: list[str] = field(default_factory=list)
    subscales: dict[str, Number] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "total": self.total,
            "band": self.band,
            "positive": self.positive,
            "flags": list(self.flags),
            "subscales": dict(self.subscales),
        }


@dataclass(frozen=True, slots=True)
class Responses:
    """Validated answers handed to a scorer, with the thresholds in force."""

    instrument: Instrument
    answers: Mapping[str, Answer]  # item number → value as answered
    points: Mapping[str, int]  # item number → points; skipped items absent
    sex: str | None
    bands: tuple[Band, ...]
    positive_cutoff: Number | None

    def total(self) -> int:
        return sum(self.points.values())


@dataclass(frozen=True, slots=True)
class Instrument:
    code: str
    name: str
    items: tuple[Item, ...]
    licence: str
    wording_allowed: bool
    scorer: Scorer
    sources: str  # reference tags, e.g. "[S1]"
    prompt: str | None = None  # instruction stem, only where wording_allowed
    loinc_panel: Loinc | None = None
    loinc_total: Loinc | None = None
    bands: tuple[Band, ...] = ()
    positive_cutoff: Number | None = None  # positive when total ≥ this
    subscales: tuple[Subscale, ...] = ()
    flagger: Flagger | None = None
    requires_sex: bool = False
    configurable: frozenset[str] = frozenset()  # keys of CONFIG_KEYS

    @property
    def band_codes(self) -> tuple[str, ...]:
        return tuple(band.code for band in self.bands)

    def item(self, number: str) -> Item:
        for item in self.items:
            if item.number == number:
                return item
        raise KeyError(number)


# ---------------------------------------------------------------- helpers


def likert(
    numbers_and_labels: Sequence[tuple[str, str]],
    values: tuple[int, ...],
    *,
    texts: Sequence[str] | None = None,
    anchors: tuple[tuple[int, str], ...] = (),
) -> tuple[Item, ...]:
    """Items that share one response scale."""
    return tuple(
        Item(
            number=number,
            label=label,
            values=values,
            text=texts[index] if texts is not None else None,
            anchors=anchors,
        )
        for index, (number, label) in enumerate(numbers_and_labels)
    )


def numbered(labels: Sequence[str]) -> list[tuple[str, str]]:
    return [(str(n), label) for n, label in enumerate(labels, start=1)]


def band_for(total: Number | Fraction, bands: Sequence[Band]) -> str | None:
    for band in bands:
        if band.upper is None or total <= band.upper:
            return band.code
    return None


def is_positive(total: Number | Fraction, cutoff: Number | None) -> bool | None:
    return None if cutoff is None else total >= cutoff


def subscale_values(r: Responses) -> dict[str, Number]:
    values: dict[str, Number] = {}
    for subscale in r.instrument.subscales:
        points = sum(r.points[number] for number in subscale.items)
        if subscale.method == "mean":
            values[subscale.name] = float(Fraction(points, len(subscale.items)))
        else:
            values[subscale.name] = points
    return values


def flags_of(r: Responses) -> list[str]:
    return [] if r.instrument.flagger is None else r.instrument.flagger(r)


def score_sum(r: Responses) -> Score:
    """Total = sum of item points; band, cut-off, subscales and flags as declared."""
    total = r.total()
    return Score(
        code=r.instrument.code,
        total=total,
        band=band_for(total, r.bands),
        positive=is_positive(total, r.positive_cutoff),
        flags=flags_of(r),
        subscales=subscale_values(r),
    )


def score_subscales_only(r: Responses) -> Score:
    """No validated total (BAM): subscales and flags only."""
    return Score(
        code=r.instrument.code,
        total=None,
        band=None,
        positive=None,
        flags=flags_of(r),
        subscales=subscale_values(r),
    )


# ------------------------------------------------------------- validation


def _allowed(values: tuple[int, ...]) -> str:
    return ", ".join(str(v) for v in values)


def _check_value(item: Item, value: object, answers: Mapping[str, Answer]) -> Answer:
    allowed = f"(allowed: {_allowed(item.values)})"
    skip = item.skip
    skipped = skip is not None and answers.get(skip.when_item) == skip.equals
    if value is None:
        if skipped:
            return None
        because = f" because item {skip.when_item} is {answers.get(skip.when_item)}" if skip is not None else ""
        raise ScoringError.for_item(item.number, f"an answer is required{because} {allowed}")
    if skip is not None and skipped and skip.must:
        raise ScoringError.for_item(
            item.number,
            f"must be None (skipped) because item {skip.when_item} is {skip.equals}",
        )
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoringError.for_item(
            item.number,
            f"{value!r} is a {type(value).__name__}, not an integer {allowed}",
        )
    if value not in item.values:
        raise ScoringError.for_item(item.number, f"{value} is not an allowed value {allowed}")
    return value


def _check_sex(instrument: Instrument, sex: object) -> str | None:
    if sex is None:
        if instrument.requires_sex:
            raise ScoringError(
                "sex",
                f"sex: required for {instrument.code} (one of: {', '.join(SEXES)}); cut-offs depend on it",
            )
        return None
    if not isinstance(sex, str) or sex not in SEXES:
        raise ScoringError("sex", f"sex: {sex!r} is not one of: {', '.join(SEXES)} (or None)")
    return sex


def _config_error(detail: str) -> ScoringError:
    return ScoringError("config", f"config: {detail}")


def _check_number(value: object, what: str) -> Number:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _config_error(f"{what} must be a number, got {value!r}")
    return value


def _check_bands(instrument: Instrument, value: object) -> tuple[Band, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise _config_error("bands must be a sequence of (code, upper) pairs")
    bands: list[Band] = []
    for pair in value:
        if isinstance(pair, Band):
            bands.append(pair)
            continue
        if isinstance(pair, str | bytes) or not isinstance(pair, Sequence):
            raise _config_error(f"band {pair!r} is not a (code, upper) pair")
        if len(pair) != 2 or not isinstance(pair[0], str):
            raise _config_error(f"band {pair!r} is not a (code, upper) pair")
        upper = None if pair[1] is None else _check_number(pair[1], "a band's upper")
        bands.append(Band(pair[0], upper))
    codes = tuple(band.code for band in bands)
    if codes != instrument.band_codes:
        raise _config_error(
            f"bands must keep the codes {', '.join(instrument.band_codes)} "
            f"in that order, got {', '.join(codes) or 'none'}"
        )
    uppers = [band.upper for band in bands]
    if uppers[-1] is not None or any(u is None for u in uppers[:-1]):
        raise _config_error("only the last band may (and must) have no upper bound")
    bounded = [u for u in uppers if u is not None]
    if any(b <= a for a, b in pairwise(bounded)):
        raise _config_error("band upper bounds must increase")
    return tuple(bands)


def responses(
    instrument: Instrument,
    answers: object,
    *,
    sex: object = None,
    config: Mapping[str, object] | None = None,
) -> Responses:
    """Validate everything a scorer relies on; raise ScoringError otherwise."""
    if isinstance(answers, str | bytes) or not isinstance(answers, Sequence):
        raise ScoringError(
            "answers",
            f"answers: expected a list of {len(instrument.items)} answers, got {type(answers).__name__}",
        )
    if len(answers) != len(instrument.items):
        raise ScoringError(
            "answers",
            f"answers: {instrument.code} expects {len(instrument.items)} answers, got {len(answers)}",
        )
    checked_sex = _check_sex(instrument, sex)

    bands = instrument.bands
    cutoff = instrument.positive_cutoff
    if config is not None:
        if not isinstance(config, Mapping):
            raise _config_error("must be a mapping")
        for key, value in config.items():
            if key not in instrument.configurable:
                can = ", ".join(sorted(instrument.configurable)) or "nothing"
                raise _config_error(f"{key!r} cannot be configured for {instrument.code} (configurable: {can})")
            if key == "positive_cutoff":
                cutoff = _check_number(value, "positive_cutoff")
            elif key == "bands":
                bands = _check_bands(instrument, value)

    by_number: dict[str, Answer] = {}
    points: dict[str, int] = {}
    for item, value in zip(instrument.items, answers, strict=True):
        checked = _check_value(item, value, by_number)
        by_number[item.number] = checked
        if checked is not None:
            points[item.number] = item.points(checked)
    return Responses(
        instrument=instrument,
        answers=by_number,
        points=points,
        sex=checked_sex,
        bands=bands,
        positive_cutoff=cutoff,
    )
