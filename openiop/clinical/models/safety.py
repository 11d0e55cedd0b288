from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client
from openiop.clinical.models.notes import NoteLocked

# Clinical reference §10: 988 (call, text or chat; press 1 veterans, 2 Spanish), Crisis Text Line,
# SAMHSA National Helpline, 911 for imminent danger.
CRISIS_LINES = (
    "988 Suicide & Crisis Lifeline: call or text 988, or chat at 988lifeline.org (24/7; press 1 for "
    "veterans, 2 for Spanish)\n"
    "Crisis Text Line: text HOME to 741741\n"
    "SAMHSA National Helpline: 1-800-662-4357 (24/7, English and Spanish)\n"
    "Emergency: 911 or the nearest emergency room"
)
STEPS = [
    (
        "warning_signs",
        "1. Warning signs",
        "Thoughts, images, moods, situations or behaviors that a crisis may be developing",
    ),
    (
        "internal_coping",
        "2. Internal coping strategies",
        "Things I can do to take my mind off my problems without contacting anyone",
    ),
    ("distractions", "3. People and social settings that provide distraction", "Names, phone numbers and places"),
    ("help_contacts", "4. People I can ask for help", "Names and phone numbers"),
    (
        "professionals",
        "5. Professionals and agencies to contact in a crisis",
        "Clinician, 988, urgent care, emergency room",
    ),
    ("environment", "6. Making the environment safe", "Steps to limit access to lethal means"),
]


class SafetyPlan(models.Model):
    """One version of a client's safety plan (six steps). A change is a new version; old ones stay."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="safety_plans")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    warning_signs = models.TextField()
    internal_coping = models.TextField()
    distractions = models.TextField()
    help_contacts = models.TextField()
    professionals = models.TextField(default=CRISIS_LINES)
    environment = models.TextField()
    kept_where = models.CharField(max_length=200, blank=True, help_text="Where the client keeps the plan")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    client_agreed = models.BooleanField(default=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-version"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["client", "version"], name="safety_plan_version_unique"),
            models.CheckConstraint(
                condition=models.Q(signed_at__isnull=True) | models.Q(signed_by__isnull=False, client_agreed=True),
                name="safety_plan_signed_with_client",
            ),
        ]

    def __str__(self) -> str:
        return f"Safety plan v{self.version} of {self.client}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = SafetyPlan.objects.filter(pk=self.pk).values_list("signed_at", flat=True).first()
            allowed = {"signed_at", "signed_by", "client_agreed"}
            update_fields = kwargs.get("update_fields")
            if stored is not None or update_fields is None or set(update_fields) - allowed:
                raise NoteLocked("A safety plan version never changes; save a new version instead.")
        super().save(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def steps(self) -> list[tuple[str, str, str]]:
        return [(label, hint, getattr(self, key)) for key, label, hint in STEPS]
