"""Reads of intake records, always through ``accounts.policy``; opening or listing them is audited."""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from openiop.accounts import policy
from openiop.accounts.types import Viewer
from openiop.audit.models import Action
from openiop.audit.services import record_list, record_read
from openiop.core.paging import recorded_page, recorded_slice
from openiop.intake.duplicates import attach_duplicates as _attach_duplicates
from openiop.intake.models import (
    Assessment,
    AssessmentStatus,
    FollowUp,
    Inquiry,
    InquiryStatus,
    Screening,
)

if TYPE_CHECKING:
    from openiop.scheduling.models import ClientAvailability


def attach_duplicates(*, user: Any, inquiries: Any) -> None:
    """Possible duplicates among what the user may see; and no screening flag on a card whose client
    was admitted when the user reads intake findings only as intake off the care team."""
    items = list(inquiries)
    _attach_duplicates(user=user, inquiries=items)
    hidden = policy.findings_hidden_for(user, items)
    for inquiry in items:
        if inquiry.pk in hidden:
            inquiry.screen_cssrs = None
            inquiry.screen_phq2 = None


def _with_screening(qs: QuerySet[Inquiry]) -> QuerySet[Inquiry]:
    """Annotate the latest screening's C-SSRS risk and PHQ-2 result (for the prominent flags)."""
    latest = Screening.objects.filter(inquiry_id=OuterRef("pk")).order_by("-screened_at", "-pk")
    return qs.annotate(
        screen_cssrs=Subquery(latest.values("cssrs_risk")[:1]),
        screen_phq2=Subquery(latest.values("phq2_positive")[:1]),
    )


