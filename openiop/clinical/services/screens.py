"""Medications (what a screen may show as expected) and drug screens with per-analyte results."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.services import record_create, save_and_record
from openiop.clients.models import Client
from openiop.clinical.analytes import ANALYTES, BREATH_ONLY, unexpected_positives
from openiop.clinical.models import DrugScreen, Medication, Result, ScreenResult, Specimen
from openiop.core.time import local
from openiop.measures.models import AlertKind, AlertSeverity
from openiop.measures.services import alert_raise


def _require(actor: Actor, client: Client) -> None:
    if not policy.can_record_screens(actor, client):
        raise PermissionDenied("You may not record screens or medications for this client.")


def medication_add(
    *,
    actor: Actor,
    client: Client,
    name: str,
    started_on: dt.date,
    analytes: list[str] | None = None,
    dose: str = "",
    prescriber: str = "",
    stopped_on: dt.date | None = None,
) -> Medication:
    _require(actor, client)
    with transaction.atomic():
        medication = Medication(
            client=client,
            site_id=client.site_id,
            name=name.strip(),
            dose=dose,
            prescriber=prescriber,
            analytes=sorted(set(analytes or [])),
            started_on=started_on,
            stopped_on=stopped_on,
            recorded_by=actor,
        )
        save_and_record(actor=actor, instance=medication, object_type="medication")
    return medication


def expected_analytes(*, client: Client, on: dt.date) -> set[str]:
    """Analytes explained by medications the client was taking on that day."""
    rows = Medication.objects.filter(client=client, started_on__lte=on).filter(
        Q(stopped_on__isnull=True) | Q(stopped_on__gte=on)
    )
    return {a for m in rows for a in m.analytes}


def drug_screen_record(
    *,
    actor: Actor,
    client: Client,
    collected_at: dt.datetime,
    specimen: str,
    method: str,
    observed: bool,
    results: dict[str, str],
    comment: str = "",
) -> DrugScreen:
    """Record a screen; a positive no prescription explains raises an alert on the caseload."""
    _require(actor, client)
    errors: dict[str, str] = {}
    if not results:
        errors["results"] = "Enter at least one result."
    for analyte, result in results.items():
        if analyte not in ANALYTES:
            errors[f"results.{analyte}"] = "Unknown analyte."
        elif result not in Result.values:
            errors[f"results.{analyte}"] = "Positive, negative or invalid."
    if specimen == Specimen.BREATH and set(results) - BREATH_ONLY:
        errors["specimen"] = "A breath test measures alcohol only."
    if errors:
        raise ValidationError(errors)
    day = local(client.site, collected_at).date()
    expected = expected_analytes(client=client, on=day)
    unexpected = unexpected_positives(results, expected)
    with transaction.atomic():
        screen = DrugScreen(
            client=client,
            site_id=client.site_id,
            collected_at=collected_at,
            specimen=specimen,
            method=method,
            observed=observed,
            collected_by=actor,
            unexpected_positive=bool(unexpected),
            comment=comment,
        )
        screen.full_clean()
        screen.save()
        ScreenResult.objects.bulk_create(
            ScreenResult(screen=screen, analyte=a, result=r, expected=(r == Result.POSITIVE and a in expected))
            for a, r in sorted(results.items())
        )
        record_create(actor=actor, instance=screen, object_type="drug_screen", detail={"unexpected": unexpected})
        if unexpected:
            names = ", ".join(ANALYTES[a] for a in unexpected)
            alert_raise(
                actor=actor,
                client=client,
                kind=AlertKind.DRUG_SCREEN_UNEXPECTED,
                severity=AlertSeverity.HIGH,
                summary=f"Unexpected positive drug screen on {day:%b %-d}: {names}.",
            )
    return screen
