"""Signing on screen, declining and revoking; a signed consent is never changed."""

import base64
import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.clients.models import SupportContact
from openiop.consents import services
from openiop.consents.models import ConsentDocument, ConsentKind, ConsentStatus
from openiop.consents.tests import factories
from openiop.core.time import site_today

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).decode()


def _sign(cast: Cast, document: ConsentDocument, **overrides: object) -> ConsentDocument:
    arguments: dict[str, object] = {
        "actor": cast.erin_user,
        "document": document,
        "typed_name": "Erin Castillo",
        "agreed": True,
        "ip": "203.0.113.9",
        "user_agent": "Firefox",
        **overrides,
    }
    return services.consent_sign(**arguments)  # type: ignore[arg-type]


def test_the_stored_hash_is_the_sha256_of_the_exact_rendered_text(erin_documents: dict[str, ConsentDocument]) -> None:
    tpo = erin_documents["tpo"]
    tpo.refresh_from_db()
    assert tpo.text_sha256 == hashlib.sha256(tpo.rendered_text.encode("utf-8")).hexdigest()
    assert tpo.status == ConsentStatus.SIGNED and tpo.signed_at is not None


def test_it_records_time_ip_device_and_channel(cast: Cast, erin_documents: dict[str, ConsentDocument]) -> None:
    signed = _sign(cast, erin_documents["rights"], signature_image=PNG)
    signed.refresh_from_db()
    assert (signed.signed_ip, signed.signed_user_agent, signed.signed_channel) == ("203.0.113.9", "Firefox", "portal")
    assert signed.signature_image == PNG and signed.witnessed_by is None
    assert AuditEvent.objects.filter(action="sign", object_id=str(signed.pk), role="client").exists()


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("Erin Castillo", True),
        ("erin castillo", True),
        ("  ERIN   Castillo ", True),
        ("Erin Castilo", False),
        ("Castillo Erin", False),
        ("Erin", False),
        ("", False),
    ],
)
def test_the_typed_name_must_match_the_legal_name_case_insensitively(
    cast: Cast, erin_documents: dict[str, ConsentDocument], typed: str, accepted: bool
) -> None:
    document = erin_documents["rights"]
    if accepted:
        assert _sign(cast, document, typed_name=typed).status == ConsentStatus.SIGNED
    else:
        with pytest.raises(ValidationError) as info:
            _sign(cast, document, typed_name=typed)
        assert "typed_name" in info.value.message_dict
        document.refresh_from_db()
        assert document.status == ConsentStatus.PENDING


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"agreed": False}, "agree"),
        ({"signature_image": "data:image/jpeg;base64,AAAA"}, "signature"),
        ({"signature_image": "data:image/png;base64,not base64!"}, "signature"),
        ({"signature_image": "data:image/png;base64," + base64.b64encode(b"GIF89a").decode()}, "signature"),
        ({"signature_image": PNG + "A" * 200_000}, "signature"),
        ({"shown_sha256": "0" * 64}, "__all__"),
        ({"signer_role": "guardian"}, "signer_role"),
        ({"signer_role": "wizard"}, "signer_role"),
    ],
)
def test_bad_signing_input_is_refused_on_its_field_and_changes_nothing(
    cast: Cast, erin_documents: dict[str, ConsentDocument], overrides: dict[str, object], field: str
) -> None:
    document = erin_documents["rights"]
    with pytest.raises(ValidationError) as info:
        _sign(cast, document, **overrides)
    assert field in info.value.message_dict
    document.refresh_from_db()
    assert document.status == ConsentStatus.PENDING and not document.text_sha256
    assert not AuditEvent.objects.filter(action="sign", object_id=str(document.pk)).exists()


def test_a_guardian_signs_for_a_minor_on_the_staff_device(cast: Cast) -> None:
    cast.nora.date_of_birth = dt.date(timezone.localdate().year - 15, 1, 1)
    cast.nora.save()
    document = services.consent_prepare(actor=cast.ivan, client=cast.nora, kind=ConsentKind.TREATMENT)
    signed = services.consent_sign(
        actor=cast.ivan, document=document, typed_name="Maria Inquiry", agreed=True, signer_role="guardian"
    )
    assert (
        signed.signer_role == "guardian"
        and signed.signed_channel == "staff_device"
        and signed.witnessed_by == cast.ivan
    )


def test_someone_else_cannot_sign_for_the_client(cast: Cast, erin_documents: dict[str, ConsentDocument]) -> None:
    for actor in (cast.frank_user, cast.bob, cast.bill):
        with pytest.raises(PermissionDenied):
            services.consent_sign(
                actor=actor, document=erin_documents["rights"], typed_name="Erin Castillo", agreed=True
            )


