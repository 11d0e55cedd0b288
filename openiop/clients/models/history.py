"""The history of an episode of care: every step up or down, transfer, prescription change,
discharge and readmission, append-only (docs/algorithms/episodes.md)."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from openiop.accounts.models import Site
from openiop.clients.models.episodes import Episode
from openiop.core.models import TimeStampedModel


class TransitionKind(models.TextChoices):
    STEP_DOWN = "step_down", "Stepped down"
    STEP_UP = "step_up", "Stepped up"
    REFER_OUT = "refer_out", "Referred to a higher level of care elsewhere"
    TRANSFER = "transfer", "Transferred to another site"
    PRESCRIPTION = "prescription", "Prescribed hours changed"
    DISCHARGE = "discharge", "Discharged"
    READMIT = "readmit", "Readmitted"


# Changes that need placement evidence: a link to the assessment or the reasons in words.
EVIDENCE_KINDS = frozenset(
    {TransitionKind.STEP_DOWN, TransitionKind.STEP_UP, TransitionKind.REFER_OUT, TransitionKind.READMIT}
)


class TransitionQuerySet(models.QuerySet["EpisodeTransition"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("An episode's history is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("An episode's history is append-only.")


class EpisodeTransition(TimeStampedModel):
    """One change of an episode, kept for ever: what changed, from when, why, who decided, on what evidence."""

    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="transitions")
    kind = models.CharField(max_length=16, choices=TransitionKind.choices)
    effective_date = models.DateField()
    from_level = models.CharField(max_length=8, blank=True)
    to_level = models.CharField(max_length=8, blank=True)
    from_site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The weekly prescription before and after (both set when the change sets new hours).
    hours_before = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    hours_after = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    reason = models.CharField(max_length=300)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    evidence_assessment = models.ForeignKey(
        "intake.Assessment", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence_text = models.CharField(max_length=500, blank=True)
    # A readmission: the new episode (on the old episode's row) for the link both ways.
    related_episode = models.ForeignKey(Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering: ClassVar[list[str]] = ["effective_date", "pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["episode", "effective_date"], name="transition_episode_day_idx")
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(kind__in=TransitionKind.values), name="transition_kind_valid"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="transition_has_reason"),
            models.CheckConstraint(
                condition=~models.Q(kind__in=sorted(EVIDENCE_KINDS))
                | models.Q(evidence_assessment__isnull=False)
                | ~models.Q(evidence_text=""),
                name="transition_placement_evidence",
                violation_error_message="A change of level needs its placement evidence (an assessment or words).",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_after__isnull=True) | models.Q(hours_before__isnull=False),
                name="transition_hours_before_and_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.effective_date} (episode {self.episode_id})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("An episode's history is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("An episode's history is append-only.")
