"""``openiop fhir_recipient``: links a token to a provider of the directory; bad input exits 2."""

import pytest
from django.core.management import call_command

from conftest import Cast
from openiop.accounts.models import ApiToken
from openiop.consents.tests import factories
from openiop.fhir.models import ExportRecipient
from openiop.fhir.tests.conftest import make_token


def test_a_director_links_a_token_to_a_provider(cast: Cast) -> None:
    raw = make_token(cast.dana, ["system/*.read"])
    provider = factories.provider(cast)
    call_command("fhir_recipient", raw[:12], provider=provider.pk, purpose="treatment", by="dana@a.test")
    link = ExportRecipient.objects.get()
    assert (link.token, link.provider, link.purpose) == (ApiToken.objects.get(), provider, "treatment")


@pytest.mark.parametrize(
    ("prefix", "by", "field"),
    [("oiop_nothing", "dana@a.test", "token_prefix"), (None, "alice@a.test", "by"), (None, "nobody@a.test", "by")],
)
def test_bad_input_exits_2_naming_the_field(
    cast: Cast, capsys: pytest.CaptureFixture[str], prefix: str | None, by: str, field: str
) -> None:
    raw = make_token(cast.dana)
    with pytest.raises(SystemExit) as exited:
        call_command(
            "fhir_recipient", prefix or raw[:12], provider=factories.provider(cast).pk, purpose="treatment", by=by
        )
    assert exited.value.code == 2 and capsys.readouterr().err.startswith(f"{field}:")
    assert not ExportRecipient.objects.exists()


def test_create_api_token_takes_scopes(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("create_api_token", "dana@a.test", scope=["system/*.read", "system/Patient.read"])
    raw = capsys.readouterr().out.strip()
    assert ApiToken.objects.get(prefix=raw[:12]).scopes == ["system/*.read", "system/Patient.read"]


def test_create_api_token_refuses_a_malformed_scope(cast: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        call_command("create_api_token", "dana@a.test", scope=["system/*.write"])
    assert exited.value.code == 2 and capsys.readouterr().err.startswith("scope:")
