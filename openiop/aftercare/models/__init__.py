"""Aftercare: mutual-help meetings (meetings.py), aftercare plans (plans.py), alumni follow-ups (followups.py)."""

from openiop.aftercare.models.meetings import FeedFormat, ImportStatus, Meeting, MeetingAttendance, MeetingSource
from openiop.aftercare.models.plans import (
    PLAN_TEXT_FIELDS,
    AftercarePlan,
    ParticipationEntry,
    ParticipationKind,
    PlanLocked,
    PlanMeeting,
)

__all__ = [
    "PLAN_TEXT_FIELDS",
    "AftercarePlan",
    "FeedFormat",
    "ImportStatus",
    "Meeting",
    "MeetingAttendance",
    "MeetingSource",
    "ParticipationEntry",
    "ParticipationKind",
    "PlanLocked",
    "PlanMeeting",
]
from openiop.aftercare.models.followups import (
    AlumniStatus,
    AttemptOutcome,
    ContactMethod,
    FollowUp,
    FollowUpAttempt,
    FollowUpStatus,
)

__all__ = ["AlumniStatus", "AttemptOutcome", "ContactMethod", "FollowUp", "FollowUpAttempt", "FollowUpStatus"]
