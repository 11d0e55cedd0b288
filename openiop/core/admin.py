"""The Django admin edits program configuration only through the services, so each change there
is checked by ``accounts/policy`` and leaves an audit event with its old and new values, like
the same change made anywhere else. A row's identity (its site, its instrument…) is fixed once
it exists: change it by adding a new row."""

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from openiop.accounts import policy
from openiop.accounts.types import Actor, acting_user

M = TypeVar("M", bound=models.Model)


class ServiceAdmin(admin.ModelAdmin[M]):
    """A ModelAdmin whose saves and deletes call services; subclasses name them."""

    identity_fields: tuple[str, ...] = ()
    deletable = True

    def service_save(self, *, actor: Actor, row: M | None, data: dict[str, Any]) -> M:
        """Create (``row`` is None) or change ``row`` (as it is in the database) with ``data``."""
        raise NotImplementedError

    def service_delete(self, *, actor: Actor, row: M) -> None:
        raise NotImplementedError

    def site_of(self, obj: M) -> int:
        site_id: int = obj.site_id  # type: ignore[attr-defined]
        return site_id

    def get_readonly_fields(self, request: HttpRequest, obj: M | None = None) -> Any:
        fixed = self.identity_fields if obj is not None else ()
        return (*super().get_readonly_fields(request, obj), *fixed)

    def _may_configure(self, request: HttpRequest, obj: M | None) -> bool:
        return obj is None or policy.can_configure_site(request.user, self.site_of(obj))

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_configure(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj) and self._may_configure(request, obj)

    def save_model(self, request: HttpRequest, obj: M, form: ModelForm[M], change: bool) -> None:
        row = type(obj)._default_manager.get(pk=obj.pk) if change else None
        saved = self.service_save(actor=acting_user(request), row=row, data=dict(form.cleaned_data))
        obj.pk = saved.pk
        obj._state.adding = False
        obj.refresh_from_db()

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        self.service_delete(actor=acting_user(request), row=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[M]) -> None:
        for row in queryset:
            self.service_delete(actor=acting_user(request), row=row)
