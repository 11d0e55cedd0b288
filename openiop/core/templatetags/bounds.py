"""``{% load bounds %}``: show legacy out-of-range datetimes instead of failing the page."""

import datetime as dt

from django import template
from django.utils import timezone

from openiop.core.bounds import safe_localtime

register = template.Library()


@register.filter
def safe_local(value: object) -> object:
    """The datetime in the current zone, or as stored (UTC, naive) where converting it would
    overflow the calendar (a legacy row dated in year 1 or 9999). Use before ``|date``."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return safe_localtime(value, timezone.get_current_timezone())
    return value
