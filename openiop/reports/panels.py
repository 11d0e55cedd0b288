"""The director's home panel: a way to the outcomes dashboard (no queries)."""

from typing import Any

from django.http import HttpRequest


def home_panel_context(request: HttpRequest) -> dict[str, Any]:
    return {}
