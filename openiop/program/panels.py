"""The staff home page's "Today's groups" block (directors: every group of their sites; clinicians:
the groups they facilitate), with the way into the program and planning pages."""

import datetime as dt
from typing import Any

from django.http import HttpRequest

from openiop.accounts import policy
from openiop.accounts.models import Site
from openiop.core.time import aware, local, site_today
from openiop.program.selectors import READ_ROLES, today_groups_for_user


def today_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    site = Site.objects.filter(pk__in=policy.sites_with(user, READ_ROLES)).order_by("name").first()
    if site is None:
        return {"groups": [], "site": None}
    today = site_today(site)
    start, end = aware(site, today, dt.time()), aware(site, today + dt.timedelta(days=1), dt.time())
    groups = [
        {"session": s, "start": local(s.site, s.starts_at), "end": local(s.site, s.ends_at)}
        for s in today_groups_for_user(user=user, start=start, end=end)
    ]
    return {
        "groups": groups,
        "site": site,
        "today": today,
        "directs": bool(policy.directed_sites(user)),
    }
