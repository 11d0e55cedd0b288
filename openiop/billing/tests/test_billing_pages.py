"""The billing home and the claim pages: what billing sees (codes, never narrative), in a
constant number of queries, and forms that refuse bad input field by field."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient

from conftest import Cast
from openiop.billing.models import Authorization, Charge, Claim
from openiop.billing.services.charges import charges_compute
from openiop.billing.tests.conftest import DAYS, WEEK, World, attended_group, billable_client
from openiop.clients.models import Client
from openiop.clinical.models import GroupNote

pytestmark = pytest.mark.django_db


def _login(user: object) -> HttpClient:
    http = HttpClient()
    http.force_login(user)  # type: ignore[arg-type]
    return http


def _grow(cast: Cast, world: World, count: int) -> None:
    """``count`` more clients with coverage, an authorization running low and held days."""
    for i in range(count):
        client = Client.objects.create(
            site=cast.site_a,
            legal_first_name=f"Grow{i}",
            legal_last_name="Client",
            date_of_birth=dt.date(1990, 1, 1),
            sex_assigned_at_birth="male",
        )
        billable_client(cast, client, world.payer, f"G{i}")
        Authorization.objects.create(
            client=client, payer=world.payer, number=f"G-{i}", units_authorized=1, start_date=WEEK, end_date=DAYS[2]
        )
        attended_group(cast, DAYS[0], [client], minutes=120)


@pytest.mark.parametrize("extra", [1, 8])
def test_the_billing_home_runs_a_constant_number_of_queries(
    cast: Cast, world: World, extra: int, django_assert_max_num_queries: object
) -> None:
    _grow(cast, world, extra)
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    http = _login(cast.bill)
    with django_assert_max_num_queries(40):  # type: ignore[operator]
        response = http.get("/billing/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Grow") >= extra  # held days and low authorizations are listed
    assert "Below the daily minimum" in page


def test_billing_sees_codes_never_the_group_narrative(cast: Cast, world: World) -> None:
    GroupNote.objects.update(group_process="SECRET-NARRATIVE about her family")
    charges_compute(actor=cast.bill, site=cast.site_a, week_start=WEEK)
    http = _login(cast.bill)
    response = http.post(
        "/billing/claims/export/",
        {"site": cast.site_a.pk, "first_day": "2026-11-01", "last_day": "2026-11-30", "format": "837p"},
    )
    assert response.status_code == 302
    file_page = http.get(response["Location"]).content.decode()
    download = http.get(response["Location"] + "?download=1")
    assert download["Content-Disposition"].startswith("attachment;")
    for text in (file_page, download.content.decode(), http.get("/billing/").content.decode()):
        assert "SECRET" not in text
    assert Claim.objects.get().control_number in file_page


def test_an_export_with_the_dates_reversed_names_the_field(cast: Cast, world: World) -> None:
    http = _login(cast.bill)
    response = http.post(
        "/billing/claims/export/",
        {"site": cast.site_a.pk, "first_day": "2026-11-30", "last_day": "2026-11-01", "format": "837p"},
    )
    assert response.status_code == 422
    assert "The last day is before the first." in response.content.decode()
    assert Claim.objects.count() == 0


def test_a_bad_835_upload_is_refused_on_the_field(cast: Cast, world: World) -> None:
    http = _login(cast.bill)
    upload = SimpleUploadedFile("remit.835", b"not x12 at all")
    response = http.post("/billing/remittances/import/", {"site": cast.site_a.pk, "file": upload})
    assert response.status_code == 422
    assert "not an X12 interchange" in response.content.decode()


def test_a_new_authorization_from_the_page(cast: Cast, world: World) -> None:
    http = _login(cast.bill)
    response = http.post(
        f"/billing/clients/{cast.frank.pk}/authorizations/new/",
        {
            "payer": world.payer.pk,
            "number": "NEW-7",
            "level_of_care": "2.1",
            "codes": "h0015, 90853",
            "units_authorized": "12",
            "start_date": "2026-11-02",
            "end_date": "2026-11-29",
            "criteria": "asam4",
        },
    )
    assert response.status_code == 302
    created = Authorization.objects.get(number="NEW-7")
    assert (created.codes, created.next_review_on) == (["H0015", "90853"], dt.date(2026, 11, 25))
    bad = http.post(
        f"/billing/clients/{cast.frank.pk}/authorizations/new/", {"payer": world.payer.pk, "codes": "H0015!"}
    )
    assert bad.status_code == 422
    assert "Not a HCPCS or CPT code: H0015!." in bad.content.decode()
    assert Charge.objects.count() == 0
