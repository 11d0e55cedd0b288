from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """A row two people may edit at once. Every write adds one to ``version``; a write made from
    an older version is refused (``openiop.core.concurrency.check_version``) instead of silently
    overwriting the other person's change. The API shows it as the ``ETag``; forms carry it hidden."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
