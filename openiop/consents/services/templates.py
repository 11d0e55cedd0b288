"""Writes to consent templates: the defaults, the version in effect, a new version of the wording."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.services import save_and_record
from openiop.consents import texts
from openiop.consents.models import ConsentTemplate


def templates_ensure_defaults() -> int:
    """Create version 1 of any default template whose kind and language have none (fresh or flushed database)."""
    have = set(ConsentTemplate.objects.values_list("kind", "language").distinct())
    created = 0
    for default in texts.DEFAULT_TEMPLATES:
        if (default["kind"], default["language"]) in have:
            continue
        template = ConsentTemplate(version=1, effective_date=dt.date(2026, 2, 16), **default)
        template.full_clean()
        template.save()
        created += 1
    return created


def template_current(*, kind: str, language: str, on: dt.date) -> ConsentTemplate:
    """The newest version in effect on ``on``, in the language asked (English when there is none)."""
    templates_ensure_defaults()
    for lang in dict.fromkeys([language, "en"]):
        found = (
            ConsentTemplate.objects.filter(kind=kind, language=lang, effective_date__lte=on)
            .order_by("-version")
            .first()
        )
        if found is not None:
            return found
    raise ValidationError({"kind": f"No template for {kind} is in effect yet."})


def consent_template_create(
    *,
    actor: Actor,
    kind: str,
    language: str,
    title: str,
    body: str,
    effective_date: dt.date,
    revocation_text: str = "",
    redisclosure_text: str = "",
    refusal_text: str = "",
    default_information: str = "",
    default_recipients: str = "",
) -> ConsentTemplate:
    """A new version of a document's wording; versions already used are never edited."""
    if not policy.can_change_consent_wording(actor):
        raise PermissionDenied("Only a program director changes consent wording.")
    with transaction.atomic():
        latest = ConsentTemplate.objects.filter(kind=kind, language=language).aggregate(v=Max("version"))["v"]
        template = ConsentTemplate(
            kind=kind,
            language=language,
            version=(latest or 0) + 1,
            title=title,
            body=body.replace("\r\n", "\n"),
            effective_date=effective_date,
            revocation_text=revocation_text,
            redisclosure_text=redisclosure_text,
            refusal_text=refusal_text,
            default_information=default_information,
            default_recipients=default_recipients,
            created_by=actor,
        )
        save_and_record(
            actor=actor,
            instance=template,
            object_type="consent_template",
            detail={"kind": kind, "version": template.version},
        )
    return template
