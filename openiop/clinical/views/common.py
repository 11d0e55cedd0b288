from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form

from openiop.accounts import policy
from openiop.clients.models import Client
from openiop.clinical.selectors.charts import narrative_client_get

WRITE_ROLES = policy.NOTE_ROLES
SCREEN_ROLES = policy.SCREEN_ROLES
READ_ROLES = policy.NARRATIVE_ROLES


def narrative_client(request: Any, pk: int, *, action: str | None = "view", what: str = "client") -> Client:
    """The client (404 when not visible); 403 for roles that never read narratives (billing)."""
    return narrative_client_get(user=request.user, pk=pk, action=action, what=what)


def add_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's errors on the form: on the field when the form has it, else on the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)
