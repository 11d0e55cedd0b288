from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openiop.core.time import site_time


def render_local(
    request: HttpRequest, site: Any, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """Render with the site's time zone active, so every time on the page is the site's local time."""
    with site_time(site):
        return render(request, template, context, status=status)


def posted_int(request: HttpRequest, name: str) -> int:
    """A posted row id; 0 (matches no row) when missing or not a number, so a bad post is a 404, not a 500."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0
