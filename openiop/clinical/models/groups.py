from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models import Client
from openiop.clinical import group_picks
from openiop.clinical.models.notes import NoteLocked, NoteStatus
from openiop.core.models import TimeStampedModel, VersionedModel


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    LEFT_EARLY = "left_early", "Left early"
    ABSENT = "absent", "Absent"
    EXCUSED = "excused", "Excused"


class AbsenceReason(models.TextChoices):
    NO_SHOW = "no_show", "No call, no show"
    ILLNESS = "illness", "Illness"
    TRANSPORT = "transport", "Transportation"
    WORK_SCHOOL = "work_school", "Work or school"
    FAMILY = "family", "Family or child care"
    RELAPSE = "relapse", "Use or relapse"
    OTHER = "other", "Other"


class Attendance(TimeStampedModel):
    """One client at one group session: how they attended and for how many minutes."""

    session = models.ForeignKey("program.GroupSession", on_delete=models.PROTECT, related_name="attendance")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="attendance")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=AttendanceStatus.choices)
    minutes = models.PositiveSmallIntegerField(default=0)
    absence_reason = models.CharField(max_length=16, choices=AbsenceReason.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["session", "client"], name="attendance_one_per_client_session"),
            models.CheckConstraint(
                condition=models.Q(status__in=["absent", "excused"], minutes=0)
                | models.Q(status__in=["present", "late", "left_early"], minutes__gt=0),
                name="attendance_minutes_match_status",
                violation_error_message="Attended clients have minutes; absent or excused clients have none.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="absent", absence_reason=""),
                name="attendance_absence_has_reason",
                violation_error_message="Give a reason for the absence.",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["client", "session"], name="attendance_client_idx")
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.get_status_display()} at session {self.session_id}"


class GroupNote(VersionedModel, TimeStampedModel):
    """The shared part of a group session's note, written once; entries individualize it.

    One version for the whole draft (shared part and entries): a save made from an older version
    is refused instead of overwriting a co-facilitator's work."""

    session = models.OneToOneField("program.GroupSession", on_delete=models.PROTECT, related_name="group_note")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    module = models.CharField(max_length=200, blank=True)
    topic = models.CharField(max_length=200, blank=True)
    interventions = models.TextField(blank=True)
    group_process = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who wrote the stored version: a refused stale save says whose version it shows.
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The page (a random token per drawn page) that wrote it: that page's own autosave still in
    # flight when it signs is not "someone else's version".
    saved_in = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(status="draft", signed_at__isnull=True)
                | models.Q(status="signed", signed_at__isnull=False, signed_by__isnull=False),
                name="group_note_signature_matches_status",
            )
        ]

    def __str__(self) -> str:
        return f"Group note for session {self.session_id}"

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and GroupNote.objects.filter(pk=self.pk, status=NoteStatus.SIGNED).exists():
            raise NoteLocked("This group note is signed and locked.")
        super().save(*args, **kwargs)


class GroupNoteEntry(TimeStampedModel):
    """What is individual about one attending client in a group session."""

    group_note = models.ForeignKey(GroupNote, on_delete=models.CASCADE, related_name="entries")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    # Pick lists (``openiop.clinical.group_picks``); the filed note turns them into sentences.
    participation_level = models.CharField(
        max_length=16, blank=True, choices=group_picks.choices(group_picks.PARTICIPATION)
    )
    engagement = models.CharField(max_length=16, blank=True, choices=group_picks.choices(group_picks.ENGAGEMENT))
    mood = models.CharField(max_length=16, blank=True, choices=group_picks.choices(group_picks.MOOD))
    objective = models.ForeignKey(
        "clinical.Objective", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    progress_rating = models.CharField(max_length=16, blank=True, choices=group_picks.choices(group_picks.PROGRESS))
    risk = models.CharField(max_length=16, blank=True, choices=group_picks.choices(group_picks.RISK))
    # The short free-text line: what was individual today (the clone guard compares it).
    comment = models.TextField(blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["group_note", "client"], name="group_entry_one_per_client")
        ]

    def __str__(self) -> str:
        return f"Entry for {self.client} in {self.group_note}"

    @property
    def narrative(self) -> str:
        """The text the clone guard compares: the free-text line only (picks are standard phrases)."""
        return self.comment.strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if GroupNote.objects.filter(pk=self.group_note_id, status=NoteStatus.SIGNED).exists():
            raise NoteLocked("This group note is signed and locked.")
        super().save(*args, **kwargs)


class CloneConfirmation(models.Model):
    """The clinician confirmed that two flagged entries are accurate as written."""

    group_note = models.ForeignKey(GroupNote, on_delete=models.CASCADE, related_name="clone_confirmations")
    first_client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    second_client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=4, decimal_places=3)
    digest = models.CharField(max_length=64)  # SHA-256 of both entries as confirmed
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Similar entries confirmed in {self.group_note} ({self.score})"
