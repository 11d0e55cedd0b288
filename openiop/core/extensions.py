"""Extension points through which apps add to pages they do not own.

One style for every app: ``<app>/extensions.py`` declares its parts as data, in lists named after
the registries here (``CHART_PANELS``, ``CHART_ALERTS``, ``HOME_PANELS``), and their context
callables live in ``<app>/panels.py``. ``collect()`` (run once by ``CoreConfig.ready()``) reads
those lists for every installed app; no app registers by hand. The owning page renders every part
in ``(order, key)`` order. Each ``context`` callable must run a constant number of queries (the
chart and home page query-count tests cover every registered part).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.module_loading import module_has_submodule

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


REGISTRIES: dict[str, list[Any]] = {
    "CHART_PANELS": CHART_PANELS,
    "CHART_ALERTS": CHART_ALERTS,
    "HOME_PANELS": HOME_PANELS,
}
MODULE = "extensions"


def declared_parts() -> dict[str, list[tuple[str, Any]]]:
    """Every installed app's declared parts by registry name, as ``(module, part)`` pairs."""
    found: dict[str, list[tuple[str, Any]]] = {name: [] for name in REGISTRIES}
    for config in apps.get_app_configs():
        if config.name == __name__.rpartition(".")[0] or not module_has_submodule(config.module, MODULE):
            continue
        module = import_module(f"{config.name}.{MODULE}")
        for name in REGISTRIES:
            found[name] += [(module.__name__, part) for part in getattr(module, name, ())]
    return found


def collect() -> None:
    """Rebuild the registries from every installed app's ``extensions.py`` (idempotent)."""
    for name, parts in declared_parts().items():
        keys = [part.key for _, part in parts]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ImproperlyConfigured(f"{name}: more than one part with the key {', '.join(duplicates)}")
        REGISTRIES[name][:] = sorted((part for _, part in parts), key=lambda p: (p.order, p.key))


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
