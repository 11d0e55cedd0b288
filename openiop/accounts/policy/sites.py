"""Who sees which clients: sites, memberships and the role table of the design ("Who uses it").

| role      | clients visible                                     | change | narratives |
|-----------|-----------------------------------------------------|--------|------------|
| director  | every client of their sites                         | yes    | yes        |
| clinician | clients of their sites on their caseload (primary   | yes    | yes        |
|           | clinician of an episode) or care team / groups      |        |            |
| medical   | every client of their sites                         | no     | yes        |
| intake    | clients of their sites not yet admitted (no episode)| yes    | yes        |
| billing   | every client of their sites (demographics only)     | no     | never      |
| auditor   | none (audit data only)                              | no     | no         |
| client    | only themself                                       | no     | own        |

Nobody sees another site's clients. Every function takes the user first and answers from the
user's memberships, which are loaded once per user object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from openiop.accounts.models import Membership, Role, User
from openiop.accounts.types import Viewer

if TYPE_CHECKING:
    from openiop.clients.models import Client

FULL_SITE_ROLES = frozenset({Role.DIRECTOR, Role.MEDICAL, Role.BILLING})
CHANGE_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.INTAKE})
NARRATIVE_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.MEDICAL, Role.INTAKE})
CLINICAL_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN, Role.MEDICAL, Role.INTAKE, Role.BILLING})
AUDIT_ROLES = frozenset({Role.AUDITOR, Role.DIRECTOR})
# Who sees the API in the navigation (and reads it: every role that reads narratives).
API_ROLES = NARRATIVE_ROLES
DIRECTOR_ROLES = frozenset({Role.DIRECTOR})
CLINICIAN_ROLES = frozenset({Role.CLINICIAN})
# Staff who treat clients: the director or a clinician ("director or facilitator" rules start here).
TREATING_ROLES = frozenset({Role.DIRECTOR, Role.CLINICIAN})


def site_roles(user: Viewer) -> dict[int, frozenset[str]]:
    """site id → roles the user holds there (cached on the user object for the request)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return {}
    cached: dict[int, frozenset[str]] | None = getattr(user, "_openiop_site_roles", None)
    if cached is None:
        roles: dict[int, set[str]] = {}
        for site_id, role in Membership.objects.filter(user=user).values_list("site_id", "role"):
            roles.setdefault(site_id, set()).add(role)
        cached = {site: frozenset(r) for site, r in roles.items()}
        user._openiop_site_roles = cached
    return cached


def sites_with(user: Viewer, roles: frozenset[str]) -> list[int]:
    return sorted(site for site, held in site_roles(user).items() if held & roles)


def directed_sites(user: Viewer) -> list[int]:
    """The sites where the user is a program director."""
    return sites_with(user, DIRECTOR_ROLES)


def directs_site(user: Viewer, site_id: int) -> bool:
    return Role.DIRECTOR in roles_at(user, site_id)


def clinician_sites(user: Viewer) -> list[int]:
    """The sites where the user is a clinician (their clients there: caseload, care team, groups)."""
    return sites_with(user, CLINICIAN_ROLES)


def is_clinician_at(user: Viewer, site_id: int) -> bool:
    return Role.CLINICIAN in roles_at(user, site_id)


def is_staff_member(user: Viewer) -> bool:
    return bool(site_roles(user))


def is_client_user(user: Viewer) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and not is_staff_member(user)
        and _own_client_id(user) is not None
    )


def _own_client_id(user: Viewer) -> int | None:
    from openiop.clients.models import Client

    if not isinstance(user, User):
        return None
    cached = getattr(user, "_openiop_client_id", False)
    if cached is False:
        cached = Client.objects.filter(user=user).values_list("pk", flat=True).first()
        user._openiop_client_id = cached
    return cached


def primary_role(user: Viewer) -> str | None:
    """The role that decides the user's home page: the most privileged one they hold."""
    held = set().union(*site_roles(user).values()) if site_roles(user) else set()
    for role in (Role.DIRECTOR, Role.CLINICIAN, Role.MEDICAL, Role.INTAKE, Role.BILLING, Role.AUDITOR):
        if role in held:
            return role.value
    if is_client_user(user):
        return "client"
    return None


