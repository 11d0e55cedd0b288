"""Aftercare plans: a draft version is edited in place; a signed one never changes, so the next
change starts a new version copied from it (meetings included). Signed once, with the client,
after re-authentication (``accounts.services.reauthenticate``)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.services import reauthenticate
from openiop.accounts.types import Actor
from openiop.aftercare.models import PLAN_TEXT_FIELDS, AftercarePlan, Meeting, PlanMeeting
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change, record_create, record_delete, save_and_record
from openiop.clients.models import Client
from openiop.consents.models import Provider
from openiop.core.concurrency import relock

OBJECT = "aftercare_plan"


def _require_writer(actor: Actor, client: Client) -> None:
    if not policy.can_write_aftercare(actor, client):
        raise PermissionDenied("You may not write this client's aftercare plan.")


def _latest(client: Client) -> AftercarePlan | None:
    return AftercarePlan.objects.filter(client=client).order_by("-version").first()


def _new_version(
    *, actor: Actor, client: Client, copy_of: AftercarePlan | None, changes: dict[str, Any] | None = None
) -> AftercarePlan:
    """A new draft version, copied from ``copy_of`` (its fields and chosen meetings), with ``changes``."""
    latest = AftercarePlan.objects.filter(client=client).aggregate(v=Max("version"))["v"] or 0
    plan = AftercarePlan(client=client, site_id=client.site_id, version=latest + 1, created_by=actor)
    if copy_of is not None:
        plan.step_down_level, plan.provider_id = copy_of.step_down_level, copy_of.provider_id
        for name in PLAN_TEXT_FIELDS:
            setattr(plan, name, getattr(copy_of, name))
    for name, value in (changes or {}).items():
        setattr(plan, name, value)
    try:
        with transaction.atomic():
            save_and_record(actor=actor, instance=plan, object_type=OBJECT, detail={"version": plan.version})
    except IntegrityError:
        raise ValidationError(
            {"version": "Someone saved this plan at the same moment; reload and try again."}
        ) from None
    if copy_of is not None:
        PlanMeeting.objects.bulk_create(
            PlanMeeting(plan=plan, meeting_id=pm.meeting_id, day=pm.day, note=pm.note)
            for pm in copy_of.plan_meetings.all()
        )
    return plan


def _draft_for_change(
    *, actor: Actor, client: Client, changes: dict[str, Any] | None = None
) -> tuple[AftercarePlan, bool]:
    """The version a change goes into: the current draft (locked), or a new version already
    carrying ``changes``; and whether it is new."""
    latest = _latest(client)
    if latest is not None and not latest.is_signed:
        relock(latest)
        if not latest.is_signed:
            return latest, False
    return _new_version(actor=actor, client=client, copy_of=latest, changes=changes), True


def _check_provider(client: Client, provider: Provider | None) -> None:
    if provider is not None and (provider.site_id != client.site_id or not provider.active):
        raise ValidationError({"provider": "Choose an active provider from this site's directory."})


def aftercare_plan_save(
    *, actor: Actor, client: Client, step_down_level: str = "", provider: Provider | None = None, **texts: str
) -> AftercarePlan:
    """Write the plan's fields (into the draft, or a new version after a signed one)."""
    _require_writer(actor, client)
    unknown = set(texts) - set(PLAN_TEXT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a part of the aftercare plan."))
    _check_provider(client, provider)
    changes: dict[str, Any] = {"step_down_level": step_down_level, "provider": provider}
    changes.update({name: (value or "").strip() for name, value in texts.items()})
    with transaction.atomic():
        plan, new = _draft_for_change(actor=actor, client=client, changes=changes)
        if not new:
            before = snapshot(plan)
            for name, value in changes.items():
                setattr(plan, name, value)
            save_and_record(
                actor=actor, instance=plan, before=before, object_type=OBJECT, detail={"version": plan.version}
            )
    return plan


def aftercare_plan_add_meeting(
    *, actor: Actor, client: Client, meeting: Meeting, day: int, note: str = ""
) -> PlanMeeting:
    """Add one weekly occurrence of a meeting (its day) to the plan's draft."""
    _require_writer(actor, client)
    if meeting.retired_at is not None or meeting.by_appointment or day not in (meeting.days or []):
        raise ValidationError({"meeting": "Choose a current meeting on one of its days."})
    with transaction.atomic():
        plan, _ = _draft_for_change(actor=actor, client=client)
        if plan.plan_meetings.filter(meeting=meeting, day=day).exists():
            raise ValidationError({"meeting": "This meeting is already in the plan on that day."})
        chosen = PlanMeeting(plan=plan, meeting=meeting, day=day, note=note.strip())
        chosen.full_clean()
        chosen.save()
        record_create(actor=actor, instance=chosen, client_id=client.pk, site_id=client.site_id, object_type=OBJECT)
    return chosen


def aftercare_plan_remove_meeting(*, actor: Actor, chosen: PlanMeeting) -> AftercarePlan:
    """Take a meeting off the plan (off a new version when the current one is signed)."""
    client = chosen.plan.client
    _require_writer(actor, client)
    with transaction.atomic():
        plan, _ = _draft_for_change(actor=actor, client=client)
        target = plan.plan_meetings.filter(meeting_id=chosen.meeting_id, day=chosen.day).first()
        if target is not None:
            record_delete(actor=actor, instance=target, client_id=client.pk, site_id=client.site_id, object_type=OBJECT)
            target.delete()
    return plan


def aftercare_plan_sign(
    *, actor: Actor, plan: AftercarePlan, client_agreed: bool, password: str, code: str = ""
) -> AftercarePlan:
    _require_writer(actor, plan.client)
    if plan.is_signed:
        raise ValidationError({"plan": "This version is already signed."})
    if AftercarePlan.objects.filter(client_id=plan.client_id, version__gt=plan.version).exists():
        raise ValidationError({"plan": "Only the current version is signed."})
    if not client_agreed:
        raise ValidationError({"client_agreed": "The plan is written with the client: confirm they agreed to it."})
    reauthenticate(user=actor, password=password, code=code)
    with transaction.atomic():
        relock(plan)
        if plan.is_signed:  # again, under the lock: a version is signed once
            raise ValidationError({"plan": "This version is already signed."})
        before = snapshot(plan)
        plan.client_agreed, plan.signed_by, plan.signed_at = True, actor, timezone.now()
        # The guard in save() reads the stored row, still unsigned here.
        plan.save(update_fields=["client_agreed", "signed_by", "signed_at", "updated_at"])
        record_change(
            actor=actor,
            instance=plan,
            before=before,
            action=Action.SIGN,
            object_type=OBJECT,
            detail={"version": plan.version},
        )
    return plan
