"""Account security pages (issue 11): API tokens, locked logins, removing a lost second factor.

Each lists what the viewer may manage (their own, and people of the sites they direct) and posts
to a service that checks ``accounts.policy`` again and records the audit event.
"""

from typing import Any

from allauth.mfa.totp.views import ActivateTOTPView, DeactivateTOTPView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from openiop.accounts import policy, selectors, services
from openiop.accounts.decorators import staff_required
from openiop.accounts.types import acting_user


@login_required
@require_GET
def tokens(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.tokens_visible(actor=request.user), 25).get_page(request.GET.get("page"))
    rows = [(token, selectors.token_state(token)) for token in page.object_list]
    return render(request, "accounts/tokens.html", {"page": page, "rows": rows})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_get(actor=request.user, pk=pk)
    services.api_token_revoke(actor=acting_user(request), token=token)
    messages.success(request, f"Token {token.prefix}… is revoked.")
    return redirect("accounts_security:tokens")


@staff_required(policy.manages_site_logins)
@require_GET
def lockouts(request: HttpRequest) -> HttpResponse:
    staff, factors = selectors.staff_second_factors(actor=request.user, page=request.GET.get("page"))
    rows = [(person, factors.get(person.pk, [])) for person in staff.object_list]
    context = {"locked": selectors.locked_logins(actor=request.user), "staff": staff, "rows": rows}
    return render(request, "accounts/lockouts.html", context)


@staff_required(policy.manages_site_logins)
@require_POST
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    services.user_unlock(actor=acting_user(request), user=person)
    messages.success(request, f"{person} may log in again.")
    return redirect("accounts_security:lockouts")


@staff_required(policy.manages_site_logins)
@require_POST
def mfa_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """A director removes the second factor of someone who lost their phone; they enrol again at next login."""
    person = selectors.person_get(actor=request.user, pk=pk)
    device = selectors.second_factor_of(person=person)
    if device is None:
        messages.info(request, f"{person} has no second factor.")
    else:
        services.mfa_authenticator_delete(actor=acting_user(request), authenticator=device)
        messages.success(request, f"{person}'s second factor is removed; they set up a new one at their next login.")
    return redirect("accounts_security:lockouts")


class TotpDeactivateView(DeactivateTOTPView):  # type: ignore[misc]
    """allauth's own "deactivate TOTP" page, its removal done by ``mfa_authenticator_delete`` (audited)."""

    def form_valid(self, form: Any) -> HttpResponse:
        from allauth.account.adapter import get_adapter

        # The view's dispatch has already asked for a fresh re-authentication (allauth's decorator).
        services.mfa_authenticator_delete(actor=acting_user(self.request), authenticator=self.authenticator)
        adapter = get_adapter(self.request)
        adapter.add_message(self.request, messages.SUCCESS, "mfa/messages/totp_deactivated.txt")
        adapter.send_notification_mail("mfa/email/totp_deactivated", self.request.user)
        return redirect("mfa_index")


class TotpActivateView(ActivateTOTPView):  # type: ignore[misc]
    """allauth's "activate TOTP" page; entering the new device's code proves the second factor, so
    the session that enrolled counts as having passed MFA (``StaffMfaMiddleware`` lets it in)."""

    def form_valid(self, form: Any) -> HttpResponse:
        from allauth.account.internal.flows.login import record_authentication
        from allauth.mfa.models import Authenticator

        response: HttpResponse = super().form_valid(form)
        device = Authenticator.objects.filter(user=self.request.user, type=Authenticator.Type.TOTP).first()
        if device is not None:
            record_authentication(self.request, self.request.user, "mfa", id=device.pk, type=device.type, enrolled=True)
        return response


totp_activate = TotpActivateView.as_view()
totp_deactivate = TotpDeactivateView.as_view()
