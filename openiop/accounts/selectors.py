"""Reads for the account-security pages: tokens, lockouts and second factors one may manage."""

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.models import ApiToken, User


def _people_q(actor: Any) -> Q:
    """The people whose security the actor manages besides their own: staff and clients of the sites
    they direct (everyone, for a superuser)."""
    if getattr(actor, "is_superuser", False):
        return Q()
    sites = policy.token_owner_sites(actor)
    return Q(pk=actor.pk) | Q(memberships__site_id__in=sites) | Q(client_record__site_id__in=sites)


def people_managed(*, actor: Any) -> QuerySet[User]:
    if not getattr(actor, "is_authenticated", False):
        return User.objects.none()
    return User.objects.filter(_people_q(actor)).distinct()


def person_get(*, actor: Any, pk: int) -> User:
    person = people_managed(actor=actor).filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    return person


def tokens_visible(*, actor: Any) -> QuerySet[ApiToken]:
    """The actor's own tokens and those of the people they manage, newest first."""
    return (
        ApiToken.objects.filter(user__in=people_managed(actor=actor).values("pk"))
        .select_related("user")
        .order_by("-created_at", "-pk")
    )


def token_get(*, actor: Any, pk: int) -> ApiToken:
    token = tokens_visible(actor=actor).filter(pk=pk).first()
    if token is None:
        raise Http404("No such token")
    return token


def token_state(token: ApiToken) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is None or token.expires_at <= timezone.now():
        return "expired"
    return "active"


def locked_logins(*, actor: Any) -> list[tuple[User, int]]:
    """People the actor may unlock whose recent failures reach the lockout limit, with the count."""
    if not policy.directed_sites(actor) and not getattr(actor, "is_superuser", False):
        return []
    threshold = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = dict(
        AccessAttempt.objects.filter(attempt_time__gte=threshold)
        .values_list("username")
        .annotate(total=Sum("failures_since_start"))
        .filter(total__gte=settings.AXES_FAILURE_LIMIT)
        .values_list("username", "total")
    )
    if not failures:
        return []
    people = people_managed(actor=actor).filter(email__in=list(failures)).exclude(pk=actor.pk).order_by("email")
    return [(person, int(failures[person.email])) for person in people[: settings.OPENIOP_PAGE_SIZE]]


def staff_second_factors(*, actor: Any, page: str | None) -> tuple[Any, dict[int, list[str]]]:
    """A page of the staff of the sites the actor directs, and the MFA types each has enrolled."""
    from allauth.mfa.models import Authenticator
    from django.core.paginator import Paginator

    sites = policy.token_owner_sites(actor)
    staff = User.objects.filter(memberships__site_id__in=sites).exclude(pk=actor.pk).distinct().order_by("email")
    shown = Paginator(staff, settings.OPENIOP_PAGE_SIZE).get_page(page)
    factors: dict[int, list[str]] = {}
    for user_id, kind in Authenticator.objects.filter(user__in=[p.pk for p in shown.object_list]).values_list(
        "user_id", "type"
    ):
        factors.setdefault(user_id, []).append(kind)
    return shown, factors


def second_factor_of(*, person: User) -> Any:
    """The device to remove for someone who lost it: TOTP first, else leftover recovery codes."""
    from allauth.mfa.models import Authenticator

    devices = Authenticator.objects.filter(user=person)
    return devices.exclude(type=Authenticator.Type.RECOVERY_CODES).first() or devices.first()
