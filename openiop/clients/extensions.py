"""What the stay adds to pages it does not own (collected by ``openiop.core.extensions``)."""

from openiop.accounts import policy
from openiop.clients import panels
from openiop.core.extensions import HomePanel

HOME_PANELS = [
    HomePanel(
        key="stay-worklist",
        template="clients/panels/home_stay.html",
        context=panels.home_stay,
        roles=policy.STAY_ROLES,
        order=25,
    ),
]
