"""The account-security pages and API operations (issue 11), for every member of the cast."""

from conftest import Cast
from openiop.accounts.models import ApiToken
from openiop.accounts.services import api_token_create
from tests.access import ApiCase, Case, row


def _alices_token(c: Cast) -> int:
    existing = ApiToken.objects.filter(user=c.alice, label="access table").first()
    if existing is None:
        api_token_create(user=c.alice, label="access table")
        existing = ApiToken.objects.get(user=c.alice, label="access table")
    return existing.pk


LOGGED_IN = row("ok", anonymous="login")
DIRECTOR = row("403", anonymous="login", dana="ok")
# Alice's token: Alice and Dana (her director) manage it; to everyone else it does not exist.
ALICES = row("404", anonymous="login", dana="ok", alice="ok")

URL_TABLE: dict[str, Case] = {
    "accounts_security:tokens": ("GET", lambda c: "/accounts/security/tokens/", LOGGED_IN),
    "accounts_security:token_revoke": (
        "POST",
        lambda c: f"/accounts/security/tokens/{_alices_token(c)}/revoke/",
        ALICES,
    ),
    "accounts_security:lockouts": ("GET", lambda c: "/accounts/security/lockouts/", DIRECTOR),
    "accounts_security:unlock": ("POST", lambda c: f"/accounts/security/people/{c.alice.pk}/unlock/", DIRECTOR),
    "accounts_security:mfa_remove": ("POST", lambda c: f"/accounts/security/people/{c.alice.pk}/mfa/remove/", DIRECTOR),
}

API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("GET", "/api/v1/tokens"): (lambda c: "/api/v1/tokens", None, row("ok", anonymous="401")),
    ("POST", "/api/v1/tokens/{token_id}/revoke"): (
        lambda c: f"/api/v1/tokens/{_alices_token(c)}/revoke",
        None,
        row("404", anonymous="401", dana="ok", alice="ok"),
    ),
}
