"""The group note as a grid: pick lists per client and one free-text line; a version on the draft.

Existing entries keep their words: the old free-text fields are folded into the line, labelled,
before they are dropped (signed notes are untouched: their filed notes carry the text)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from openiop.clinical import group_picks

LEGACY = (
    ("participation", ""),
    ("response", "Response: "),
    ("progress", "Progress: "),
    ("mood_affect", "Mood and affect: "),
    ("risk_observed", "Risk observed: "),
)


def fold_text(apps, schema_editor):  # type: ignore[no-untyped-def]
    Entry = apps.get_model("clinical", "GroupNoteEntry")
    for entry in Entry.objects.all().iterator():
        parts = [f"{label}{getattr(entry, field).strip()}" for field, label in LEGACY if getattr(entry, field).strip()]
        if parts:
            Entry.objects.filter(pk=entry.pk).update(comment="\n".join(parts))


class Migration(migrations.Migration):
    dependencies = [
        ("clinical", "0002_note_content_sha256_note_version"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="groupnote",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="groupnote",
            name="saved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="groupnote",
            name="saved_in",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="groupnoteentry",
            name="participation_level",
            field=models.CharField(blank=True, choices=group_picks.choices(group_picks.PARTICIPATION), max_length=16),
        ),
        migrations.AddField(
            model_name="groupnoteentry",
            name="engagement",
            field=models.CharField(blank=True, choices=group_picks.choices(group_picks.ENGAGEMENT), max_length=16),
        ),
        migrations.AddField(
            model_name="groupnoteentry",
            name="mood",
            field=models.CharField(blank=True, choices=group_picks.choices(group_picks.MOOD), max_length=16),
        ),
        migrations.AddField(
            model_name="groupnoteentry",
            name="progress_rating",
            field=models.CharField(blank=True, choices=group_picks.choices(group_picks.PROGRESS), max_length=16),
        ),
        migrations.AddField(
            model_name="groupnoteentry",
            name="risk",
            field=models.CharField(blank=True, choices=group_picks.choices(group_picks.RISK), max_length=16),
        ),
        migrations.AddField(
            model_name="groupnoteentry",
            name="comment",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(fold_text, migrations.RunPython.noop),
        migrations.RemoveField(model_name="groupnoteentry", name="participation"),
        migrations.RemoveField(model_name="groupnoteentry", name="response"),
        migrations.RemoveField(model_name="groupnoteentry", name="progress"),
        migrations.RemoveField(model_name="groupnoteentry", name="mood_affect"),
        migrations.RemoveField(model_name="groupnoteentry", name="risk_observed"),
    ]
