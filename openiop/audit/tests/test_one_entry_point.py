"""The audit trail is written through one entry point: services record changes with
``record_change``/``save_and_record``, selectors record reads; views, panels and API handlers
never write it themselves."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for p in ROOT.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts)
RECORDING = re.compile(
    r"\b(audit_record|record_change|record_create|record_delete|record_read|record_list|save_and_record)\("
)
# A logout everywhere says who and when, not what changed: the chain's low-level append.
LOW_LEVEL_ALLOWED = {"audit/services.py", "accounts/services.py"}


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _is_request_layer(name: str) -> bool:
    stem = name.rsplit("/", 1)[-1]
    return "/views" in name or stem in ("panels.py", "api.py") or stem.endswith("_views.py")


@pytest.mark.parametrize("path", [p for p in SOURCES if _is_request_layer(_name(p))], ids=_name)
def test_no_view_panel_or_api_handler_writes_the_audit_trail(path: Path) -> None:
    assert not RECORDING.search(path.read_text()), "record reads in the selector the view calls"


@pytest.mark.parametrize("path", [p for p in SOURCES if _name(p) not in LOW_LEVEL_ALLOWED], ids=_name)
def test_only_the_entry_point_appends_to_the_chain_directly(path: Path) -> None:
    assert "audit_record(" not in path.read_text(), "use audit.services.record_change / record_read"
