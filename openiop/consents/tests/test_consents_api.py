import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from conftest import Cast
from openiop.consents.models import ConsentDocument, Disclosure, Referral
from openiop.consents.tests import factories
from openiop.consents.tests.factories import login


def _post(http: HttpClient, url: str, body: object) -> Any:
    return http.post(url, data=json.dumps(body), content_type="application/json")


def _fields(response: Any) -> set[str]:
    return {error["field"] for error in response.json()["detail"]}


def test_the_list_shows_each_document_with_its_elements_and_validity(
    cast: Cast, erin_documents: dict[str, ConsentDocument]
) -> None:
    body = login(cast.bill).get(f"/api/v1/clients/{cast.erin.pk}/consents").json()
    by_kind = {d["kind"]: d for d in body}
    assert by_kind["part2_tpo"]["valid_for_disclosure"] is True
    assert by_kind["part2_tpo"]["purposes"] == ["treatment", "payment", "operations"]
    assert by_kind["rights"]["status"] == "pending" and by_kind["rights"]["valid_for_disclosure"] is False
    assert len(by_kind["treatment"]["text_sha256"]) == 64 and by_kind["treatment"]["template_version"] == 1


def test_a_disclosure_over_the_api_and_its_refusals(cast: Cast, erin_tpo: ConsentDocument) -> None:
    http = login(cast.alice)
    url = f"/api/v1/clients/{cast.erin.pk}/disclosures"
    good = {
        "consent_id": erin_tpo.pk,
        "recipient": "Blue Shield of California",
        "recipient_class": "payers",
        "purpose": "payment",
    }
    created = _post(http, url, {**good, "records": ["demographics", "episodes"]})
    assert created.status_code == 201
    assert created.json()["pdf_url"] == f"/consents/disclosures/{created.json()['id']}/pdf/"
    assert [d["recipient"] for d in http.get(url).json()] == ["Blue Shield of California"]

    _post(http, f"/api/v1/consents/{erin_tpo.pk}/revoke", {"effective_date": "2026-01-01"})  # before signing: 422
    revoked = _post(http, f"/api/v1/consents/{erin_tpo.pk}/revoke", {"effective_date": "2000-01-01"})
    assert revoked.status_code == 422 and _fields(revoked) == {"effective_date"}
    # The site's date, not UTC's: the two differ at night in Los Angeles.
    today = timezone.localdate(timezone=ZoneInfo(cast.site_a.time_zone)).isoformat()
    assert _post(http, f"/api/v1/consents/{erin_tpo.pk}/revoke", {"effective_date": today}).status_code == 200
    refused = _post(http, url, {**good, "records": ["demographics"]})
    assert refused.status_code == 422 and _fields(refused) == {"consent"}
    assert Disclosure.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"purpose": "gossip"}, "purpose"),
        ({"records": ["x-rays"]}, "records"),
        ({"records": []}, "records"),
        ({"recipient_class": "friends"}, "recipient_class"),
        ({"consent_id": 999999}, "consent"),
        ({"recipient": ""}, "recipient"),
    ],
)
def test_bad_disclosure_input_is_a_422_naming_the_field(
    cast: Cast, erin_tpo: ConsentDocument, body: dict[str, object], field: str
) -> None:
    base = {
        "consent_id": erin_tpo.pk,
        "recipient": "Blue Shield of California",
        "recipient_class": "payers",
        "purpose": "payment",
    }
    response = _post(
        login(cast.alice), f"/api/v1/clients/{cast.erin.pk}/disclosures", {**base, "records": ["demographics"], **body}
    )
    assert response.status_code == 422 and field in _fields(response)
    assert not Disclosure.objects.exists()


def test_another_clients_consent_is_not_found_for_this_client(cast: Cast, erin_tpo: ConsentDocument) -> None:
    response = _post(
        login(cast.dana),
        f"/api/v1/clients/{cast.frank.pk}/disclosures",
        {
            "consent_id": erin_tpo.pk,
            "recipient": "Blue Shield of California",
            "recipient_class": "payers",
            "purpose": "payment",
            "records": ["demographics"],
        },
    )
    assert response.status_code == 422 and _fields(response) == {"consent"}


def test_intake_refers_a_person_from_an_inquiry(cast: Cast) -> None:
    provider = factories.provider(cast)
    body = {
        "site_id": cast.site_a.pk,
        "person_name": "Sam Caller",
        "inquiry_id": 41,
        "provider_id": provider.pk,
        "level_of_care": "3.7-WM",
        "reason": "Daily drinking, seizure history",
    }
    response = _post(login(cast.ivan), "/api/v1/referrals", body)
    assert response.status_code == 201 and response.json()["inquiry_id"] == 41
    assert Referral.objects.get().person_name == "Sam Caller"
    assert _post(login(cast.carol), "/api/v1/referrals", body).status_code == 403
    missing = _post(login(cast.ivan), "/api/v1/referrals", {**body, "person_name": ""})
    assert missing.status_code == 422 and _fields(missing) == {"person_name"}


def test_the_directory_filters_by_level(cast: Cast) -> None:
    factories.provider(cast)
    factories.provider(cast, "b")
    http = login(cast.alice)
    assert [p["name"] for p in http.get("/api/v1/providers", {"level": "3.7-WM"}).json()] == ["Harbor Detox (A)"]
    assert http.get("/api/v1/providers", {"level": "1"}).json() == []
    assert http.get("/api/v1/providers", {"level": "bogus"}).status_code == 422
