"""The clone guard: which individualized entries of a group note are too alike (pure; no Django).

Measure (docs/algorithms/clone-guard.md): the Jaccard index of the two entries' sets of word
trigrams after normalising (lower case, accents kept, punctuation dropped, whitespace collapsed,
each client's own names replaced by one placeholder so "Erin participated" and "Frank
participated" count as the same words). Texts shorter than three words use single words
instead of trigrams. Two entries whose index reaches the threshold (default 0.5) are flagged.
Empty entries are never flagged: an empty entry is a missing entry, checked elsewhere.
"""

import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

DEFAULT_THRESHOLD = 0.5
NAME_TOKEN = "⟨client⟩"  # noqa: S105 - a placeholder word, not a password
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)


@dataclass(frozen=True)
class SimilarPair[K: Hashable]:
    first: K
    second: K
    score: float


def words(text: str, *, names: Iterable[str] = ()) -> list[str]:
    lowered = {n.lower() for name in names for n in _WORD.findall(name)}
    return [NAME_TOKEN if w in lowered else w for w in _WORD.findall(text.lower())]


def shingles(text: str, *, names: Iterable[str] = (), size: int = 3) -> frozenset[tuple[str, ...]]:
    tokens = words(text, names=names)
    if len(tokens) < size:
        return frozenset((t,) for t in tokens)
    return frozenset(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: str, b: str, *, names_a: Iterable[str] = (), names_b: Iterable[str] = ()) -> float:
    return jaccard(shingles(a, names=names_a), shingles(b, names=names_b))


def similar_pairs[K: Hashable](
    entries: Mapping[K, str],
    *,
    names: Mapping[K, Iterable[str]] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[SimilarPair[K]]:
    """Every pair of entries at or above the threshold, most similar first (keys in input order)."""
    names = names or {}
    sets = {key: shingles(text, names=names.get(key, ())) for key, text in entries.items()}
    pairs = [
        SimilarPair(a, b, round(jaccard(sets[a], sets[b]), 3))
        for a, b in combinations(list(entries), 2)
        if jaccard(sets[a], sets[b]) >= threshold
    ]
    return sorted(pairs, key=lambda p: -p.score)


def names_mentioned[K: Hashable](text: str, names: Mapping[K, Iterable[str]]) -> list[K]:
    """Keys whose names appear in ``text`` as capitalised whole words ("Erin", not "will" for Will)."""
    proper = {w.lower() for w in _WORD.findall(text) if w[:1].isupper()}
    return [
        key
        for key, parts in names.items()
        if any(p.lower() in proper for part in parts for p in _WORD.findall(part) if len(p) >= 2)
    ]