@dataclass(frozen=True)
class BoardColumn:
    status: str
    label: str
    count: int
    items: list[Inquiry]

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def inquiry_board(*, user: Viewer, per_column: int = 10) -> list[BoardColumn]:
    """One column per status with its count and its newest ``per_column`` cards: two queries."""
    visible = policy.inquiries_for(user).filter(site_id__in=policy.pipeline_sites(user))
    counts = dict(visible.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    ranked = _with_screening(
        visible.select_related("assigned_to", "site").annotate(
            row=Window(RowNumber(), partition_by=[F("status")], order_by=[F("created_at").desc(), F("pk").desc()])
        )
    ).filter(row__lte=per_column)  # type: ignore[misc]  # the plugin does not see window annotations
    by_status: dict[str, list[Inquiry]] = {}
    for inquiry in ranked.order_by("-created_at", "-pk"):
        by_status.setdefault(inquiry.status, []).append(inquiry)
    columns = [
        BoardColumn(status, str(label), counts.get(status, 0), by_status.get(status, []))
        for status, label in InquiryStatus.choices
    ]
    record_list(
        user=user, object_type="inquiry", shown=[i.pk for c in columns for i in c.items], detail={"view": "board"}
    )
    attach_duplicates(user=user, inquiries=[i for c in columns for i in c.items])
    return columns


def inquiry_search(*, user: Viewer, status: str = "", query: str = "") -> QuerySet[Inquiry]:
    qs = policy.inquiries_for(user)
    if status:
        qs = qs.filter(status=status)
    digits = "".join(c for c in query if c.isdigit())
    if len(digits) >= 4 and not any(c.isalpha() for c in query):
        qs = qs.filter(phone_digits__contains=digits)  # a phone number, however it is written
    else:
        for word in query.split()[:5]:
            qs = qs.filter(Q(name__icontains=word) | Q(email__icontains=word))
    return _with_screening(qs.select_related("site", "assigned_to")).order_by("-created_at", "-pk")


def inquiry_page(*, user: Viewer, status: str = "", query: str = "", page: str | int | None = 1) -> Page[Inquiry]:
    """One page of ``inquiry_search`` for the list page; the inquiries shown are recorded."""
    qs = inquiry_search(user=user, status=status, query=query)
    page_obj = recorded_page(
        user=user, qs=qs, page=page, object_type="inquiry", detail={"status": status, "query": query}
    )
    attach_duplicates(user=user, inquiries=page_obj)
    return page_obj


def inquiry_slice(*, user: Viewer, status: str = "", query: str = "", page: int = 1) -> tuple[list[Inquiry], int]:
    """Page ``page`` of ``inquiry_search`` exactly and the count (the API); recorded."""
    qs = inquiry_search(user=user, status=status, query=query)
    items, count = recorded_slice(
        user=user, qs=qs, page=page, object_type="inquiry", detail={"status": status, "query": query}
    )
    attach_duplicates(user=user, inquiries=items)
    return items, count


def inquiry_get_for_user(*, user: Viewer, pk: int, action: str | None = Action.VIEW, what: str = "inquiry") -> Inquiry:
    """The inquiry if the user may see it (else 404), with ``seen_duplicate``; records ``action``."""
    inquiry = (
        policy.inquiries_for(user).select_related("site", "client", "assigned_to", "created_by").filter(pk=pk).first()
    )
    if inquiry is None:
        raise Http404("No such inquiry")
    if action:
        record_read(user=user, instance=inquiry, action=action, object_type=what)
    attach_duplicates(user=user, inquiries=[inquiry])
    return inquiry


@dataclass(frozen=True)
class InquiryDetail:
    calls: list[Any]
    follow_ups: list[FollowUp]
    history: list[Any]
    screenings: list[Screening]
    assessments: list[Assessment]


def inquiry_detail(*, user: Any, inquiry: Inquiry) -> InquiryDetail:
    """The rest of an inquiry already opened through ``inquiry_get_for_user``; its screenings and
    assessments only for those who may still read them (``policy.intake``: not intake after admission)."""
    findings = policy.sees_intake_findings(user, inquiry)
    return InquiryDetail(
        calls=list(inquiry.calls.select_related("by")),
        follow_ups=list(inquiry.follow_ups.select_related("assigned_to", "done_by")),
        history=list(inquiry.status_changes.select_related("by")),
        screenings=list(inquiry.screenings.select_related("screened_by").prefetch_related("results"))
        if findings
        else [],
        assessments=list(inquiry.assessments.select_related("clinician")) if findings else [],
    )


def screening_get_for_user(*, user: Viewer, pk: int) -> Screening:
    screening = (
        Screening.objects.filter(inquiry__in=policy.inquiries_for(user).values("pk"), pk=pk)
        .select_related("inquiry", "inquiry__site", "screened_by")
        .prefetch_related("results")
        .first()
    )
    if screening is None or not policy.sees_intake_findings(user, screening.inquiry):
        raise Http404("No such screening")
    record_read(user=user, instance=screening, client_id=screening.inquiry.client_id)
    return screening


def assessment_get_for_user(
    *, user: Viewer, pk: int, action: str | None = Action.VIEW, what: str = "assessment"
) -> Assessment:
    assessment = (
        policy.assessments_for(user)
        .select_related("site", "client", "inquiry", "clinician", "signed_by", "medical_by", "booked_by")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment")
    if action:
        record_read(user=user, instance=assessment, action=action, object_type=what)
    return assessment


def assessment_worklist(*, user: Viewer, limit: int = 50) -> list[Assessment]:
    """Open assessments the user works on: a clinician's own; everyone else's at a director's or
    medical staff's sites; the intake coordinator's bookings at their sites."""
    qs = policy.assessments_for(user).filter(status__in=[AssessmentStatus.BOOKED, AssessmentStatus.IN_PROGRESS])
    wide = policy.assessment_worklist_sites(user)
    qs = qs.filter(Q(site_id__in=wide) | Q(clinician=user))
    items = list(qs.select_related("client", "clinician", "site").order_by("scheduled_at", "pk")[:limit])
    if items:  # an empty list shows no PHI
        record_list(user=user, object_type="assessment", shown=[a.pk for a in items])
    return items


def follow_ups_due(*, user: Viewer, until: dt.datetime, limit: int = 20) -> list[FollowUp]:
    """Open follow-ups due before ``until`` (overdue included) that are the user's or nobody's;
    recorded when any are shown."""
    items = list(
        FollowUp.objects.filter(
            inquiry__site_id__in=policy.pipeline_sites(user),
            done_at__isnull=True,
            due_at__lt=until,
        )
        .filter(Q(assigned_to=user) | Q(assigned_to__isnull=True))
        .select_related("inquiry", "inquiry__site")
        .order_by("due_at", "pk")[:limit]
    )
    if items:
        record_list(user=user, object_type="inquiry_follow_up", shown=[f.pk for f in items])
    return items


def assessments_for_client(*, client: Any) -> list[Assessment]:
    """Assessments of a client already opened through ``clients.selectors.client_get_for_user``
    (one query, with the inquiry each came from)."""
    return list(
        Assessment.objects.filter(client=client)
        .select_related("clinician", "inquiry")
        .order_by("-scheduled_at", "-pk")[:10]
    )


def availability_for_client(*, client_id: int) -> list["ClientAvailability"]:
    """When the client said they can attend at their latest signed assessment (weekday 0 =
    Monday; times are local to the site); the caller has already authorised the read. The
    planner reads the client's current week (``scheduling.selectors.availability_for_client``)."""
    from openiop.scheduling.models import ClientAvailability

    latest = (
        Assessment.objects.filter(client_id=client_id, status=AssessmentStatus.SIGNED)
        .order_by("-signed_at", "-pk")
        .values("pk")[:1]
    )
    return list(ClientAvailability.objects.filter(assessment_id__in=Subquery(latest)).order_by("weekday", "start_time"))
