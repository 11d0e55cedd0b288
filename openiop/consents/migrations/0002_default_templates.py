"""Version 1 of the default consent wording (English and Spanish), from ``consents/texts.py``."""

import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    from openiop.consents.texts import DEFAULT_TEMPLATES

    ConsentTemplate = apps.get_model("consents", "ConsentTemplate")
    for default in DEFAULT_TEMPLATES:
        ConsentTemplate.objects.get_or_create(
            kind=default["kind"],
            language=default["language"],
            version=1,
            defaults={**default, "effective_date": dt.date(2026, 2, 16)},
        )


class Migration(migrations.Migration):
    dependencies = [("consents", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
