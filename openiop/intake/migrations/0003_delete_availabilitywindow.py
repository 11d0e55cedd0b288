from django.db import migrations


class Migration(migrations.Migration):
    """In its own migration: PostgreSQL refuses to drop a table in the transaction that has
    pending deferred-constraint checks from the data copy."""

    dependencies = [
        ("intake", "0002_availability_into_clientavailability"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="availabilitywindow", name="availability_weekday_valid"),
        migrations.RemoveConstraint(model_name="availabilitywindow", name="availability_start_before_end"),
        migrations.DeleteModel(name="AvailabilityWindow"),
    ]