def test_a_signed_consent_is_never_signed_or_edited_again(
    cast: Cast, erin_documents: dict[str, ConsentDocument]
) -> None:
    tpo = erin_documents["tpo"]
    with pytest.raises(ValidationError) as info:
        _sign(cast, tpo)
    assert "status" in info.value.message_dict
    tpo.information = "Everything"
    with pytest.raises(PermissionError):
        tpo.save()
    with pytest.raises(PermissionError):
        tpo.save(update_fields=["information"])
    with pytest.raises(PermissionError):
        ConsentDocument.objects.filter(pk=tpo.pk).update(information="Everything")
    with pytest.raises(PermissionError):
        tpo.delete()
    tpo.refresh_from_db()
    assert tpo.information != "Everything"


def test_the_admission_packet_is_prepared_once(cast: Cast) -> None:
    SupportContact.objects.create(client=cast.erin, name="Jo Castillo", relationship="mother", may_be_involved=True)
    SupportContact.objects.create(client=cast.erin, name="Ex Partner", relationship="ex", may_be_involved=False)
    first = services.admission_documents_prepare(actor=cast.alice, client=cast.erin)
    assert sorted(d.kind for d in first) == ["part2_release", "part2_tpo", "rights", "treatment"]
    assert [d.recipient_name for d in first if d.kind == "part2_release"] == ["Jo Castillo"]
    assert services.admission_documents_prepare(actor=cast.alice, client=cast.erin) == []
    assert AuditEvent.objects.filter(action="create", object_type="consent").count() == 4


def test_only_staff_who_may_change_the_client_prepare_documents(cast: Cast) -> None:
    for actor in (cast.bob, cast.bill, cast.mel, cast.carol, cast.erin_user):
        with pytest.raises(PermissionDenied):
            services.admission_documents_prepare(actor=actor, client=cast.erin)


def test_the_client_declines_an_optional_document_but_not_consent_to_treatment(
    cast: Cast, erin_documents: dict[str, ConsentDocument]
) -> None:
    declined = services.consent_decline(actor=cast.erin_user, document=erin_documents["release"])
    assert declined.status == ConsentStatus.DECLINED and declined.declined_at is not None
    with pytest.raises(ValidationError) as info:
        services.consent_decline(actor=cast.erin_user, document=erin_documents["rights"])
    assert "kind" in info.value.message_dict


def test_staff_record_a_written_revocation_with_its_effective_date(
    cast: Cast, erin_documents: dict[str, ConsentDocument]
) -> None:
    revoked = services.consent_revoke(
        actor=cast.alice, document=erin_documents["tpo"], effective_date=dt.date(2099, 1, 1), note="Letter"
    )
    revoked.refresh_from_db()
    assert (revoked.status, revoked.revocation_effective, revoked.revocation_method) == (
        "revoked",
        dt.date(2099, 1, 1),
        "written",
    )
    assert AuditEvent.objects.filter(action="update", object_id=str(revoked.pk), detail__revoked=True).exists()


def test_the_client_revokes_in_the_portal_from_today(cast: Cast, erin_documents: dict[str, ConsentDocument]) -> None:
    revoked = services.consent_revoke(actor=cast.erin_user, document=erin_documents["tpo"])
    assert revoked.revocation_method == "portal" and revoked.revocation_effective == site_today(cast.site_a)


@pytest.mark.parametrize(
    ("which", "effective", "field"),
    [
        ("treatment", dt.date(2099, 1, 1), "kind"),
        ("rights", dt.date(2099, 1, 1), "kind"),
        ("release", dt.date(2099, 1, 1), "status"),
        ("tpo", None, "effective_date"),
        ("tpo", dt.date(2000, 1, 1), "effective_date"),
    ],
)
def test_a_revocation_is_refused_when(
    cast: Cast, erin_documents: dict[str, ConsentDocument], which: str, effective: dt.date | None, field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        services.consent_revoke(actor=cast.alice, document=erin_documents[which], effective_date=effective)
    assert field in info.value.message_dict


def test_a_revoked_consent_cannot_be_revoked_again(cast: Cast, erin_documents: dict[str, ConsentDocument]) -> None:
    services.consent_revoke(actor=cast.erin_user, document=erin_documents["tpo"])
    with pytest.raises(ValidationError):
        services.consent_revoke(actor=cast.alice, document=erin_documents["tpo"], effective_date=dt.date(2099, 1, 1))


def test_a_release_to_a_provider_names_it(cast: Cast) -> None:
    release = services.consent_prepare(
        actor=cast.alice, client=cast.erin, kind=ConsentKind.PART2_RELEASE, provider=factories.provider(cast)
    )
    assert release.recipient_name == "Harbor Detox (A)" and release.purposes == ["care_coordination"]
    with pytest.raises(ValidationError) as info:
        services.consent_prepare(
            actor=cast.alice, client=cast.erin, kind=ConsentKind.PART2_RELEASE, provider=factories.provider(cast, "b")
        )
    assert "provider" in info.value.message_dict
