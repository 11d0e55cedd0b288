"""The kinds of records a disclosure can release: a registry other apps extend.

An app registers its kinds in its ``AppConfig.ready()``::

    from openiop.consents.records import RecordKind, register_record_kind

    register_record_kind(RecordKind(
        key="attendance", label="Attendance", template="clinical/records/attendance.html",
        context=lambda client: {"rows": attendance_for_disclosure(client)},
    ))

``context`` receives the client and runs a constant number of queries; ``template`` renders one
section (an ``<h2>`` and its content) of the disclosed document. Set ``narrative=True`` for
records containing clinical narrative: staff who may not read narratives (billing) can neither
release nor print them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from openiop.clients.models import Client


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: str
    template: str
    context: Callable[[Client], dict[str, Any]]
    narrative: bool = False
    order: int = 100


RECORD_KINDS: dict[str, RecordKind] = {}


def register_record_kind(kind: RecordKind) -> None:
    RECORD_KINDS.setdefault(kind.key, kind)  # ready() may run twice in tests


def record_kinds(*, narratives: bool) -> list[RecordKind]:
    kinds = (k for k in RECORD_KINDS.values() if narratives or not k.narrative)
    return sorted(kinds, key=lambda k: (k.order, k.key))


def render_records(client: Client, keys: Iterable[str]) -> str:
    """The HTML of the released records, section by section, in registry order."""
    chosen = set(keys)
    return "\n".join(
        render_to_string(kind.template, {"client": client, **kind.context(client)})
        for kind in record_kinds(narratives=True)
        if kind.key in chosen
    )


def _demographics(client: Client) -> dict[str, Any]:
    return {}


def _episodes(client: Client) -> dict[str, Any]:
    return {"episodes": list(client.episodes.select_related("primary_clinician").order_by("-admission_date", "-pk"))}


BUILT_IN = [
    RecordKind("demographics", "Demographics", "consents/records/demographics.html", _demographics, order=10),
    RecordKind(
        "episodes", "Episodes of care (dates and level of care)", "consents/records/episodes.html", _episodes, order=20
    ),
]
