"""Test helpers: enrol a TOTP device and log in through allauth's two steps."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client as HttpClient

from conftest import PASSWORD
from openiop.accounts.models import User


def enrol_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return str(secret)


def current_code(secret: str) -> str:
    return str(format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time()))))


def password_step(user: User, http: HttpClient | None = None, **extra: str) -> HttpClient:
    http = http or HttpClient()
    http.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, **extra)  # type: ignore[arg-type]
    return http


def full_login(user: User, secret: str) -> HttpClient:
    http = password_step(user)
    response = http.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert response.status_code == 302, response.content[:300]
    return http


def devices(user: User) -> list[str]:
    return sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True))
