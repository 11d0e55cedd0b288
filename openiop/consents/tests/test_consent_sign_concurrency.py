"""Two signatures of one consent document at the same moment sign it once (issue 9).

Real threads with their own connections and real transactions: the signing service checks,
under the row lock, that the document is still waiting for a signature."""

import pytest
from django.core.exceptions import ValidationError

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.consents.models import ConsentDocument
from openiop.consents.tests import factories
from openiop.core.tests.threads import at_once


@pytest.mark.django_db(transaction=True)
def test_two_signatures_of_one_consent_at_once_sign_it_once(cast: Cast) -> None:
    rights = factories.erin_documents(cast)["rights"]

    def sign() -> str:
        try:
            factories.sign(cast, ConsentDocument.objects.get(pk=rights.pk))
        except ValidationError:
            return "refused"
        return "signed"

    assert sorted(at_once(sign, sign)) == ["refused", "signed"]
    signs = AuditEvent.objects.filter(object_id=str(rights.pk), action="sign", client_id=cast.erin.pk)
    assert signs.count() == 1
