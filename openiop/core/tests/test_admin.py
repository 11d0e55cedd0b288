import pytest
from django.contrib import admin

from openiop.audit.models import AuditEvent
from openiop.clients.models import Client
from openiop.clinical.models.settings import ClinicalSettings, Supervision
from openiop.measures.models import Cadence


@pytest.mark.parametrize("model", [Cadence, ClinicalSettings, Supervision])
def test_program_configuration_is_editable_in_the_admin(model: type) -> None:
    assert admin.site.is_registered(model)


@pytest.mark.parametrize("model", [Client, AuditEvent])
def test_client_records_and_the_audit_trail_are_not_in_the_admin(model: type) -> None:
    assert not admin.site.is_registered(model)
