"""Staff hours: weekly availability windows and absences (local time at the site)."""

from typing import ClassVar

from django.conf import settings
from django.db import models

from openiop.accounts.models import Site
from openiop.core.models import TimeStampedModel, Weekday, program_bound_problems


class StaffAvailability(TimeStampedModel):
    """A weekly window in which a staff member works at a site (local time)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="staff_availability")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()

    class Meta:
        ordering: ClassVar[list[str]] = ["user", "weekday", "start_time"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")),
                name="staff_availability_start_before_end",
                violation_error_message="The end must be after the start.",
            ),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="staff_availability_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class StaffAbsence(TimeStampedModel):
    """An exception to the weekly hours: leave, training, a day off (whole days, inclusive)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="staff_absences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences")
    first_day = models.DateField()
    last_day = models.DateField()
    reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["user", "first_day"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")),
                name="staff_absence_days_in_order",
                violation_error_message="The last day cannot be before the first day.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} away {self.first_day}–{self.last_day}"

    def bound_problems(self) -> dict[str, str]:
        problems = super().bound_problems()
        zone = self.site.time_zone if self.site_id else None
        return program_bound_problems(problems, zone, first_day=self.first_day, last_day=self.last_day)
