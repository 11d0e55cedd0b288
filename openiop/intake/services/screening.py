"""The phone screen: score the instruments through the library, suggest a disposition, save."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openiop.accounts import policy
from openiop.accounts.types import Actor
from openiop.audit.services import record_create
from openiop.core.time import site_today
from openiop.intake import rules
from openiop.intake.instruments import SCREENING_CODES, field_name, score_or_error
from openiop.intake.models import Inquiry, InquiryStatus, InstrumentResult, Screening
from openiop.intake.services.inquiries import inquiry_transition
from openiop.measures.instruments import Score

Answers = Mapping[str, list[int | None] | None]


def score_all(codes: tuple[str, ...], answers: Answers, *, sex: str = "") -> dict[str, Score]:
    """Every administered instrument's score; all the errors at once, keyed by form field."""
    scores: dict[str, Score] = {}
    errors: dict[str, Any] = {}
    for code in codes:
        given = answers.get(code)
        if given is None:
            continue
        try:
            scores[code] = score_or_error(code, given, sex=sex if code == "auditc" else None)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    unknown = set(answers) - set(codes)
    if unknown:
        errors["__all__"] = [f"Not part of this form: {', '.join(sorted(unknown))}."]
    if errors:
        raise ValidationError(errors)
    return scores


def screening_create(
    *,
    actor: Actor,
    inquiry: Inquiry,
    answers: Answers,
    disposition: str,
    disposition_note: str = "",
    sex_for_scoring: str = "",
    last_use_date: dt.date | None = None,
    last_use_note: str = "",
    withdrawal_seizures: bool = False,
    delirium_tremens: bool = False,
    current_supports: str = "",
    available_hours_per_week: Decimal | None = None,
) -> Screening:
    if not policy.can_change_inquiry(actor, inquiry):
        raise PermissionDenied("You may not screen this inquiry.")
    if inquiry.is_closed or inquiry.status == InquiryStatus.ADMITTED:
        raise ValidationError({"__all__": "This inquiry is closed or admitted; reopen it to screen again."})
    if answers.get("cssrs-screen") is None:
        raise ValidationError({field_name("cssrs-screen", "1"): "Every screening asks the C-SSRS screener."})
    scores = score_all(SCREENING_CODES, answers, sex=sex_for_scoring)
    today = site_today(inquiry.site)
    if last_use_date is not None and last_use_date > today:
        raise ValidationError({"last_use_date": "The last use cannot be in the future."})
    if disposition not in rules.DISPOSITIONS:
        raise ValidationError({"disposition": "Choose a disposition."})

    def positive(code: str) -> bool | None:
        return scores[code].positive if code in scores else None

    advice = rules.advise_disposition(
        rules.ScreeningFacts(
            cssrs_risk=scores["cssrs-screen"].band,
            phq2_positive=positive("phq2"),
            auditc_positive=positive("auditc"),
            dast10_positive=positive("dast10"),
            scoff_positive=positive("scoff"),
            withdrawal_seizures=withdrawal_seizures,
            delirium_tremens=delirium_tremens,
            days_since_last_use=None if last_use_date is None else (today - last_use_date).days,
            available_hours_per_week=None if available_hours_per_week is None else float(available_hours_per_week),
        )
    )
    disposition_note = disposition_note.strip()
    if rules.disposition_needs_note(advice.disposition, disposition) and not disposition_note:
        raise ValidationError(
            {"disposition_note": "This is less urgent than the suggested disposition: say why in a note."}
        )
    with transaction.atomic():
        screening = Screening(
            inquiry=inquiry,
            site_id=inquiry.site_id,
            screened_by=actor,
            screened_at=timezone.now(),
            sex_for_scoring=sex_for_scoring,
            last_use_date=last_use_date,
            last_use_note=last_use_note,
            withdrawal_seizures=withdrawal_seizures,
            delirium_tremens=delirium_tremens,
            current_supports=current_supports,
            available_hours_per_week=available_hours_per_week,
            cssrs_risk=scores["cssrs-screen"].band or "",
            phq2_positive=positive("phq2"),
            flags=advice.flags,
            suggested_disposition=advice.disposition,
            disposition=disposition,
            disposition_note=disposition_note,
        )
        screening.full_clean()
        screening.save()
        for code, result in scores.items():
            save_result(InstrumentResult(screening=screening), code, answers[code], result, sex_for_scoring)
        if inquiry.status in (InquiryStatus.NEW, InquiryStatus.CONTACTED):
            inquiry_transition(actor=actor, inquiry=inquiry, to=InquiryStatus.SCREENED, system=True)
        record_create(
            actor=actor,
            instance=screening,
            object_type="screening",
            client_id=inquiry.client_id,
            site_id=inquiry.site_id,
            detail={
                "inquiry": inquiry.pk,
                "disposition": disposition,
                "suggested": advice.disposition,
                "flags": advice.flags,
            },
        )
    return screening


def save_result(
    row: InstrumentResult, code: str, answers: list[int | None] | None, result: Score, sex: str = ""
) -> InstrumentResult:
    row.code = code
    row.answers = answers
    row.sex = sex if code == "auditc" else ""
    row.total = None if result.total is None else float(result.total)
    row.band = result.band or ""
    row.positive = result.positive
    row.flags = list(result.flags)
    row.full_clean()
    row.save()
    return row
