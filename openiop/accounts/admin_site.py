"""The configuration admin behind the app's own login (issue 11, finding 1).

Django's admin has a login form of its own that checks the password alone; a TOTP-enrolled
director logging in there skipped the second factor. Here ``/admin/login/`` sends everyone to the
app's login (allauth, with its MFA step) and back, and the admin admits only sessions that passed
MFA where it is enforced (``StaffMfaMiddleware`` would end such a session anyway; the admin asks
again so that no middleware order can open it).
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig as BaseAdminConfig
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class OpenIopAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        from openiop.accounts.middleware import session_passed_required_mfa

        return super().has_permission(request) and session_passed_required_mfa(request)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if request.user.is_authenticated:
            # Logged in through the app but not an admin user (or not past MFA): no second login form.
            raise PermissionDenied("Your account does not open the configuration admin.")
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
            wanted = ""
        target = wanted or reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


class AdminConfig(BaseAdminConfig):
    default_site = "openiop.accounts.admin_site.OpenIopAdminSite"
