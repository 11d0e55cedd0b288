"""A client's treatment plan, drug screens, medications and safety plan (client opened by the caller)."""

import datetime as dt
from typing import Any

from django.db.models import Max, Prefetch, QuerySet

from openiop.clients.models import Client
from openiop.clinical.models import (
    DrugScreen,
    Intervention,
    Medication,
    Objective,
    PlanStatus,
    Problem,
    SafetyPlan,
    TreatmentPlan,
)
from openiop.clinical.plan_review import ReviewStatus, review_status


def current_plan(*, client: Client) -> TreatmentPlan | None:
    objectives = Objective.objects.prefetch_related(
        Prefetch("interventions", queryset=Intervention.objects.select_related("responsible"))
    )
    return (
        TreatmentPlan.objects.filter(client=client, status__in=[PlanStatus.DRAFT, PlanStatus.ACTIVE])
        .select_related("clinician_signed_by", "created_by")
        .prefetch_related(
            Prefetch(
                "problems", queryset=Problem.objects.prefetch_related(Prefetch("objectives", queryset=objectives))
            ),
            "reviews__reviewer",
        )
        .first()
    )


def plan_status(plan: TreatmentPlan, today: dt.date) -> ReviewStatus | None:
    if plan.status != PlanStatus.ACTIVE:
        return None
    reviews = list(plan.reviews.all())
    last = max((r.reviewed_on for r in reviews), default=None)
    return review_status(
        effective=plan.effective_on, last_review=last, today=today, interval_days=plan.review_interval_days
    )


def plans_due(*, client_ids: list[int], today: dt.date) -> list[tuple[TreatmentPlan, ReviewStatus]]:
    """Active plans of these clients whose review is due or overdue (one query)."""
    plans = (
        TreatmentPlan.objects.filter(client_id__in=client_ids, status=PlanStatus.ACTIVE)
        .select_related("client")
        .annotate(last_review=Max("reviews__reviewed_on"))
        .order_by("effective_on", "pk")
    )
    out: list[tuple[TreatmentPlan, ReviewStatus]] = []
    for plan in plans:
        status = review_status(
            effective=plan.effective_on,
            last_review=plan.last_review,
            today=today,
            interval_days=plan.review_interval_days,
        )
        if status.state != "ok":
            out.append((plan, status))
    return out


def screens_for(*, client: Client, limit: int = 50) -> list[DrugScreen]:
    return list(
        DrugScreen.objects.filter(client=client).prefetch_related("results").select_related("collected_by")[:limit]
    )


def medications_for(*, client: Client) -> QuerySet[Medication]:
    return Medication.objects.filter(client=client).order_by("stopped_on", "-started_on", "name")


def safety_plans_for(*, client: Client) -> list[SafetyPlan]:
    return list(SafetyPlan.objects.filter(client=client).select_related("created_by", "signed_by"))


def screen_table(screens: list[DrugScreen]) -> tuple[list[str], list[dict[str, Any]]]:
    """Analytes tested (columns) and one row per screen, oldest first, for the trend table."""
    from openiop.clinical.analytes import ANALYTES

    tested = {r.analyte for s in screens for r in s.results.all()}
    columns = [a for a in ANALYTES if a in tested]
    rows = []
    for screen in sorted(screens, key=lambda s: s.collected_at):
        by = {r.analyte: r for r in screen.results.all()}
        rows.append({"screen": screen, "cells": [by.get(a) for a in columns]})
    return columns, rows
