from typing import Any

from django import template

from openiop.accounts import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def intake_nav(context: dict[str, Any]) -> dict[str, bool]:
    """Which intake pages the current user may open (the sub-navigation shows only those)."""
    user = context["request"].user
    return {
        "pipeline": bool(policy.pipeline_sites(user)),
        "assessments": bool(policy.sites_with(user, policy.INTAKE_STAFF)),
    }


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None
