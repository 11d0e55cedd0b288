"""Planning pages (directors plan, clinicians read), client availability, calendar feeds.

Split by page family; every view is importable from here (urls.py uses ``views.<name>``).
"""

from openiop.scheduling.views.availability import client_availability
from openiop.scheduling.views.calendars import client_feed, feed, my_calendar
from openiop.scheduling.views.planning import plan, run, run_accept, run_move, week

__all__ = ["client_availability", "client_feed", "feed", "my_calendar", "plan", "run", "run_accept", "run_move", "week"]
