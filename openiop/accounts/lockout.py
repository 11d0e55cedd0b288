"""Who a failed login counts against (django-axes; issue 11, finding 4).

- A name that belongs to an account: the account, from whatever address. Five failures lock it
  (``OPENIOP_LOGIN_FAILURE_LIMIT``) for ``OPENIOP_LOGIN_LOCKOUT_MINUTES``, from every address,
  until then, a director unlocks it (``accounts.services.user_unlock``) or its owner resets the
  password.
- A name that belongs to nobody: the client address (``core.middleware.client_ip``, proxy-aware).
  Failures against names that do not exist lock that address out *for names that do not exist*;
  they never lock a real account, so strangers sharing a clinic's address cannot lock its staff out.

An address locked for unknown names would answer "locked" for a name that does not exist and
"wrong password" for one that does, telling a prober which e-mail addresses have accounts (for a
client's login, that the person is a patient). So while an address is locked, a wrong password for
a real account from it also answers with the lockout page (the right password still logs in).
"""

import contextlib
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt, AccessBase
from django.db.models import Sum
from django.http import HttpRequest

from openiop.accounts.adapters import axes_username
from openiop.accounts.models import User

_KNOWN_CACHE = "_openiop_known_logins"


def _is_account(request: Any, username: str) -> bool:
    if not username:
        return False
    cache: dict[str, bool] | None = getattr(request, _KNOWN_CACHE, None) if request is not None else None
    if cache is not None and username in cache:
        return cache[username]
    known = User.objects.filter(email__iexact=username).exists()
    if request is not None:
        with contextlib.suppress(AttributeError):
            setattr(request, _KNOWN_CACHE, {**(cache or {}), username: known})
    return known


def lockout_parameters(request_or_attempt: Any, credentials: dict[str, Any] | None = None) -> list[str]:
    """``AXES_LOCKOUT_PARAMETERS``: the account for a real name, the address for any other."""
    if isinstance(request_or_attempt, AccessBase):
        username = request_or_attempt.username or ""
    else:
        username = axes_username(request_or_attempt, credentials)
    return ["username"] if _is_account(request_or_attempt, username) else ["ip_address"]


def address_locked_for_unknown_names(request: HttpRequest) -> bool:
    """Whether this client address has failed too often with names that belong to nobody."""
    AxesProxyHandler.update_request(request)
    failures = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        attempt_time__gte=get_cool_off_threshold(request),
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return bool((failures or 0) >= get_failure_limit(request, None))
