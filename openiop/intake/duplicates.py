"""Possible duplicates, found when a page is read and only among what its reader may see (issue 11).

An inquiry is a possible duplicate of an earlier inquiry, or of a client, at **its own site** with
the same phone digits (a leading 1 matches without it) or e-mail, **that the viewer may open**
(``policy.inquiries_for`` and ``policy.clients_for``). Nothing about a match is stored: under
42 CFR Part 2 acknowledging that someone is a patient is itself a disclosure, so a coordinator who
types a phone number learns only what their own lists already show them (nothing about another
site, nor about a client admitted since, whom intake no longer sees). Two queries for any number
of inquiries, so list pages keep a constant query count.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, Value
from django.db.models.functions import Lower, Replace

from openiop.accounts import policy
from openiop.clients.models import Client
from openiop.intake import rules
from openiop.intake.models import Inquiry

_PHONE_PUNCTUATION = (" ", "(", ")", "-", ".", "+")
MATCH_ORDER = ("phone", "email")


def digits_of(field: str) -> Any:
    """The digits of a phone column, computed in the database (client phones are stored as typed)."""
    expression: Any = F(field)
    for char in _PHONE_PUNCTUATION:
        expression = Replace(expression, Value(char), Value(""))
    return expression


@dataclass(frozen=True)
class Duplicate:
    match: str  # "phone", "email" or "phone, email"
    client: Client | None
    inquiry: Inquiry | None  # the earliest earlier inquiry


def _matched(inquiry: Inquiry, phone: str, email: str) -> set[str]:
    found: set[str] = set()
    if inquiry.phone_digits and rules.phone_digits(phone or "") == inquiry.phone_digits:
        found.add("phone")
    if inquiry.email and (email or "").strip().lower() == inquiry.email:
        found.add("email")
    return found


def duplicates_seen_by(*, user: Any, inquiries: Iterable[Inquiry]) -> dict[int, Duplicate]:
    """inquiry id → its possible duplicate among the records ``user`` may open (absent when none)."""
    items = list(inquiries)
    digits = {i.phone_digits for i in items if i.phone_digits}
    mails = {i.email for i in items if i.email}
    if not digits and not mails:
        return {}
    sites = sorted({i.site_id for i in items})
    client_q, inquiry_q = Q(pk__in=[]), Q(pk__in=[])
    if digits:
        client_q |= Q(phone_digits_db__in=sorted(digits | {"1" + d for d in digits}))
        inquiry_q |= Q(phone_digits__in=sorted(digits))
    if mails:
        client_q |= Q(email_lower__in=sorted(mails))
        inquiry_q |= Q(email__in=sorted(mails))
    clients: Sequence[Any] = list(
        policy.clients_for(user)
        .filter(site_id__in=sites)
        .annotate(phone_digits_db=digits_of("phone"), email_lower=Lower("email"))
        .filter(client_q)
        .order_by("pk")
    )
    others: Sequence[Inquiry] = list(
        policy.inquiries_for(user).filter(inquiry_q, site_id__in=sites).order_by("created_at", "pk")
    )
    found: dict[int, Duplicate] = {}
    for inquiry in items:
        client = next(
            (
                c
                for c in clients
                if c.site_id == inquiry.site_id
                and c.pk != inquiry.client_id  # the inquiry's own client record is no duplicate
                and _matched(inquiry, c.phone_digits_db, c.email)
            ),
            None,
        )
        earlier = next(
            (
                o
                for o in others
                if o.site_id == inquiry.site_id
                and o.pk != inquiry.pk
                and (o.created_at, o.pk) < (inquiry.created_at, inquiry.pk)
                and _matched(inquiry, o.phone_digits, o.email)
            ),
            None,
        )
        matched: set[str] = set()
        if client is not None:
            matched |= _matched(inquiry, client.phone_digits_db, client.email)
        if earlier is not None:
            matched |= _matched(inquiry, earlier.phone_digits, earlier.email)
        if matched:
            found[inquiry.pk] = Duplicate(", ".join(m for m in MATCH_ORDER if m in matched), client, earlier)
    return found


def attach_duplicates(*, user: Any, inquiries: Iterable[Inquiry]) -> None:
    """Set ``seen_duplicate`` (a ``Duplicate`` or None) on each inquiry, for pages and the API."""
    items = list(inquiries)
    found = duplicates_seen_by(user=user, inquiries=items)
    for inquiry in items:
        inquiry.seen_duplicate = found.get(inquiry.pk)  # type: ignore[attr-defined]


def clients_matching(*, user: Any, inquiry: Inquiry, limit: int = 10) -> list[Client]:
    """Clients of the inquiry's site the user may open with its phone digits or e-mail (the link page)."""
    q = Q(pk__in=[])
    if inquiry.phone_digits:
        q |= Q(phone_digits_db__in=[inquiry.phone_digits, "1" + inquiry.phone_digits])
    if inquiry.email:
        q |= Q(email_lower=inquiry.email)
    return list(
        policy.clients_for(user)
        .filter(site_id=inquiry.site_id)
        .annotate(phone_digits_db=digits_of("phone"), email_lower=Lower("email"))
        .filter(q)
        .order_by("legal_last_name", "legal_first_name", "pk")[:limit]
    )
