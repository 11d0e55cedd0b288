import pytest

from conftest import Cast
from openiop.consents.models import ConsentDocument, Disclosure, Provider
from openiop.consents.tests import factories


@pytest.fixture
def erin_documents(cast: Cast) -> dict[str, ConsentDocument]:
    """Treatment and TPO signed, client rights pending, a release to her mother (Jo Castillo) pending."""
    return factories.erin_documents(cast)


@pytest.fixture
def erin_tpo(erin_documents: dict[str, ConsentDocument]) -> ConsentDocument:
    return erin_documents["tpo"]


@pytest.fixture
def erin_disclosure(cast: Cast) -> Disclosure:
    return factories.erin_disclosure(cast)


@pytest.fixture
def provider(cast: Cast) -> Provider:
    return factories.provider(cast)
