"""Issue 11, finding 6: a disclosure stays inside its consent's information and its named recipient."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.consents import services
from openiop.consents.models import ConsentDocument, ConsentKind, Disclosure
from openiop.consents.tests.factories import login, provider, sign


def _release(cast: Cast, kinds: list[str] | None) -> ConsentDocument:
    return sign(
        cast,
        services.consent_prepare(
            actor=cast.alice,
            client=cast.erin,
            kind=ConsentKind.PART2_RELEASE,
            recipient_name="Sam Lee",
            information_kinds=kinds,
        ),
    )


def test_a_disclosure_beyond_the_consents_information_is_refused(cast: Cast) -> None:
    release = _release(cast, ["episodes"])  # the client agreed to share the dates of treatment only
    assert release.information_kinds == ["episodes"]
    assert "Records this covers: Episodes of care" in release.rendered_text  # what the client signed
    with pytest.raises(ValidationError) as info:
        services.disclosure_create(
            actor=cast.alice,
            client=cast.erin,
            consent=release,
            recipient="Sam Lee",
            purpose="family_involvement",
            records=["episodes", "demographics"],
        )
    assert info.value.message_dict == {
        "records": ["This consent does not cover Demographics; it covers: Episodes of care (dates and level of care)."]
    }
    refused = AuditEvent.objects.get(object_type="disclosure")
    assert refused.detail["outcome"] == "refused" and refused.detail["fields"] == ["records"]
    released = services.disclosure_create(
        actor=cast.alice,
        client=cast.erin,
        consent=release,
        recipient="Sam Lee",
        purpose="family_involvement",
        records=["episodes"],
    )
    assert released.records == ["episodes"] and Disclosure.objects.count() == 1


def test_the_disclosure_form_names_the_records_field(cast: Cast) -> None:
    release = _release(cast, ["episodes"])
    data = {
        "consent": release.pk,
        "recipient": "Sam Lee",
        "purpose": "family_involvement",
        "records": ["demographics"],
    }
    response = login(cast.alice).post(f"/consents/clients/{cast.erin.pk}/disclosures/new/", data)
    assert response.status_code == 422 and "records" in response.context["form"].errors
    assert not Disclosure.objects.exists()


def test_a_consent_that_lists_no_kinds_releases_nothing(cast: Cast) -> None:
    release = _release(cast, None)
    # As a document prepared before the kinds were kept (the model refuses to change a signed one).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {ConsentDocument._meta.db_table} SET information_kinds = %s WHERE id = %s",
            ["[]", release.pk],
        )
    release.refresh_from_db()
    with pytest.raises(ValidationError) as info:
        services.disclosure_create(
            actor=cast.alice,
            client=cast.erin,
            consent=release,
            recipient="Sam Lee",
            purpose="family_involvement",
            records=["episodes"],
        )
    assert "does not list the kinds of records" in info.value.message_dict["records"][0]


def test_the_release_form_records_the_kinds_chosen(cast: Cast) -> None:
    response = login(cast.alice).post(
        f"/consents/clients/{cast.erin.pk}/releases/new/",
        {"recipient_name": "Sam Lee", "information_kinds": ["episodes"], "purposes": ["family_involvement"]},
    )
    assert response.status_code == 302
    assert ConsentDocument.objects.get(kind="part2_release").information_kinds == ["episodes"]


@pytest.mark.parametrize(
    ("recipient", "recipient_class", "field"),
    [
        ("Anyone At All Inc.", "payers", "recipient"),  # free text with a class ticked
        ("Aetna", "payers", "recipient"),  # a payer, but not the client's
        ("Dr. Nobody's Clinic", "treating_providers", "recipient"),  # not in the site's directory
        ("Blue Shield of California", "", "recipient_class"),
        ("blue shield of  california", "payers", None),  # the payer on file, however typed
        ("Harbor Detox (A)", "treating_providers", None),  # a provider of the directory
    ],
)
def test_a_tpo_disclosure_needs_the_named_recipient(
    cast: Cast, erin_tpo: ConsentDocument, recipient: str, recipient_class: str, field: str | None
) -> None:
    provider(cast)
    purpose = "payment" if recipient_class in ("payers", "") else "treatment"

    def disclose() -> Disclosure:
        return services.disclosure_create(
            actor=cast.alice,
            client=cast.erin,
            consent=erin_tpo,
            recipient=recipient,
            recipient_class=recipient_class,
            purpose=purpose,
            records=["demographics"],
        )

    if field is None:
        assert disclose().recipient_class == recipient_class
        return
    with pytest.raises(ValidationError) as info:
        disclose()
    assert set(info.value.message_dict) == {field}
    assert not Disclosure.objects.exists()
