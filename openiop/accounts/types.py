"""The type of whoever acts: a request's user (staff, client or anonymous) or a user loaded by a command."""

from django.contrib.auth.models import AnonymousUser

from openiop.accounts.models import User

type Actor = User | AnonymousUser
