"""What program adds to pages it does not own (collected by ``openiop.core.extensions``)."""

from openiop.accounts import policy
from openiop.core.extensions import HomePanel
from openiop.program import panels

HOME_PANELS = [
    HomePanel(
        key="today-groups",
        template="program/home_panel.html",
        context=panels.today_context,
        roles=policy.PROGRAM_READ_ROLES,
        order=20,
    ),
]
