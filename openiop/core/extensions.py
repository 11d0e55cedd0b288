"""Extension points through which apps add to pages they do not own.

An app registers in its ``AppConfig.ready()``; the owning page renders every registered part in
order. Each ``context`` callable must run a constant number of queries (the chart and home page
query-count tests cover every registered part).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from openiop.accounts import policy
from openiop.core.time import site_time


@dataclass(frozen=True)
class ChartPanel:
    """A section of the client chart (a tab), or a block in the chart header's alerts area."""

    key: str
    label: str
    template: str
    context: Callable[[HttpRequest, Any], dict[str, Any]]
    order: int = 100
    needs_narratives: bool = True  # billing, who never sees narratives, does not get the panel


@dataclass(frozen=True)
class HomePanel:
    """A section of the staff home page for the roles listed."""

    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    roles: frozenset[str] = field(default_factory=frozenset)
    order: int = 100


CHART_PANELS: list[ChartPanel] = []
CHART_ALERTS: list[ChartPanel] = []
HOME_PANELS: list[HomePanel] = []


def register(registry: list[Any], part: Any) -> None:
    if any(existing.key == part.key for existing in registry):
        return  # ready() may run twice in tests
    registry.append(part)
    registry.sort(key=lambda p: (p.order, p.key))


def render_chart_parts(
    registry: list[ChartPanel], request: HttpRequest, client: Any, *, narratives: bool
) -> list[tuple[ChartPanel, str]]:
    return [
        (part, render_to_string(part.template, {"client": client, **part.context(request, client)}, request=request))
        for part in registry
        if narratives or not part.needs_narratives
    ]


def _render_home_part(part: HomePanel, request: HttpRequest) -> str:
    context = part.context(request)
    # Times on the home page are the site's wall clock: a part that names its site renders in
    # that site's zone (a 09:00 group is "9:00 AM" in Los Angeles, not the UTC "5:00 PM").
    with site_time(context.get("site")):
        return render_to_string(part.template, context, request=request)


def render_home_parts(request: HttpRequest, role: str | None) -> list[tuple[HomePanel, str]]:
    return [
        (part, _render_home_part(part, request)) for part in HOME_PANELS if policy.home_panel_shown(role, part.roles)
    ]
