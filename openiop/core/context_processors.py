from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from openiop.accounts import policy


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Role-aware navigation: each person sees only the places their role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "is_client_user": False}
    items: list[tuple[str, str]] = []
    if policy.sites_with(user, policy.CLINICAL_ROLES):
        items.append(("Home", reverse("staff_home")))
        items.append(("Clients", reverse("clients:list")))
    if policy.stay_sites(user):
        items.append(("Follow-ups", reverse("followups:due")))
    if policy.pipeline_sites(user):
        items.append(("Intake", reverse("intake:board")))
    if policy.sites_with(user, policy.ASSESSMENT_HOME_ROLES):
        items.append(("Assessments", reverse("intake:assessment_list")))
    if policy.billing_sites(user):
        items.append(("Billing", reverse("billing:home")))
    if policy.can_read_audit(user):
        items.append(("Audit trail", reverse("audit:events")))
    if policy.sites_with(user, policy.API_ROLES):
        items.append(("API", reverse("api:openapi-view")))
    client_user = policy.is_client_user(user)
    return {"nav_items": items, "is_client_user": client_user, "current_role": policy.primary_role(user)}
