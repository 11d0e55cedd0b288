"""Every 42 CFR 2.31 element is a required field of a Part 2 consent; its template must show each one."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from conftest import Cast
from openiop.clients.models import Episode
from openiop.consents import services
from openiop.consents.models import (
    PART2_ELEMENTS,
    TPO_ELEMENTS,
    ConsentDocument,
    ConsentKind,
    ConsentTemplate,
    Expiration,
)
from openiop.consents.tests import factories

BLANK: dict[str, Any] = {"purposes": [], "expiration_kind": ""}


def _tpo(cast: Cast) -> ConsentDocument:
    return services.consent_prepare(actor=cast.alice, client=cast.erin, kind=ConsentKind.PART2_TPO)


def _release(cast: Cast) -> ConsentDocument:
    return services.consent_prepare(
        actor=cast.alice, client=cast.erin, kind=ConsentKind.PART2_RELEASE, support_contact=factories.erin_contact(cast)
    )


@pytest.mark.parametrize(("field", "element"), TPO_ELEMENTS)
def test_a_tpo_consent_missing_an_element_is_refused_on_that_field(cast: Cast, field: str, element: str) -> None:
    document = _tpo(cast)
    setattr(document, field, BLANK.get(field, "  "))
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    assert field in info.value.message_dict
    assert element in info.value.message_dict[field][0]


@pytest.mark.parametrize(("field", "element"), [*PART2_ELEMENTS, ("recipient_name", "names the person")])
def test_a_release_missing_an_element_is_refused_on_that_field(cast: Cast, field: str, element: str) -> None:
    document = _release(cast)
    setattr(document, field, BLANK.get(field, ""))
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    assert field in info.value.message_dict and element in info.value.message_dict[field][0]


@pytest.mark.parametrize("field", ["signed_name", "signed_at"])
def test_a_signed_consent_needs_its_signature_and_date(cast: Cast, field: str) -> None:
    document = _tpo(cast)
    document.status, document.signed_name, document.text_sha256 = "signed", "Erin Castillo", "a" * 64
    document.signed_at = dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC)
    setattr(document, field, "" if field == "signed_name" else None)
    with pytest.raises(ValidationError) as info:
        document.full_clean()
    assert field in info.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("information", ""),
        ("recipients", ""),
        ("revocation_text", ""),
        ("redisclosure_text", ""),
        ("refusal_text", ""),
        ("expiration_kind", ""),
        ("patient_name", ""),
    ],
)
def test_the_database_refuses_a_part2_consent_without_an_element(cast: Cast, field: str, value: str) -> None:
    document = _tpo(cast)
    document.pk, document._state.adding = None, True
    document.status = "declined"  # another row: the one-pending-per-kind rule does not apply
    setattr(document, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        document.save()


@pytest.mark.parametrize(
    ("kind", "expiration", "expires_on", "field"),
    [
        (ConsentKind.PART2_TPO, Expiration.NONE, None, None),
        (ConsentKind.PART2_TPO, Expiration.ON_DATE, None, "expires_on"),
        (ConsentKind.PART2_RELEASE, Expiration.NONE, None, "expiration_kind"),
        (ConsentKind.PART2_RELEASE, Expiration.ON_DATE, dt.date(2027, 6, 1), None),
        (ConsentKind.PART2_RELEASE, Expiration.END_OF_TREATMENT, None, None),
        (ConsentKind.PART2_RELEASE, "someday", None, "expiration_kind"),
    ],
)
def test_expiration_rules(
    cast: Cast, kind: str, expiration: str, expires_on: dt.date | None, field: str | None
) -> None:
    document = _tpo(cast) if kind == ConsentKind.PART2_TPO else _release(cast)
    document.expiration_kind, document.expires_on = expiration, expires_on
    document.episode = Episode.objects.get(client=cast.erin)
    if field is None:
        document.full_clean()
    else:
        with pytest.raises(ValidationError) as info:
            document.full_clean()
        assert field in info.value.message_dict


def test_end_of_treatment_needs_an_active_episode(cast: Cast) -> None:
    with pytest.raises(ValidationError) as info:
        services.consent_prepare(
            actor=cast.ivan,
            client=cast.nora,
            kind=ConsentKind.PART2_RELEASE,
            recipient_name="Sam Inquiry",
            expiration_kind=Expiration.END_OF_TREATMENT,
        )
    assert "expiration_kind" in info.value.message_dict
    assert not ConsentDocument.objects.exists()


def test_an_end_date_in_the_past_is_refused(cast: Cast) -> None:
    with pytest.raises(ValidationError) as info:
        services.consent_prepare(
            actor=cast.alice,
            client=cast.erin,
            kind=ConsentKind.PART2_RELEASE,
            recipient_name="Dr. Lee",
            expiration_kind=Expiration.ON_DATE,
            expires_on=dt.date(2020, 1, 1),
        )
    assert "expires_on" in info.value.message_dict


def test_the_rendered_text_shows_every_element(cast: Cast) -> None:
    document = _tpo(cast)
    text = document.rendered_text
    for value in (document.patient_name, document.discloser, document.information, document.recipients):
        assert value in text
    assert "treatment; payment; health care operations" in text and "{{" not in text
    assert "lasts until I revoke it" in text and "does not depend on signing" in text


def test_a_spanish_speaking_client_gets_the_spanish_text(cast: Cast) -> None:
    cast.erin.preferred_language = "es"
    cast.erin.save()
    document = _tpo(cast)
    assert document.language == "es" and "Paciente: Erin Castillo" in document.rendered_text
    assert "tratamiento; pago; operaciones de atención médica" in document.rendered_text


# --- templates ---


def _template(**overrides: Any) -> ConsentTemplate:
    base = ConsentTemplate.objects.filter(kind="part2_release", language="en").order_by("-version").first()
    assert base is not None
    values = {
        f: getattr(base, f) for f in ("kind", "language", "title", "body", "revocation_text", "redisclosure_text")
    }
    return ConsentTemplate(version=9, effective_date=dt.date(2026, 1, 1), **{**values, **overrides})


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"body": "Patient {{ patient_name }} and nothing else."}, "body"),
        ({"body": "{{ patient_name }} {{ shoe_size }}"}, "body"),
        ({"revocation_text": ""}, "revocation_text"),
        ({"redisclosure_text": "  "}, "redisclosure_text"),
        ({"revocation_text": "Write to {{ information }}"}, "revocation_text"),
        ({"kind": "part2_tpo"}, "refusal_text"),
    ],
)
def test_a_part2_template_must_show_every_element(cast: Cast, overrides: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        _template(**overrides).full_clean()
    assert field in info.value.message_dict


def test_a_template_once_used_is_never_changed(cast: Cast, erin_tpo: ConsentDocument) -> None:
    template = erin_tpo.template
    template.title = "Something else"
    with pytest.raises(PermissionError):
        template.save()


def test_a_director_adds_a_new_version_and_new_documents_use_it(cast: Cast, erin_tpo: ConsentDocument) -> None:
    old = erin_tpo.template
    new = services.consent_template_create(
        actor=cast.dana,
        kind=old.kind,
        language=old.language,
        title=old.title + " (2027)",
        body=old.body,
        effective_date=dt.date(2026, 1, 1),
        revocation_text=old.revocation_text,
        redisclosure_text=old.redisclosure_text,
        refusal_text=old.refusal_text,
        default_information=old.default_information,
        default_recipients=old.default_recipients,
    )
    assert new.version == old.version + 1
    services.consent_revoke(actor=cast.alice, document=erin_tpo, effective_date=dt.date(2099, 1, 1))
    assert _tpo(cast).template == new


def test_only_a_director_changes_the_wording(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        services.consent_template_create(
            actor=cast.alice, kind="treatment", language="en", title="T", body="B", effective_date=dt.date(2026, 1, 1)
        )
