import hashlib
import zoneinfo
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models

from openiop.core.models import TimeStampedModel


class Role(models.TextChoices):
    DIRECTOR = "director", "Program director"
    CLINICIAN = "clinician", "Clinician"
    MEDICAL = "medical", "Medical staff"
    INTAKE = "intake", "Intake coordinator"
    BILLING = "billing", "Billing"
    AUDITOR = "auditor", "Compliance auditor"


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone (e.g. America/Los_Angeles).")


class Organization(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.name


class Site(TimeStampedModel):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64, default="America/Los_Angeles", validators=[validate_time_zone])
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=32, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["organization", "name"], name="site_unique_name_per_org")
        ]
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: staff (with site memberships) or a client (linked to a client record).

    ``is_staff`` keeps Django's meaning (may open the configuration admin); clinical access comes
    only from memberships through ``accounts.policy``.
    """

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)
    # Bumped by "log out everywhere"; sessions carrying an older epoch are ended.
    session_epoch = models.PositiveIntegerField(default=0)
    preferred_language = models.CharField(max_length=8, default="en", choices=[("en", "English"), ("es", "Español")])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    # Per-request caches kept by accounts.policy (plain attributes, not fields).
    _openiop_site_roles: dict[int, frozenset[str]]
    _openiop_client_id: int | None

    def __str__(self) -> str:
        return self.full_name or self.email


class Membership(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "site", "role"], name="membership_unique"),
            models.CheckConstraint(condition=models.Q(role__in=[r.value for r in Role]), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.site}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """A bearer token; only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # What the token may do: "api" (the JSON API as its user), SMART-style FHIR scopes such as
    # "system/*.read" or "patient/*.read". The policy still decides which rows its user sees.
    scopes = models.JSONField(default=list, blank=True)
    # Set from OPENIOP_API_TOKEN_DAYS (or --days) when made; a token past it, or without one, is refused.
    expires_at = models.DateTimeField(null=True, blank=True)
    label = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
