"""Safety plans: every change is a new version; the current version is signed with the client."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change, save_and_record
from openiop.clients.models import Client
from openiop.clinical.models import STEPS, SafetyPlan
from openiop.clinical.services.common import reauthenticate, require_note_writer
from openiop.core.concurrency import relock

STEP_FIELDS = tuple(key for key, _, _ in STEPS)


def safety_plan_save(*, actor: Actor, client: Client, kept_where: str = "", **steps: str) -> SafetyPlan:
    """Save the plan as a new version (the earlier versions are kept as they were)."""
    require_note_writer(actor, client)
    unknown = set(steps) - set(STEP_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a step of the safety plan."))
    try:
        with transaction.atomic():
            latest = SafetyPlan.objects.filter(client=client).aggregate(v=Max("version"))["v"] or 0
            plan = SafetyPlan(
                client=client,
                site_id=client.site_id,
                version=latest + 1,
                created_by=actor,
                created_at=timezone.now(),
                kept_where=kept_where.strip(),
                **{k: (v or "").strip() for k, v in steps.items()},
            )
            save_and_record(actor=actor, instance=plan, object_type="safety_plan", detail={"version": plan.version})
    except IntegrityError:
        raise ValidationError(
            {"version": "Someone saved this plan at the same moment; reload and try again."}
        ) from None
    return plan


def safety_plan_sign(
    *, actor: Actor, plan: SafetyPlan, client_agreed: bool, password: str, code: str = ""
) -> SafetyPlan:
    require_note_writer(actor, plan.client)
    if plan.is_signed:
        raise ValidationError({"plan": "This version is already signed."})
    if SafetyPlan.objects.filter(client_id=plan.client_id, version__gt=plan.version).exists():
        raise ValidationError({"plan": "Only the current version is signed."})
    if not client_agreed:
        raise ValidationError({"client_agreed": "The plan is made with the client: confirm they agreed to it."})
    reauthenticate(user=actor, password=password, code=code)
    with transaction.atomic():
        relock(plan)
        if plan.is_signed:  # again, under the lock: a version is signed once
            raise ValidationError({"plan": "This version is already signed."})
        before = snapshot(plan)
        plan.client_agreed, plan.signed_by, plan.signed_at = True, actor, timezone.now()
        plan.save(update_fields=["client_agreed", "signed_by", "signed_at"])
        record_change(
            actor=actor,
            instance=plan,
            before=before,
            action=Action.SIGN,
            object_type="safety_plan",
            detail={"version": plan.version},
        )
    return plan
