"""Disclosures: records released under a consent; each is an entry in the accounting of disclosures."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client
from openiop.consents.models.choices import Purpose, RecipientClass
from openiop.consents.models.documents import ConsentDocument


class DisclosureQuerySet(models.QuerySet["Disclosure"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Disclosures are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Disclosures are append-only.")


# The old name, still exported. The class has its own name because django-stubs names the manager
# after the queryset class: two "AppendOnlyQuerySet" managers (this and the audit trail's) got mixed up.
AppendOnlyQuerySet = DisclosureQuerySet


class Disclosure(models.Model):
    """Records released to a recipient under a consent; each one is an entry in the accounting (§2.25)."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="disclosures")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey(ConsentDocument, on_delete=models.PROTECT, related_name="disclosures")
    recipient = models.CharField(max_length=200)
    recipient_address = models.CharField(max_length=300, blank=True)
    recipient_class = models.CharField(max_length=20, choices=RecipientClass.choices, blank=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    records = models.JSONField(default=list)
    description = models.CharField(max_length=500)
    note = models.CharField(max_length=300, blank=True)
    disclosed_at = models.DateTimeField()
    disclosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content_html = models.TextField()
    content_sha256 = models.CharField(max_length=64)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["-disclosed_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["client", "-disclosed_at"], name="disclosure_client_time_idx"),
            models.Index(fields=["site", "-disclosed_at"], name="disclosure_site_time_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(purpose__in=Purpose.values), name="disclosure_purpose_valid"),
            models.CheckConstraint(condition=~models.Q(recipient=""), name="disclosure_has_recipient"),
        ]

    def __str__(self) -> str:
        return f"Disclosure #{self.pk} to {self.recipient}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Disclosures are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Disclosures are append-only.")
