"""Consent templates: one version of one document's wording in one language.

A template already used by a document is never changed; the services add a new version.
"""

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from openiop.consents import rendering
from openiop.consents.models.choices import PART2_KINDS, ConsentKind, ConsentLanguage
from openiop.core.models import TimeStampedModel


def _placeholder_errors(text: str, allowed: set[str] | frozenset[str]) -> list[str]:
    unknown = sorted(rendering.placeholders_in(text) - set(allowed))
    return [f"Unknown placeholder {{{{ {name} }}}}." for name in unknown]


class ConsentTemplate(TimeStampedModel):
    """One version of one document's wording in one language; immutable once a document uses it."""

    kind = models.CharField(max_length=16, choices=ConsentKind.choices)
    version = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=2, choices=ConsentLanguage.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(
        help_text="Plain text; blank lines separate paragraphs; placeholders as {{ patient_name }}."
    )
    effective_date = models.DateField()
    revocation_text = models.TextField(blank=True)
    redisclosure_text = models.TextField(blank=True)
    refusal_text = models.TextField(blank=True)
    default_information = models.TextField(blank=True)
    default_recipients = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["kind", "language", "-version"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["kind", "language", "version"],
                name="consent_template_one_version",
                violation_error_message="This version of this document already exists in this language.",
            ),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="consent_template_version_positive"),
            models.CheckConstraint(
                condition=~models.Q(kind__in=sorted(PART2_KINDS))
                | (~models.Q(revocation_text="") & ~models.Q(redisclosure_text="")),
                name="consent_template_part2_statements",
                violation_error_message="A Part 2 template needs its revocation and redisclosure statements.",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=ConsentKind.PART2_TPO)
                | (~models.Q(refusal_text="") & ~models.Q(default_information="") & ~models.Q(default_recipients="")),
                name="consent_template_tpo_statements",
                violation_error_message="A TPO template needs the refusal statement, information and recipients.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version} ({self.language})"

    @property
    def is_part2(self) -> bool:
        return self.kind in PART2_KINDS

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        body_errors = _placeholder_errors(self.body, set(rendering.PLACEHOLDERS))
        if self.is_part2:
            needed: tuple[str, ...] = (
                rendering.TPO_BODY_PLACEHOLDERS
                if self.kind == ConsentKind.PART2_TPO
                else rendering.PART2_BODY_PLACEHOLDERS
            )
            missing = [name for name in needed if name not in rendering.placeholders_in(self.body)]
            if missing:
                body_errors.append(
                    "A Part 2 consent must show every §2.31 element; add "
                    + ", ".join(f"{{{{ {name} }}}}" for name in missing)
                    + "."
                )
            for name in ("revocation_text", "redisclosure_text"):
                if not getattr(self, name).strip():
                    errors[name] = ["A Part 2 template needs this statement."]
        if self.kind == ConsentKind.PART2_TPO:
            for name in ("refusal_text", "default_information", "default_recipients"):
                if not getattr(self, name).strip():
                    errors[name] = ["A TPO consent needs this text."]
        if body_errors:
            errors["body"] = body_errors
        for name in ("revocation_text", "redisclosure_text", "refusal_text"):
            statement_errors = _placeholder_errors(getattr(self, name), rendering.STATEMENT_PLACEHOLDERS)
            if statement_errors:
                errors.setdefault(name, []).extend(statement_errors)
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        from openiop.consents.models.documents import ConsentDocument  # documents.py imports this module

        if not self._state.adding and ConsentDocument.objects.filter(template_id=self.pk).exists():
            raise PermissionError("A consent template already used is never changed; add a new version.")
        super().save(*args, **kwargs)
