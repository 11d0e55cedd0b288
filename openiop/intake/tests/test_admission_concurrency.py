"""Acceptance 3 (issue 9): two people admitting one client at once open one episode; the other is told."""

from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import Cast
from openiop.clients.models import Episode
from openiop.core.concurrency import Conflict
from openiop.core.tests.threads import at_once
from openiop.intake import services
from openiop.intake.models import Admission, Assessment
from openiop.intake.tests import factories as f


def _admit(cast: Cast, assessment: Assessment) -> object:
    try:
        return services.episode_admit(
            actor=cast.alice,
            assessment=Assessment.objects.get(pk=assessment.pk),
            admission_date=timezone.localdate(),
            primary_clinician=cast.alice,
            prescribed_hours_per_week=Decimal(12),
        )
    except Conflict as exc:
        return exc


@pytest.mark.django_db(transaction=True)
def test_two_people_admitting_one_client_at_once_open_one_episode_and_the_other_gets_a_conflict(
    cast: Cast,
) -> None:
    assessment = f.signed(cast)
    results = at_once(lambda: _admit(cast, assessment), lambda: _admit(cast, assessment))
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Episode"]
    assert "meanwhile" in str(next(r for r in results if isinstance(r, Conflict)))
    assert Admission.objects.filter(assessment=assessment).count() == 1
    assert Episode.objects.filter(client=assessment.client, status="active").count() == 1


def test_admitting_a_client_who_already_has_an_active_episode_is_a_conflict_not_a_crash(cast: Cast) -> None:
    assessment = f.signed(cast)
    Episode.objects.create(client=assessment.client, site=assessment.site, admission_date=timezone.localdate())
    with pytest.raises(Conflict, match="already has an active episode"):
        _admit_raising(cast, assessment)


def _admit_raising(cast: Cast, assessment: Assessment) -> None:
    result = _admit(cast, assessment)
    if isinstance(result, Exception):
        raise result
