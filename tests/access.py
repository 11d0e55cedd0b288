"""Shared vocabulary of the access-control tables.

Each app lists its own pages and API operations in ``openiop/<app>/tests/access.py`` as
``URL_TABLE`` and ``API_TABLE``; ``tests/test_access_control.py`` gathers them all and fails when
a URL pattern or API operation is missing from every table.

Outcomes: ``ok`` (200/201/204, or a redirect that is not the login page), ``login`` (redirect to
log in), ``admin-login``, ``401``, ``403``, ``404``, ``405``.
"""

from collections.abc import Callable
from typing import Any

from conftest import Cast

PEOPLE = ["anonymous", "dana", "alice", "bob", "carol", "ivan", "bill", "mel", "ava", "erin", "frank"]

# (method, url builder, expected outcome per person); a POST sends ``body`` as form data.
Case = tuple[str, Callable[[Cast], str], dict[str, str]]
# (url builder, JSON body or None, expected outcome per person), keyed by (METHOD, path template)
ApiCase = tuple[Callable[[Cast], str], dict[str, Any] | None, dict[str, str]]


def row(default: str, **overrides: str) -> dict[str, str]:
    unknown = set(overrides) - set(PEOPLE)
    if unknown:
        raise ValueError(f"unknown people: {unknown}")
    return {person: overrides.get(person, default) for person in PEOPLE}


STAFF_PAGE = row("ok", anonymous="login", ava="403", erin="403", frank="403")
CLIENT_PAGE = row("403", anonymous="login", erin="ok", frank="ok")
