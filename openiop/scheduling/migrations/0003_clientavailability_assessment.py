import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("scheduling", "0002_plan_run_lease"),
    ]

    operations = [
        migrations.AddField(
            model_name="clientavailability",
            name="assessment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="availability",
                to="intake.assessment",
            ),
        ),
    ]
