from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client, clinical_bound_problems
from openiop.core.concurrency import Conflict
from openiop.core.models import TimeStampedModel, VersionedModel


class NoteLocked(Conflict):
    """A signed note (or addendum) cannot change; corrections are addenda."""


class NoteKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    FAMILY = "family", "Family"
    CASE_MANAGEMENT = "case_management", "Case management"
    GROUP = "group", "Group"


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


# Section keys and labels of each format; "group" is the note a signed group note files per client.
SECTIONS: dict[str, list[tuple[str, str]]] = {
    "dap": [("data", "Data"), ("assessment", "Assessment"), ("plan", "Plan")],
    "birp": [("behavior", "Behavior"), ("intervention", "Intervention"), ("response", "Response"), ("plan", "Plan")],
    "soap": [("subjective", "Subjective"), ("objective", "Objective"), ("assessment", "Assessment"), ("plan", "Plan")],
    "group": [
        ("module", "Module"),
        ("topic", "Topic"),
        ("interventions", "Interventions used"),
        ("group_process", "Group process"),
        ("participation", "Participation"),
        ("response", "Response to interventions"),
        ("progress", "Progress toward objective"),
        ("mood_affect", "Mood and affect"),
        ("risk_observed", "Risk observed"),
    ],
}
FORMAT_CHOICES = [("dap", "DAP"), ("birp", "BIRP"), ("soap", "SOAP"), ("group", "Group")]
COSIGN_FIELDS = frozenset({"cosigned_by", "cosigned_at"})


class NoteQuerySet(models.QuerySet["Note"]):
    def update(self, **kwargs: Any) -> int:
        if set(kwargs) - COSIGN_FIELDS and self.filter(status=NoteStatus.SIGNED).exists():
            raise NoteLocked("Signed notes cannot be changed; add an addendum.")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(status=NoteStatus.SIGNED).exists():
            raise NoteLocked("Signed notes cannot be deleted.")
        return super().delete()


class Note(VersionedModel, TimeStampedModel):
    """A progress note in one client's chart. Once signed it never changes (``save`` refuses)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="notes")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_notes")
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    format = models.CharField(max_length=8, choices=FORMAT_CHOICES)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    service_code = models.CharField(max_length=8, blank=True)
    objective = models.ForeignKey(
        "clinical.Objective", on_delete=models.PROTECT, null=True, blank=True, related_name="notes"
    )
    sections = models.JSONField(default=dict)
    group_note = models.ForeignKey(
        "clinical.GroupNote", on_delete=models.PROTECT, null=True, blank=True, related_name="filed_notes"
    )
    individual_session = models.ForeignKey(
        "program.IndividualSession", on_delete=models.PROTECT, null=True, blank=True, related_name="notes"
    )
    participants = models.PositiveSmallIntegerField(null=True, blank=True)  # 90853: number in the group
    minutes_attended = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # SHA-256 of the content the signer saw and signed (``note_content_sha256``).
    content_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    cosign_required = models.BooleanField(default=False)
    cosigned_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["-starts_at", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["client", "-starts_at"], name="note_client_time_idx"),
            models.Index(fields=["author", "status"], name="note_author_status_idx"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="note_starts_before_it_ends",
                violation_error_message="The session must end after it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft", signed_at__isnull=True, signed_by__isnull=True)
                | models.Q(status="signed", signed_at__isnull=False, signed_by__isnull=False),
                name="note_signature_matches_status",
            ),
            models.CheckConstraint(
                condition=models.Q(cosigned_at__isnull=True) | models.Q(status="signed", cosigned_by__isnull=False),
                name="note_cosigned_after_signing",
            ),
            models.UniqueConstraint(
                fields=["group_note", "client"],
                condition=models.Q(group_note__isnull=False),
                name="note_one_per_client_per_group_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} note {self.starts_at:%Y-%m-%d} ({self.get_status_display()})"

    def bound_problems(self) -> dict[str, str]:
        problems = super().bound_problems()
        return clinical_bound_problems(
            problems, self.client if self.client_id else None, starts_at=self.starts_at, ends_at=self.ends_at
        )

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def awaiting_cosign(self) -> bool:
        return self.cosign_required and self.is_signed and self.cosigned_at is None

    def section_items(self) -> list[tuple[str, str]]:
        """(label, text) in the format's order."""
        return [(label, str(self.sections.get(key, ""))) for key, label in SECTIONS.get(self.format, [])]

    def clean(self) -> None:
        keys = [key for key, _ in SECTIONS.get(self.format, [])]
        if not keys:
            raise ValidationError({"format": "Choose DAP, BIRP or SOAP."})
        if not isinstance(self.sections, dict) or set(self.sections) - set(keys):
            raise ValidationError({"sections": f"A {self.format.upper()} note has the sections {', '.join(keys)}."})
        if any(not isinstance(v, str) for v in self.sections.values()):
            raise ValidationError({"sections": "Each section is text."})
        if (self.kind == NoteKind.GROUP) != (self.format == "group"):
            raise ValidationError({"format": "Group notes, and only they, use the group format."})
        if self.client_id and self.site_id and self.client.site_id != self.site_id:
            raise ValidationError({"client": "A note belongs to the client's own site."})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = Note.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            update_fields = kwargs.get("update_fields")
            if stored == NoteStatus.SIGNED and (update_fields is None or set(update_fields) - COSIGN_FIELDS):
                raise NoteLocked("This note is signed and locked; add an addendum instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if Note.objects.filter(pk=self.pk, status=NoteStatus.SIGNED).exists():
            raise NoteLocked("Signed notes cannot be deleted.")
        return super().delete(*args, **kwargs)


class Addendum(models.Model):
    """A signed correction or addition to a signed note; never changed once written."""

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    signed_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["signed_at", "pk"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"Addendum to note {self.note_id} ({self.signed_at:%Y-%m-%d})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise NoteLocked("An addendum is signed when written and cannot change.")
        super().save(*args, **kwargs)
