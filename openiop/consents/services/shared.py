"""Helpers the consents services share: the client's language, and whether the actor is the client."""

from openiop.accounts import policy
from openiop.accounts.types import Viewer
from openiop.clients.models import Client


def language_for(client: Client) -> str:
    return "es" if client.preferred_language == "es" else "en"


def is_own_record(user: Viewer, client: Client) -> bool:
    """The client user acting on their own record (never a staff member)."""
    return policy.is_client_user(user) and policy.can_view_client(user, client)
