"""Treatment plans: problems (with the client's goal), objectives, interventions, signatures, reviews."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_create, save_and_record
from openiop.clients.models import Client, EpisodeStatus
from openiop.clinical.models import (
    Intervention,
    Objective,
    ObjectiveStatus,
    PlanReview,
    PlanStatus,
    Problem,
    TreatmentPlan,
)
from openiop.clinical.services.common import reauthenticate, require_note_writer, settings_for_site
from openiop.core.concurrency import relock


def _require_draft(plan: TreatmentPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError({"plan": "A signed plan changes at its reviews; start a new plan to rewrite it."})


def plan_create(*, actor: Actor, client: Client, effective_on: dt.date) -> TreatmentPlan:
    require_note_writer(actor, client)
    episode = client.episodes.filter(status=EpisodeStatus.ACTIVE).first()
    plan = TreatmentPlan(
        client=client,
        site_id=client.site_id,
        episode=episode,
        created_by=actor,
        effective_on=effective_on,
        review_interval_days=settings_for_site(client.site_id).plan_review_days,
    )
    try:
        with transaction.atomic():
            save_and_record(actor=actor, instance=plan, object_type="treatment_plan")
    except IntegrityError:
        raise ValidationError({"plan": "This client already has a treatment plan in progress."}) from None
    return plan


def problem_add(*, actor: Actor, plan: TreatmentPlan, dimension: int, statement: str, goal: str) -> Problem:
    require_note_writer(actor, plan.client)
    _require_draft(plan)
    with transaction.atomic():
        problem = Problem(plan=plan, dimension=dimension, statement=statement.strip(), goal=goal.strip())
        save_and_record(
            actor=actor, instance=problem, client_id=plan.client_id, site_id=plan.site_id, detail={"plan": plan.pk}
        )
    return problem


def objective_add(*, actor: Actor, problem: Problem, text: str, target_date: dt.date) -> Objective:
    plan = problem.plan
    require_note_writer(actor, plan.client)
    _require_draft(plan)
    if target_date < plan.effective_on:
        raise ValidationError({"target_date": "The target date is after the plan starts."})
    with transaction.atomic():
        objective = Objective(problem=problem, text=text.strip(), target_date=target_date)
        save_and_record(
            actor=actor, instance=objective, client_id=plan.client_id, site_id=plan.site_id, detail={"plan": plan.pk}
        )
    return objective


def intervention_add(
    *, actor: Actor, objective: Objective, modality: str, frequency: str, responsible: Any
) -> Intervention:
    plan = objective.problem.plan
    require_note_writer(actor, plan.client)
    _require_draft(plan)

    if not policy.works_at(responsible, plan.site_id):
        raise ValidationError({"responsible": "The responsible person works at the client's site."})
    with transaction.atomic():
        intervention = Intervention(
            objective=objective, modality=modality, frequency=frequency, responsible=responsible
        )
        save_and_record(
            actor=actor, instance=intervention, client_id=plan.client_id, site_id=plan.site_id, detail={"plan": plan.pk}
        )
    return intervention


def plan_sign(
    *, actor: Actor, plan: TreatmentPlan, client_signature: str, password: str, code: str = ""
) -> TreatmentPlan:
    """The clinician signs (re-authenticated) with the client, who signs by typing their name."""
    require_note_writer(actor, plan.client)
    _require_draft(plan)
    if not Objective.objects.filter(problem__plan=plan).exists():
        raise ValidationError({"plan": "Add at least one problem with a measurable objective before signing."})
    if not client_signature.strip():
        raise ValidationError({"client_signature": "The client signs by typing their name."})
    reauthenticate(user=actor, password=password, code=code)
    now = timezone.now()
    with transaction.atomic():
        relock(plan)
        _require_draft(plan)  # again, under the lock: a plan is signed once
        before = snapshot(plan)
        plan.clinician_signed_by, plan.clinician_signed_at = actor, now
        plan.client_signature, plan.client_signed_at = client_signature.strip(), now
        plan.status = PlanStatus.ACTIVE
        save_and_record(actor=actor, instance=plan, before=before, action=Action.SIGN, object_type="treatment_plan")
    return plan


def plan_review_add(
    *,
    actor: Actor,
    plan: TreatmentPlan,
    reviewed_on: dt.date,
    summary: str,
    objective_statuses: dict[int, str] | None = None,
) -> PlanReview:
    """Review an active plan: a summary, and each objective's status (met, revised, discontinued…)."""
    require_note_writer(actor, plan.client)
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError({"plan": "Only a signed, active plan is reviewed."})
    if not summary.strip():
        raise ValidationError({"summary": "Summarise the progress reviewed."})
    statuses = objective_statuses or {}
    objectives = {o.pk: o for o in Objective.objects.filter(problem__plan=plan, pk__in=list(statuses))}
    for pk, status in statuses.items():
        if pk not in objectives or status not in ObjectiveStatus.values:
            raise ValidationError({f"objective-{pk}": "Choose a status for an objective of this plan."})
    with transaction.atomic():
        review = PlanReview(
            plan=plan, reviewed_on=reviewed_on, reviewer=actor, summary=summary.strip(), signed_at=timezone.now()
        )
        review.full_clean()
        review.save()
        for pk, status in statuses.items():
            if objectives[pk].status != status:
                objectives[pk].status = status
                objectives[pk].save(update_fields=["status", "updated_at"])
        record_create(
            actor=actor,
            instance=review,
            action=Action.SIGN,
            object_type="plan_review",
            client_id=plan.client_id,
            site_id=plan.site_id,
            detail={"plan": plan.pk},
        )
    return review
