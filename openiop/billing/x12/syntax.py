"""X12 syntax shared by the writers and the reader: separators, element cleaning, amounts (pure)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

_UNSAFE = re.compile(r"[*:^~\r\n]")


def clean(value: object) -> str:
    """A value made safe for an element: separators removed, upper case, trimmed."""
    return _UNSAFE.sub(" ", str(value)).strip().upper()


def amount(value: Decimal) -> str:
    """X12 decimal: no trailing zeros beyond what is needed ("100", "12.5")."""
    text = f"{value.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def seg(*elements: object) -> str:
    items = [clean(e) if not isinstance(e, Raw) else e.text for e in elements]
    while items and items[-1] == "":
        items.pop()
    return "*".join(items)


@dataclass(frozen=True)
class Raw:
    """An element already composed (components joined with ':')."""

    text: str


def composite(*parts: object) -> Raw:
    items = [clean(p) for p in parts]
    while items and items[-1] == "":
        items.pop()
    return Raw(":".join(items))


def segments(text: str) -> Iterable[list[str]]:
    """Split an X12 text into segments of elements (for tests and the 835 reader)."""
    for raw in text.replace("\n", "").replace("\r", "").split("~"):
        if raw.strip():
            yield raw.strip().split("*")
