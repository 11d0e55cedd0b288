"""Refuse text no database can store before any view sees it: NUL and unpaired surrogates (issue 11).

PostgreSQL refuses a NUL in text (psycopg raises before the query runs, and the page answered
500); a lone surrogate cannot be encoded for either database. Django's ``CharField`` form fields
already refuse NUL, but views that read ``request.POST`` directly (a group note's entries) and
fields whose validators do not run for every value did not. This middleware answers 422 naming the
first such field of the query string or the form body, and nothing runs. The JSON API has the
same rule in its body parser and query parser (``core/api.py``), with answers in the API's
error shape, so ``/api/`` is left to it.
"""

import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape

# The same characters as the API's parser refuses (core/api.py).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
API_PREFIX = "/api/"


def unstorable_field(data: MultiValueDict[str, str]) -> str | None:
    """The name of the first field whose name or value holds an unstorable character, if any."""
    for key, values in data.lists():
        texts: Iterable[object] = values
        if UNSTORABLE.search(key) or any(isinstance(v, str) and UNSTORABLE.search(v) for v in texts):
            return UNSTORABLE.sub("?", key) or "?"
    return None


def refusal(field: str) -> HttpResponse:
    message = f"The field “{escape(field)}” contains a character that cannot be stored (NUL or an unpaired surrogate)."
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad input</title></head>'
        f'<body><main><h1>Bad input</h1><p role="alert" data-field="{escape(field)}">{message}</p>'
        "<p>Nothing was saved. Go back, remove it and send the form again.</p></main></body></html>"
    )
    return HttpResponse(body, status=422, content_type="text/html; charset=utf-8")


class UnstorableInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            field = unstorable_field(request.GET)
            if field is None and request.method not in ("GET", "HEAD", "OPTIONS"):
                field = unstorable_field(request.POST)
            if field is not None:
                return refusal(field)
        return self.get_response(request)
