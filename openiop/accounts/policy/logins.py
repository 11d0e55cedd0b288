"""Logins, MFA, lockouts and API tokens (issue 11).

| rule                         | who gets a yes                                                          |
|------------------------------|-------------------------------------------------------------------------|
| ``needs_mfa``                | staff (any membership) and Django-admin users (``is_staff``/superuser)  |
| ``can_unlock_login``         | a director of a site where the person works or is a client; superuser   |
| ``can_remove_mfa``           | the owner; a director of a site where the owner works; superuser        |
| ``manages_site_logins``      | a director (of any site), superuser: the "logins of your sites" page    |
| ``can_manage_tokens``        | the owner; a director of a site where the owner works; superuser        |
| ``token_may_call_api``       | a token whose scopes include ``api`` (the JSON API under /api/v1)       |
| ``token_may_perform``        | a token, for anything but the interactive-only actions (signing)        |

The superuser is the installation's administrator (as in ``can_configure_site``). A signature is
a fresh act of a person — password and TOTP code re-entered — so no bearer token may sign a note,
plan, consent or assessment, whatever its scopes (``accounts.services.reauthenticate`` asks
``token_may_perform(scopes, "sign")``).
"""

from __future__ import annotations

import re
from typing import Any

from openiop.accounts.policy.sites import directed_sites, is_staff_member, site_roles

# The scope a token needs for the JSON API; SMART-style scopes ("system/*.read") are the FHIR app's.
API_SCOPE = "api"
# What only a person at a keyboard, freshly re-authenticated, may do.
INTERACTIVE_ONLY_ACTIONS = frozenset({"sign"})
# "api", or a SMART App Launch resource scope: (patient|user|system)/(Resource|*).(read|write|*|cruds).
_SCOPE = re.compile(r"api|(patient|user|system)/(\*|[A-Z][A-Za-z]{1,63})\.(read|write|\*|(?=[cruds])c?r?u?d?s?)")


def is_valid_scope(scope: str) -> bool:
    return bool(_SCOPE.fullmatch(scope))


def needs_mfa(user: Any) -> bool:
    """Whose sessions must have passed a second factor (where MFA is enforced)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_staff_member(user) or bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))


def _sites_of(person: Any) -> set[int]:
    """The sites a person works at, or (a client with a login) the site of their record."""
    sites = set(site_roles(person))
    if not sites:
        from openiop.clients.models import Client

        sites = set(Client.objects.filter(user_id=person.pk).values_list("site_id", flat=True))
    return sites


def _directs_a_site_of(actor: Any, person: Any) -> bool:
    return bool(set(directed_sites(actor)) & _sites_of(person))


def _superuser(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and getattr(actor, "is_superuser", False))


def can_unlock_login(actor: Any, person: Any) -> bool:
    return _superuser(actor) or _directs_a_site_of(actor, person)


def can_remove_mfa(actor: Any, owner: Any) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    return actor.pk == owner.pk or _superuser(actor) or _directs_a_site_of(actor, owner)


def manages_site_logins(actor: Any) -> bool:
    """Who sees the "logins of your sites" page (locked logins, staff second factors)."""
    return _superuser(actor) or bool(directed_sites(actor))


def can_manage_tokens(actor: Any, owner: Any) -> bool:
    return can_remove_mfa(actor, owner)


def token_owner_sites(actor: Any) -> list[int]:
    """The sites whose staff's tokens the actor lists besides their own (the sites they direct)."""
    return directed_sites(actor)


def token_may_call_api(scopes: frozenset[str]) -> bool:
    return API_SCOPE in scopes


def token_may_perform(scopes: frozenset[str], action: str) -> bool:
    return action not in INTERACTIVE_ONLY_ACTIONS