def audits_only(user: Viewer) -> bool:
    """An auditor and nothing more: their home is the audit trail."""
    return primary_role(user) == Role.AUDITOR


def home_shows_caseload(user: Viewer) -> bool:
    """The staff home lists a caseload for those whose main role is clinician."""
    return primary_role(user) == Role.CLINICIAN


def home_panel_shown(role: str | None, panel_roles: frozenset[str]) -> bool:
    """Whether the home page of someone whose main role is ``role`` shows a panel declared for
    ``panel_roles`` (a role set of this package)."""
    return role in panel_roles


def visible_clients_q(user: Viewer) -> Q:
    """A filter on Client rows for everything this user may see (staff roles only)."""
    from openiop.clients.models import CareTeamMember, Episode

    if not isinstance(user, User):
        return Q(pk__in=[])
    full = sites_with(user, FULL_SITE_ROLES)
    clinician = clinician_sites(user)
    intake = sites_with(user, frozenset({Role.INTAKE}))
    q = Q(pk__in=[])
    if full:
        q |= Q(site_id__in=full)
    if clinician:
        from openiop.program.models import SessionEnrollment

        on_caseload = Exists(Episode.objects.filter(client_id=OuterRef("pk"), primary_clinician=user))
        on_team = Exists(CareTeamMember.objects.filter(client_id=OuterRef("pk"), user=user))
        # Clients enrolled in a group session the clinician facilitates.
        in_groups = Exists(SessionEnrollment.objects.filter(client_id=OuterRef("pk"), session__facilitators=user))
        q |= Q(site_id__in=clinician) & Q(on_caseload | on_team | in_groups)
    if intake:
        admitted = Exists(Episode.objects.filter(client_id=OuterRef("pk")))
        q |= Q(site_id__in=intake) & ~Q(admitted)
    return q


def clients_for(user: Viewer) -> QuerySet[Client]:
    from openiop.clients.models import Client

    if is_staff_member(user):
        return Client.objects.filter(visible_clients_q(user))
    own = _own_client_id(user) if getattr(user, "is_authenticated", False) else None
    return Client.objects.filter(pk=own) if own is not None else Client.objects.none()


def can_view_client(user: Viewer, client: Client) -> bool:
    if is_staff_member(user):
        return clients_for(user).filter(pk=client.pk).exists()
    return _own_client_id(user) == client.pk


def roles_at(user: Viewer, site_id: int) -> frozenset[str]:
    """The roles the user holds at one site."""
    return site_roles(user).get(site_id, frozenset())


def can_change_client(user: Viewer, client: Client) -> bool:
    return bool(roles_at(user, client.site_id) & CHANGE_ROLES) and can_view_client(user, client)


def can_view_narratives(user: Viewer, client: Client) -> bool:
    if not is_staff_member(user):
        return _own_client_id(user) == client.pk
    return bool(roles_at(user, client.site_id) & NARRATIVE_ROLES) and can_view_client(user, client)


def can_create_client_at(user: Viewer, site_id: int) -> bool:
    return bool(roles_at(user, site_id) & CHANGE_ROLES)


def can_read_audit(user: Viewer) -> bool:
    return bool(sites_with(user, AUDIT_ROLES))


def audit_sites(user: Viewer) -> list[int]:
    return sites_with(user, AUDIT_ROLES)


def role_at(user: Viewer, site_id: int | None) -> str:
    """The role recorded in the audit trail for an action at a site."""
    if site_id is not None:
        held = roles_at(user, site_id)
        for role in (Role.DIRECTOR, Role.CLINICIAN, Role.MEDICAL, Role.INTAKE, Role.BILLING, Role.AUDITOR):
            if role in held:
                return role.value
    if is_client_user(user):
        return "client"
    return primary_role(user) or "none"


def can_configure_site(user: Viewer, site_id: int) -> bool:
    """Program configuration of a site (settings, cadences, cut-offs, supervision, memberships):
    its director, or a superuser (the installation's administrator)."""
    return bool(getattr(user, "is_superuser", False)) or directs_site(user, site_id)
