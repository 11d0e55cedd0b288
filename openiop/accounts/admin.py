"""Users, sites and memberships. A membership (a role at a site) is changed on its own page,
through the services (checked and audited); the user's page lists them read-only."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from openiop.accounts import policy, services
from openiop.accounts.models import ApiToken, Membership, Organization, Site, User
from openiop.accounts.types import Actor, acting_user
from openiop.core.admin import ServiceAdmin


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    fields = ("site", "role")
    readonly_fields = ("site", "role")
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin[Membership]):
    list_display = ("user", "site", "role")
    list_filter = ("site", "role")
    search_fields = ("user__email", "user__full_name")
    identity_fields = ("user",)

    def service_save(self, *, actor: Actor, row: Membership | None, data: dict[str, Any]) -> Membership:
        if row is None:
            return services.membership_create(actor=actor, **data)
        return services.membership_update(actor=actor, membership=row, **data)

    def service_delete(self, *, actor: Actor, row: Membership) -> None:
        services.membership_delete(actor=actor, membership=row)


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "is_staff")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password", "preferred_language")}),
        ("Status", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ()
    list_filter = ("is_active", "is_staff")
    inlines = (MembershipInline,)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("name",)


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ("name", "organization", "time_zone", "phone")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are made by ``openiop create_api_token`` and only revoked here (audited)."""

    list_display = ("prefix", "user", "label", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "user__email", "label")
    readonly_fields = ("user", "prefix", "scopes", "label", "expires_at", "last_used_at", "revoked_at")
    exclude = ("token_hash",)
    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.select_related("user"):
            services.api_token_revoke(actor=acting_user(request), token=token)


# allauth registers its own Authenticator admin, whose delete removed another person's second factor
# without a trace; this one deletes through the service (policy + audit event) and edits nothing.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin[Authenticator]):
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__email",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or policy.can_remove_mfa(request.user, obj.user))

    def delete_model(self, request: HttpRequest, obj: Authenticator) -> None:
        services.mfa_authenticator_delete(actor=acting_user(request), authenticator=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Authenticator]) -> None:
        for row in list(queryset.select_related("user")):
            if Authenticator.objects.filter(pk=row.pk).exists():  # recovery codes may have gone with their TOTP
                services.mfa_authenticator_delete(actor=acting_user(request), authenticator=row)
