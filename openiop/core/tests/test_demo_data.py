import pytest

from openiop.accounts.models import User
from openiop.audit.models import AuditEvent
from openiop.clients.models import Client, Episode
from openiop.core.demo_data import seed_demo


@pytest.mark.django_db
def test_the_demo_seed_is_idempotent() -> None:
    first = seed_demo()
    counts = (User.objects.count(), Client.objects.count(), Episode.objects.count(), AuditEvent.objects.count())
    assert first["clients"] == 40 and Client.objects.filter(preferred_language="es").count() >= 8
    assert set(seed_demo().values()) == {0}
    assert counts == (User.objects.count(), Client.objects.count(), Episode.objects.count(), AuditEvent.objects.count())


@pytest.mark.django_db
def test_the_demo_has_adolescents_past_episodes_and_varied_genders() -> None:
    seed_demo()
    assert Episode.objects.filter(population="adolescent").exists()
    assert Episode.objects.filter(status="discharged").exists()
    assert Client.objects.values("gender_identity").distinct().count() >= 5
