from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from openiop.accounts import security_views as account_security_views
from openiop.accounts import views as account_views
from openiop.api import api
from openiop.core import views as core_views

# A database error raised outside a view answers 503 too (core/db_errors.py).
handler500 = "openiop.core.db_errors.server_error"

portal_patterns = ([path("", account_views.portal_home, name="home")], "portal")

urlpatterns = [
    path("", account_views.home, name="home"),
    path("home/", account_views.staff_home, name="staff_home"),
    path("healthz", core_views.healthz, name="healthz"),
    # The public front door keeps a short address for flyers and the website.
    path("get-help", RedirectView.as_view(pattern_name="intake:get_help", query_string=True), name="get_help"),
    path("accounts/logout-everywhere/", account_views.logout_everywhere, name="logout_everywhere"),
    path("accounts/security/", include("openiop.accounts.urls")),
    # allauth's TOTP pages: enrolling counts as passing MFA; removal goes through accounts.services (audited).
    path("accounts/2fa/totp/activate/", account_security_views.totp_activate, name="mfa_activate_totp"),
    path("accounts/2fa/totp/deactivate/", account_security_views.totp_deactivate, name="mfa_deactivate_totp"),
    path("accounts/", include("allauth.urls")),
    path("clients/", include("openiop.clients.urls")),
    path("audit/", include("openiop.audit.urls")),
    path("measures/", include("openiop.measures.urls")),
    path("intake/", include("openiop.intake.urls")),
    path("consents/", include("openiop.consents.urls")),
    path("program/", include("openiop.program.urls")),
    path("scheduling/", include("openiop.scheduling.urls")),
    path("clinical/", include("openiop.clinical.urls")),
    path("reports/", include("openiop.reports.urls")),
    path("aftercare/followups/", include("openiop.aftercare.followups_urls")),
    path("aftercare/", include("openiop.aftercare.urls")),
    path("billing/", include("openiop.billing.urls")),
    path("fhir/r4/", include("openiop.fhir.urls")),
    path("portal/", include(portal_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
