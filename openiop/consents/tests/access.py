from openiop.consents.tests import factories as f
from tests.access import CLIENT_PAGE, STAFF_PAGE, ApiCase, Case, row

# Who sees Erin's chart: her clinician and the site's director, medical and billing staff.
ERIN_VIEW = row("ok", anonymous="login", bob="404", carol="404", ivan="404", ava="403", erin="403", frank="403")
# Who may change Erin's documents: her clinician and the director (medical and billing only read).
ERIN_CHANGE = row(
    "ok",
    anonymous="login",
    bob="404",
    carol="404",
    ivan="404",
    bill="403",
    mel="403",
    ava="403",
    erin="403",
    frank="403",
)
# A POST of {"language": "en"} is a bad form: the people allowed get their field errors.
ERIN_CHANGE_BAD_FORM = {**ERIN_CHANGE, "dana": "422", "alice": "422"}
DIRECTOR_ONLY = row("403", anonymous="login", dana="ok")
ERIN_OWN = row("403", anonymous="login", erin="ok", frank="404")

URL_TABLE: dict[str, Case] = {
    "consents:admission": ("GET", lambda c: f"/consents/clients/{c.erin.pk}/admission/", ERIN_CHANGE),
    "consents:release_create": ("GET", lambda c: f"/consents/clients/{c.erin.pk}/releases/new/", ERIN_CHANGE),
    "consents:disclosure_create": ("GET", lambda c: f"/consents/clients/{c.erin.pk}/disclosures/new/", ERIN_CHANGE),
    "consents:accounting": ("GET", lambda c: f"/consents/clients/{c.erin.pk}/accounting/", ERIN_VIEW),
    "consents:accounting_pdf": ("GET", lambda c: f"/consents/clients/{c.erin.pk}/accounting.pdf", ERIN_VIEW),
    "consents:referral_create": ("GET", lambda c: f"/consents/clients/{c.erin.pk}/referrals/new/", ERIN_CHANGE),
    "consents:document": ("GET", lambda c: f"/consents/documents/{f.erin_documents(c)['tpo'].pk}/", ERIN_VIEW),
    "consents:sign": ("GET", lambda c: f"/consents/documents/{f.erin_documents(c)['rights'].pk}/sign/", ERIN_CHANGE),
    "consents:document_pdf": ("GET", lambda c: f"/consents/documents/{f.erin_documents(c)['tpo'].pk}/pdf/", ERIN_VIEW),
    "consents:revoke": (
        "POST",
        lambda c: f"/consents/documents/{f.erin_documents(c)['tpo'].pk}/revoke/",
        ERIN_CHANGE_BAD_FORM,
    ),
    "consents:decline": (
        "POST",
        lambda c: f"/consents/documents/{f.erin_documents(c)['release'].pk}/decline/",
        ERIN_CHANGE,
    ),
    "consents:disclosure_log": (
        "GET",
        lambda c: "/consents/disclosures/",
        row("403", anonymous="login", dana="ok", ava="ok"),
    ),
    "consents:disclosure_pdf": ("GET", lambda c: f"/consents/disclosures/{f.erin_disclosure(c).pk}/pdf/", ERIN_VIEW),
    "consents:providers": ("GET", lambda c: "/consents/providers/", STAFF_PAGE),
    "consents:provider_create": ("GET", lambda c: "/consents/providers/new/", DIRECTOR_ONLY),
    "consents:provider_edit": ("GET", lambda c: f"/consents/providers/{f.provider(c).pk}/edit/", DIRECTOR_ONLY),
    "consents:referrals": ("GET", lambda c: "/consents/referrals/", STAFF_PAGE),
    "consents:referral": ("GET", lambda c: f"/consents/referrals/{f.erin_referral(c).pk}/", ERIN_VIEW),
    "consents:templates": ("GET", lambda c: "/consents/templates/", STAFF_PAGE),
    "consents:template_create": ("GET", lambda c: "/consents/templates/new/", DIRECTOR_ONLY),
    "consents:my_documents": ("GET", lambda c: "/consents/my/", CLIENT_PAGE),
    "consents:my_sign": ("GET", lambda c: f"/consents/my/{f.erin_documents(c)['rights'].pk}/sign/", ERIN_OWN),
    "consents:my_pdf": ("GET", lambda c: f"/consents/my/{f.erin_documents(c)['tpo'].pk}/pdf/", ERIN_OWN),
    "consents:my_decline": ("POST", lambda c: f"/consents/my/{f.erin_documents(c)['release'].pk}/decline/", ERIN_OWN),
    # Without the confirmation box the revocation is refused with a message (a redirect back).
    "consents:my_revoke": ("POST", lambda c: f"/consents/my/{f.erin_documents(c)['tpo'].pk}/revoke/", ERIN_OWN),
    "consents:my_accounting": ("GET", lambda c: "/consents/my/accounting/", CLIENT_PAGE),
    "consents:my_accounting_pdf": ("GET", lambda c: "/consents/my/accounting.pdf", CLIENT_PAGE),
}

API_ERIN_VIEW = row("ok", anonymous="401", bob="404", carol="404", ivan="404", ava="403", erin="403", frank="403")
API_ERIN_CHANGE = {**API_ERIN_VIEW, "bill": "403", "mel": "403"}

API_TABLE: dict[tuple[str, str], ApiCase] = {
    ("GET", "/api/v1/clients/{client_id}/consents"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}/consents",
        None,
        API_ERIN_VIEW,
    ),
    ("GET", "/api/v1/consents/{consent_id}"): (
        lambda c: f"/api/v1/consents/{f.erin_documents(c)['tpo'].pk}",
        None,
        API_ERIN_VIEW,
    ),
    ("POST", "/api/v1/consents/{consent_id}/revoke"): (
        lambda c: f"/api/v1/consents/{f.erin_documents(c)['tpo'].pk}/revoke",
        {"effective_date": "2099-01-01", "note": "Letter received"},
        API_ERIN_CHANGE,
    ),
    ("GET", "/api/v1/clients/{client_id}/disclosures"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}/disclosures",
        None,
        API_ERIN_VIEW,
    ),
    # No consent named: the people allowed are refused with 422 naming the consent field.
    ("POST", "/api/v1/clients/{client_id}/disclosures"): (
        lambda c: f"/api/v1/clients/{c.erin.pk}/disclosures",
        {"recipient": "Blue Shield", "recipient_class": "payers", "purpose": "payment", "records": ["demographics"]},
        # Billing releases records to a payer for payment (accounts.policy.can_disclose_for_payment).
        {**API_ERIN_CHANGE, "dana": "422", "alice": "422", "bill": "422"},
    ),
    ("GET", "/api/v1/providers"): (
        lambda c: "/api/v1/providers",
        None,
        row("ok", anonymous="401", ava="403", erin="403", frank="403"),
    ),
    # An unknown provider: the people allowed to refer Erin get 422 naming provider_id.
    ("POST", "/api/v1/referrals"): (
        lambda c: "/api/v1/referrals",
        {"client_id": "ERIN", "provider_id": 999999, "reason": "Needs detox first"},
        {**API_ERIN_CHANGE, "dana": "422", "alice": "422"},
    ),
}
