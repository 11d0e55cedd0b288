"""ZIP code → centroid, offline, from the maintained ``zipcodes`` package (no network). Pure."""

import re

import zipcodes

_ZIP = re.compile(r"^\d{5}(-\d{4})?$")


def zip_centroid(code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a US ZIP code's centroid, or None when unknown."""
    text = (code or "").strip()
    if not _ZIP.match(text):
        return None
    try:
        found = zipcodes.matching(text[:5])  # type: ignore[no-untyped-call]
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    try:
        return float(found[0]["lat"]), float(found[0]["long"])
    except (KeyError, TypeError, ValueError):
        return None
