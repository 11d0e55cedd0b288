"""Who acts and who looks.

`Actor` is the signed-in person a service acts for (views pass `acting_user(request)`); `Viewer` is
whoever a policy question or a selector is asked about, anonymous included (the policy answers
"no" for anonymous visitors).
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from openiop.accounts.models import User

type Actor = User
type Viewer = User | AnonymousUser


def acting_user(request: HttpRequest) -> Actor:
    """The signed-in person behind a request (a session or a bearer token). The view decorators and
    the API's authentication have refused everyone else already; this makes it a type."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("Sign in first.")
    return user
