"""A client's weekly availability, planning profile and completed modules."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from openiop.accounts.types import Actor
from openiop.audit.changes import snapshot
from openiop.audit.models import Action
from openiop.audit.services import record_change, record_delete, save_and_record
from openiop.clients.models import Client
from openiop.program.models import (
    Module,
)
from openiop.scheduling.models import (
    AvailabilityKind,
    ClientAvailability,
    ClientPlanProfile,
    ModuleCompletion,
)
from openiop.scheduling.services.base import _require_change


def client_availability_add(
    *, actor: Actor, client: Client, weekday: int, start_time: dt.time, end_time: dt.time, kind: str
) -> ClientAvailability:
    _require_change(actor, client)
    if kind not in AvailabilityKind.values:
        raise ValidationError({"kind": f"{kind!r} is not a kind of window."})
    window = ClientAvailability(client=client, weekday=weekday, start_time=start_time, end_time=end_time, kind=kind)
    with transaction.atomic():
        save_and_record(actor=actor, instance=window, detail={"kind": kind})
    return window


def client_availability_remove(*, actor: Actor, window: ClientAvailability) -> None:
    client = window.client
    _require_change(actor, client)
    with transaction.atomic():
        record_delete(actor=actor, instance=window, detail={"kind": window.kind})
        window.delete()


def client_availability_replace(
    *, actor: Actor, client: Client, windows: list[dict[str, Any]]
) -> list[ClientAvailability]:
    """Replace the client's whole week at once (the API's PUT); all or nothing."""
    _require_change(actor, client)
    rows = []
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(windows):
        row = ClientAvailability(client=client, **item)
        try:
            row.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(f"windows[{index}].{name}", []).extend(messages)
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Two replaces at once must not merge into one week: the client's row is the lock.
        Client.objects.select_for_update().filter(pk=client.pk).first()
        ClientAvailability.objects.filter(client=client).current().delete()
        ClientAvailability.objects.bulk_create(rows)
        record_change(
            actor=actor,
            instance=client,
            before=snapshot(client),
            object_type="clientavailability",
            detail={"windows": len(rows)},
        )
    return list(ClientAvailability.objects.filter(client=client).current().order_by("weekday", "start_time"))


def client_plan_profile_set(
    *, actor: Actor, client: Client, individual_minutes: int, notes: str = ""
) -> ClientPlanProfile:
    _require_change(actor, client)
    profile = ClientPlanProfile.objects.filter(client=client).first() or ClientPlanProfile(client=client)
    before = snapshot(profile)
    profile.individual_minutes, profile.notes = individual_minutes, notes
    with transaction.atomic():
        save_and_record(actor=actor, instance=profile, before=before, action=Action.UPDATE)
    return profile


def module_completions_set(
    *, actor: Actor, client: Client, modules: list[Module], on: dt.date
) -> list[ModuleCompletion]:
    """Make the client's completed modules exactly ``modules`` (new ones dated ``on``)."""
    _require_change(actor, client)
    wanted = {m.pk for m in modules}
    with transaction.atomic():
        have = {c.module_id: c for c in ModuleCompletion.objects.filter(client=client)}
        removed = sorted(set(have) - wanted)
        added = sorted(wanted - set(have))
        ModuleCompletion.objects.filter(client=client, module_id__in=removed).delete()
        ModuleCompletion.objects.bulk_create(
            ModuleCompletion(client=client, module_id=m, completed_on=on) for m in added
        )
        if removed or added:
            record_change(
                actor=actor,
                instance=client,
                before=snapshot(client),
                object_type="modulecompletion",
                detail={"added": added, "removed": removed},
            )
    return list(ModuleCompletion.objects.filter(client=client).select_related("module"))
