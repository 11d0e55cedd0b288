"""Seed the curriculum modules (openiop/program/curriculum.py)."""

from django.db import migrations

from openiop.program.curriculum import MODULES


def seed(apps, schema_editor):
    Module = apps.get_model("program", "Module")
    for position, (slug, name, description, modality, materials) in enumerate(MODULES):
        Module.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "modality": modality,
                "materials": materials,
                "position": position,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("program", "Module").objects.filter(slug__in=[m[0] for m in MODULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("program", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
