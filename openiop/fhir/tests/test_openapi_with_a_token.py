"""The OpenAPI document is readable with a bearer token (a code generator, Schemathesis); the docs
page stays for staff sessions; every operation documents its error answers."""

from django.test import Client as HttpClient

from conftest import Cast
from openiop.fhir.tests.conftest import make_token


def test_the_openapi_document_is_readable_with_a_bearer_token(cast: Cast) -> None:
    response = HttpClient().get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {make_token(cast.dana)}"})
    assert response.status_code == 200 and response.json()["openapi"].startswith("3.1")


def test_a_clients_token_reads_it_too_it_describes_no_data(cast: Cast) -> None:
    token = make_token(cast.erin_user)
    assert HttpClient().get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_bad_or_revoked_token_answers_401(cast: Cast) -> None:
    from django.utils import timezone

    from openiop.accounts.models import ApiToken

    http = HttpClient()
    assert http.get("/api/v1/openapi.json", headers={"Authorization": "Bearer oiop_nope"}).status_code == 401
    token = make_token(cast.dana)
    ApiToken.objects.update(revoked_at=timezone.now())
    assert http.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_without_a_token_it_stays_a_staff_page_and_the_docs_page_too(cast: Cast) -> None:
    assert HttpClient().get("/api/v1/openapi.json").status_code == 302
    token = make_token(cast.dana)
    docs = HttpClient().get("/api/v1/docs", headers={"Authorization": f"Bearer {token}"})
    assert docs.status_code == 302 and "/accounts/login/" in docs["Location"]


def test_every_operation_documents_its_error_answers(cast: Cast) -> None:
    schema = (
        HttpClient().get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {make_token(cast.dana)}"}).json()
    )
    for path_item in schema["paths"].values():
        for operation in path_item.values():
            assert {"401", "403", "404", "422"} <= set(operation["responses"]), operation["operationId"]
