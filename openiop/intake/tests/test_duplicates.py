"""Issue 11, finding 3: possible duplicates come only from what the viewer may open.

Written as the attacks: an intake coordinator types phone numbers into new inquiries and reads the
pages and the API to learn who is a patient elsewhere (another site) or since (an admitted client
intake no longer sees). Under 42 CFR Part 2 acknowledging that someone is a patient is itself a
disclosure. Then the director's link of a true duplicate.
"""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as HttpClient

from conftest import Cast
from openiop.accounts.models import Organization, Site, User
from openiop.audit.models import AuditEvent
from openiop.clients.models import Client
from openiop.intake import services
from openiop.intake.duplicates import duplicates_seen_by
from openiop.intake.models import Inquiry
from openiop.intake.tests import factories as f

GUS_PHONE = "(626) 555-0199"  # only Gus, a Pasadena (site B) client, has it
ERIN_PHONE = "(310) 555-0177"  # only Erin, admitted at site A
NORA_PHONE = "(310) 555-0188"  # only Nora, at site A and not yet admitted
NOBODY = "(213) 555-0123"


@pytest.fixture
def phones(cast: Cast) -> None:
    for client, phone in ((cast.gus, GUS_PHONE), (cast.erin, ERIN_PHONE), (cast.nora, NORA_PHONE)):
        Client.objects.filter(pk=client.pk).update(phone=phone)


