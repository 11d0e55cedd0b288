"""Consent data for the shared cast, built through the services and cached on the cast object.

The access-control table builds its URLs from these (each test has a fresh cast); the tests in
this folder use them through fixtures in ``conftest.py``.
"""

from typing import Any

from django.test import Client as HttpClient

from conftest import Cast
from openiop.accounts.models import User
from openiop.clients.models import Insurance, SupportContact
from openiop.consents import services
from openiop.consents.models import ConsentDocument, ConsentKind, Disclosure, Provider, Referral
from openiop.consents.services import referrals


def login(user: User, **kwargs: Any) -> HttpClient:
    http = HttpClient(**kwargs)
    http.force_login(user)
    return http


def _cache(cast: Cast) -> dict[str, Any]:
    cache: dict[str, Any] = cast.__dict__.setdefault("_consents", {})
    return cache


def sign(cast: Cast, document: ConsentDocument, name: str = "Erin Castillo") -> ConsentDocument:
    return services.consent_sign(
        actor=cast.erin_user if document.client_id == cast.erin.pk else cast.dana,
        document=document,
        typed_name=name,
        agreed=True,
        ip="203.0.113.7",
        user_agent="pytest",
    )


def erin_contact(cast: Cast) -> SupportContact:
    cache = _cache(cast)
    if "contact" not in cache:
        cache["contact"] = SupportContact.objects.create(
            client=cast.erin, name="Jo Castillo", relationship="mother", phone="(310) 555-0111", may_be_involved=True
        )
    return cache["contact"]  # type: ignore[no-any-return]


def erin_documents(cast: Cast) -> dict[str, ConsentDocument]:
    """Erin's admission packet: treatment and TPO signed, rights pending, a release to her mother pending."""
    cache = _cache(cast)
    if "documents" not in cache:
        erin_contact(cast)
        # The payer a TPO disclosure names must be on file (issue 11).
        Insurance.objects.get_or_create(
            client=cast.erin, rank=1, defaults={"payer": "Blue Shield of California", "member_id": "XEA123456"}
        )
        prepared = services.admission_documents_prepare(actor=cast.alice, client=cast.erin)
        by_kind = {d.kind: d for d in prepared}
        documents = {
            "treatment": sign(cast, by_kind[ConsentKind.TREATMENT]),
            "rights": by_kind[ConsentKind.RIGHTS],
            "tpo": sign(cast, by_kind[ConsentKind.PART2_TPO]),
            "release": by_kind[ConsentKind.PART2_RELEASE],
        }
        cache["documents"] = documents
    return cache["documents"]  # type: ignore[no-any-return]


def erin_disclosure(cast: Cast) -> Disclosure:
    cache = _cache(cast)
    if "disclosure" not in cache:
        cache["disclosure"] = services.disclosure_create(
            actor=cast.alice,
            client=cast.erin,
            consent=erin_documents(cast)["tpo"],
            recipient="Blue Shield of California",
            recipient_class="payers",
            purpose="payment",
            records=["demographics", "episodes"],
        )
    return cache["disclosure"]  # type: ignore[no-any-return]


def provider(cast: Cast, site: str = "a") -> Provider:
    cache = _cache(cast)
    key = f"provider_{site}"
    if key not in cache:
        cache[key] = Provider.objects.create(
            site=cast.site_a if site == "a" else cast.site_b,
            name=f"Harbor Detox ({site.upper()})",
            levels=["3.7-WM", "2-WM"],
            phone="(310) 555-0190",
            address="1 Harbor Way, Los Angeles, CA 90001",
        )
    return cache[key]  # type: ignore[no-any-return]


def erin_referral(cast: Cast) -> Referral:
    cache = _cache(cast)
    if "referral" not in cache:
        cache["referral"] = referrals.referral_create(
            actor=cast.alice, client=cast.erin, provider=provider(cast), reason="Needs withdrawal management first."
        )
    return cache["referral"]  # type: ignore[no-any-return]
