"""Shared helpers for the pure scoring tests (no Django, no database)."""

from collections.abc import Collection

from openiop.measures.instruments import REGISTRY, get
from openiop.measures.instruments.base import Answer

CODES = tuple(REGISTRY)


def sex_for(code: str) -> str | None:
    return "female" if get(code).requires_sex else None


def lowest_answers(code: str) -> list[Answer]:
    """The lowest valid answer to every item; skipped items None where required."""
    answers: dict[str, Answer] = {}
    for item in get(code).items:
        skip = item.skip
        if skip is not None and skip.must and answers[skip.when_item] == skip.equals:
            answers[item.number] = None
        else:
            answers[item.number] = min(item.values)
    return list(answers.values())


def highest_answers(code: str) -> list[Answer]:
    return [max(item.values) for item in get(code).items]


def answers_totalling(code: str, total: int, *, zero: Collection[str] = ()) -> list[Answer]:
    """Answers whose points add up to ``total``, filling items from the front.

    Items in ``zero`` score 0 points. Backtracks over gapped value sets (COWS).
    """
    items = get(code).items

    def search(index: int, remaining: int) -> list[int] | None:
        if index == len(items):
            return [] if remaining == 0 else None
        item = items[index]
        by_points = sorted(item.values, key=item.points, reverse=True)
        for value in by_points:
            points = item.points(value)
            if points > remaining or (item.number in zero and points != 0):
                continue
            rest = search(index + 1, remaining - points)
            if rest is not None:
                return [value, *rest]
        return None

    found = search(0, total)
    if found is None:
        raise AssertionError(f"no answers for {code} total {total}")
    return list(found)
