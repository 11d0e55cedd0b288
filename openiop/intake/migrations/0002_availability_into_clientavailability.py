"""Intake's AvailabilityWindow becomes rows of the one weekly-availability model
(scheduling.ClientAvailability, tagged with their assessment). A client whose current week is
empty gets the windows of their latest signed assessment, so the hours given at assessment reach
the planner."""

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    window_model = apps.get_model("intake", "AvailabilityWindow")
    availability = apps.get_model("scheduling", "ClientAvailability")
    latest_signed: dict[int, tuple[Any, int]] = {}
    rows = []
    for window in window_model.objects.select_related("assessment").order_by("pk"):
        assessment = window.assessment
        rows.append(
            availability(
                client_id=assessment.client_id,
                assessment_id=assessment.pk,
                weekday=window.weekday,
                start_time=window.start,
                end_time=window.end,
                kind="available",
            )
        )
        if assessment.status == "signed" and assessment.signed_at is not None:
            key = (assessment.signed_at, assessment.pk)
            if assessment.client_id not in latest_signed or key > latest_signed[assessment.client_id]:
                latest_signed[assessment.client_id] = key
    availability.objects.bulk_create(rows)
    with_week = set(
        availability.objects.filter(assessment__isnull=True, client_id__in=list(latest_signed))
        .values_list("client_id", flat=True)
        .distinct()
    )
    availability.objects.bulk_create(
        availability(
            client_id=row.client_id,
            weekday=row.weekday,
            start_time=row.start_time,
            end_time=row.end_time,
            kind=row.kind,
        )
        for row in rows
        if row.client_id in latest_signed
        and row.client_id not in with_week
        and row.assessment_id == latest_signed[row.client_id][1]
    )


def backwards(apps: Any, schema_editor: Any) -> None:
    window_model = apps.get_model("intake", "AvailabilityWindow")
    availability = apps.get_model("scheduling", "ClientAvailability")
    window_model.objects.bulk_create(
        window_model(assessment_id=row.assessment_id, weekday=row.weekday, start=row.start_time, end=row.end_time)
        for row in availability.objects.filter(assessment__isnull=False)
    )
    availability.objects.filter(assessment__isnull=False).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("scheduling", "0003_clientavailability_assessment"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
