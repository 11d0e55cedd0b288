"""Every part on a page another app owns comes from one mechanism: the app's ``extensions.py``
declares it and ``openiop.core.extensions.collect()`` registers it (see docs/where-things-go.md)."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from openiop.core import extensions

OPENIOP = Path(__file__).resolve().parents[2]


def test_every_registered_part_is_declared_in_an_apps_extensions_module() -> None:
    declared = extensions.declared_parts()
    for name, registry in extensions.REGISTRIES.items():
        assert [part for _, part in declared[name]] and registry
        assert sorted(id(part) for part in registry) == sorted(id(part) for _, part in declared[name])
        assert all(module.endswith(".extensions") for module, _ in declared[name])


def test_registries_are_in_order_then_key_order() -> None:
    for registry in extensions.REGISTRIES.values():
        assert registry == sorted(registry, key=lambda p: (p.order, p.key))


def test_collecting_twice_changes_nothing() -> None:
    before = {name: list(registry) for name, registry in extensions.REGISTRIES.items()}
    extensions.collect()
    assert {name: list(registry) for name, registry in extensions.REGISTRIES.items()} == before


def test_two_parts_with_one_key_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    declared = extensions.declared_parts()
    part = declared["HOME_PANELS"][0]
    monkeypatch.setattr(extensions, "declared_parts", lambda: {**declared, "HOME_PANELS": [part, part]})
    with pytest.raises(ImproperlyConfigured, match="more than one part"):
        extensions.collect()


def _names_used(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    return names


@pytest.mark.parametrize("path", sorted(OPENIOP.glob("*/apps.py")), ids=lambda p: p.parent.name)
def test_no_app_config_touches_the_registries_by_hand(path: Path) -> None:
    if path.parent.name == "core":
        return
    assert not _names_used(path) & {"register", "register_all", *extensions.REGISTRIES}


def test_every_openiop_app_with_parts_is_installed() -> None:
    installed = {config.name for config in apps.get_app_configs()}
    for path in OPENIOP.glob("*/extensions.py"):
        assert f"openiop.{path.parent.name}" in installed, path
