"""Helpers the consents services share: the client's language, and whether the actor is the client."""

from typing import Any

from openiop.accounts import policy
from openiop.clients.models import Client


def language_for(client: Client) -> str:
    return "es" if client.preferred_language == "es" else "en"


def is_own_record(user: Any, client: Client) -> bool:
    """The client user acting on their own record (never a staff member)."""
    return policy.is_client_user(user) and policy.can_view_client(user, client)