def _as(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def _seen(user: User, inquiry: Inquiry) -> Any:
    return duplicates_seen_by(user=user, inquiries=[inquiry]).get(inquiry.pk)


def _api_item(user: User, inquiry: Inquiry) -> dict[str, Any]:
    body = _as(user).get("/api/v1/inquiries").json()
    return next(item for item in body["items"] if item["id"] == inquiry.pk)


def test_an_intake_coordinator_probing_another_sites_phone_learns_nothing(cast: Cast, phones: None) -> None:
    probe = f.inquiry(cast, name="Probe One", phone=GUS_PHONE)
    control = f.inquiry(cast, name="Probe Two", phone=NOBODY)
    http = _as(cast.ivan)
    pages = [http.get(f"/intake/inquiries/{i.pk}/").content.decode() for i in (probe, control)]
    for page in pages:
        assert "Possible duplicate" not in page and "Gus" not in page and "cannot open" not in page
    board, listing = http.get("/intake/").content.decode(), http.get("/intake/inquiries/").content.decode()
    assert "Possible duplicate" not in board and "Possible duplicate" not in listing
    probed, controlled = _api_item(cast.ivan, probe), _api_item(cast.ivan, control)
    for item in (probed, controlled):
        assert (item["duplicate_match"], item["duplicate_of_client_id"], item["duplicate_of_inquiry_id"]) == (
            "",
            None,
            None,
        )
    create = AuditEvent.objects.get(object_type="inquiry", action="create", object_id=str(probe.pk))
    assert "duplicate" not in create.detail
    # Not even the director of site A, nor a director of both sites looking at a site A inquiry.
    assert _seen(cast.dana, probe) is None
    cast.dana.memberships.create(site=cast.site_b, role="director")
    assert _seen(User.objects.get(pk=cast.dana.pk), probe) is None


def test_intake_learns_nothing_of_a_client_admitted_at_its_own_site(cast: Cast, phones: None) -> None:
    probe = f.inquiry(cast, phone=ERIN_PHONE)  # Erin is admitted: no longer intake's to see
    page = _as(cast.ivan).get(f"/intake/inquiries/{probe.pk}/").content.decode()
    assert "Possible duplicate" not in page and "Erin" not in page and "cannot open" not in page
    assert _seen(cast.ivan, probe) is None
    seen = _seen(cast.dana, probe)  # the director sees every client of her site
    assert seen is not None and seen.client == cast.erin and seen.match == "phone"
    assert "Erin" in _as(cast.dana).get(f"/intake/inquiries/{probe.pk}/").content.decode()


def test_inquiries_api_names_no_duplicate_the_viewer_cannot_open(cast: Cast, phones: None) -> None:
    of_erin = f.web_inquiry(cast, phone=ERIN_PHONE)
    of_nora = f.web_inquiry(cast, phone=NORA_PHONE)
    assert _api_item(cast.ivan, of_erin)["duplicate_of_client_id"] is None
    assert _api_item(cast.ivan, of_erin)["duplicate_match"] == ""
    assert _api_item(cast.ivan, of_nora)["duplicate_of_client_id"] == cast.nora.pk  # intake may open Nora
    assert _api_item(cast.dana, of_erin)["duplicate_of_client_id"] == cast.erin.pk
    assert _api_item(cast.mel, of_erin)["duplicate_of_client_id"] == cast.erin.pk  # medical sees the site


def test_an_earlier_inquiry_the_viewer_cannot_open_is_not_named(cast: Cast) -> None:
    booked = f.booked(cast, phone=NOBODY)  # Alice reads this inquiry (booked with her) ...
    later = f.web_inquiry(cast, phone=NOBODY)
    services.assessment_book(
        actor=cast.ivan,
        inquiry=f.screen(cast, f.convert(cast, later)).inquiry,
        clinician=cast.bob,
        scheduled_at=booked.scheduled_at,
    )
    assert _seen(cast.ivan, later).inquiry.pk == booked.inquiry_id
    assert _seen(cast.bob, later) is None  # ... Bob, booked on the later one only, does not


@pytest.mark.parametrize(
    ("phone", "email", "match"),
    [
        ("+1 (213) 555-0101", "", "phone"),
        ("1-213-555-0101", "", "phone"),
        ("", "QUINN@example.org", "email"),
        ("(213) 555-0101", "quinn@example.org", "phone, email"),
        ("(213) 555-0199", "someone@example.org", ""),
    ],
)
def test_a_second_inquiry_matching_by_phone_digits_or_email_is_flagged(
    cast: Cast, phone: str, email: str, match: str
) -> None:
    first = f.inquiry(cast, phone="(213) 555-0101", email="quinn@example.org")
    second = f.web_inquiry(cast, phone=phone, email=email)
    seen = _seen(cast.ivan, second)
    assert (seen.match if seen else "") == match
    assert (seen.inquiry.pk if seen and seen.inquiry else None) == (first.pk if match else None)
    assert _seen(cast.ivan, first) is None  # the earlier one is not a duplicate of the later


def test_a_client_phone_stored_with_the_country_code_matches(cast: Cast) -> None:
    Client.objects.filter(pk=cast.nora.pk).update(phone="+1 424 555 0177")
    seen = _seen(cast.ivan, f.web_inquiry(cast, phone="(424) 555-0177"))
    assert seen is not None and seen.client == cast.nora


def test_another_organizations_site_is_never_searched(cast: Cast) -> None:
    other = Site.objects.create(organization=Organization.objects.create(name="Elsewhere"), name="Far away")
    inquiry = services.inquiry_create(
        actor=None, site=other, channel="web", name="X", phone="(310) 555-0142", consent_to_contact=True
    )
    assert duplicates_seen_by(user=cast.dana, inquiries=[inquiry]) == {}


def test_changing_the_phone_shows_the_new_match(cast: Cast, inquiry: Inquiry) -> None:
    assert _seen(cast.ivan, inquiry) is None
    services.inquiry_update(actor=cast.ivan, inquiry=inquiry, phone="(310) 555-0142")
    seen = _seen(cast.ivan, inquiry)
    assert seen is not None and seen.client == cast.nora and seen.match == "phone"


# The director links a true duplicate ---------------------------------------------------


def test_a_director_links_an_inquiry_to_an_admitted_client_of_her_site(cast: Cast, phones: None) -> None:
    inquiry = f.web_inquiry(cast, phone=ERIN_PHONE)
    http = _as(cast.dana)
    assert "/link/" in http.get(f"/intake/inquiries/{inquiry.pk}/").content.decode()
    page = http.get(f"/intake/inquiries/{inquiry.pk}/link/")
    assert [pk for pk, _ in page.context["form"].fields["client"].choices] == [cast.erin.pk]
    response = http.post(f"/intake/inquiries/{inquiry.pk}/link/", {"client": cast.erin.pk, "note": "Same DOB"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.client == cast.erin
    event = AuditEvent.objects.get(object_type="inquiry", action="update", object_id=str(inquiry.pk))
    assert event.client_id == cast.erin.pk and event.detail["linked_to_client"] == cast.erin.pk


def test_the_link_page_refuses_a_client_it_did_not_offer(cast: Cast, phones: None) -> None:
    inquiry = f.web_inquiry(cast, phone=ERIN_PHONE)
    response = _as(cast.dana).post(f"/intake/inquiries/{inquiry.pk}/link/", {"client": cast.frank.pk})
    assert response.status_code == 422
    inquiry.refresh_from_db()
    assert inquiry.client_id is None


@pytest.mark.parametrize("who", ["ivan", "alice", "mel"])
def test_only_the_director_links(cast: Cast, phones: None, who: str) -> None:
    inquiry = f.web_inquiry(cast, phone=ERIN_PHONE)
    assert _as(getattr(cast, who)).get(f"/intake/inquiries/{inquiry.pk}/link/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.inquiry_link_to_client(actor=getattr(cast, who), inquiry=inquiry, client=cast.nora)


@pytest.mark.parametrize(("client", "linked_first"), [("gus", False), ("nora", True)])
def test_a_link_across_sites_or_to_an_inquiry_already_linked_is_refused(
    cast: Cast, client: str, linked_first: bool
) -> None:
    inquiry = f.web_inquiry(cast, phone=NOBODY)
    if linked_first:
        services.inquiry_link_to_client(actor=cast.dana, inquiry=inquiry, client=cast.erin)
    with pytest.raises(ValidationError) as info:
        services.inquiry_link_to_client(actor=cast.dana, inquiry=inquiry, client=getattr(cast, client))
    assert "client" in info.value.message_dict
