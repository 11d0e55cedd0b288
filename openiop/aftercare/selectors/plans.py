"""Aftercare plan versions of a client already opened through ``client_get_for_user`` (recorded)."""

from django.db.models import Prefetch, QuerySet

from openiop.aftercare.models import AftercarePlan, PlanMeeting
from openiop.clients.models import Client


def _plans(client: Client) -> QuerySet[AftercarePlan]:
    meetings = PlanMeeting.objects.select_related("meeting", "meeting__source")
    return (
        AftercarePlan.objects.filter(client=client)
        .select_related("provider", "created_by", "signed_by")
        .prefetch_related(Prefetch("plan_meetings", queryset=meetings))
    )


def plan_versions(*, client: Client) -> list[AftercarePlan]:
    return list(_plans(client))


def current_plan(*, client: Client) -> AftercarePlan | None:
    return _plans(client).first()


def signed_plan_for_client(*, client: Client) -> AftercarePlan | None:
    """What the client sees in the portal: the latest signed version (a draft is not theirs yet)."""
    return _plans(client).filter(signed_at__isnull=False).first()
