"""Users, sites and memberships. A membership (a role at a site) is changed on its own page,
through the services (checked and audited); the user's page lists them read-only."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from openiop.accounts import services
from openiop.accounts.models import Membership, Organization, Site, User
from openiop.accounts.types import Actor
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
