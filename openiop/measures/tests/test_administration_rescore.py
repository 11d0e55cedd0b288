"""Rescoring: the only path that changes a stored score; versioned, recorded and audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Cast
from openiop.audit.models import AuditEvent
from openiop.measures import services
from openiop.measures.instruments import SCORING_VERSION
from openiop.measures.models import Administration, Alert, Rescoring
from openiop.measures.tests.conftest import Record, phq9


def _stored_by_an_older_version(adm: Administration, **score: object) -> Administration:
    """What an administration scored by an earlier (buggy) library version looks like."""
    Administration.objects.filter(pk=adm.pk).update(scoring_version="0", **score)
    return Administration.objects.get(pk=adm.pk)


def test_nothing_changes_when_the_score_and_version_are_current(cast: Cast, record: Record) -> None:
    adm = record(cast.erin, "phq9", phq9(9))
    assert services.administration_rescore(actor=cast.dana, administration=adm, reason="check") is None
    assert not Rescoring.objects.exists()


def test_it_rescores_records_old_and_new_and_audits(cast: Cast, record: Record) -> None:
    adm = _stored_by_an_older_version(record(cast.erin, "phq9", phq9(12)), total=11, band="mild")
    rescoring = services.administration_rescore(actor=cast.dana, administration=adm, reason="Band fix in v1")
    assert rescoring is not None
    assert (rescoring.old_version, rescoring.new_version) == ("0", SCORING_VERSION)
    assert (rescoring.old_score["total"], rescoring.old_score["band"]) == (11, "mild")
    assert (rescoring.new_score["total"], rescoring.new_score["band"]) == (12, "moderate")
    adm.refresh_from_db()
    assert (adm.score.total, adm.band, adm.scoring_version) == (12, "moderate", SCORING_VERSION)
    event = AuditEvent.objects.get(object_type="administration", action="update")
    assert event.detail["changes"]["total"] == {"old": 11.0, "new": 12.0}
    assert {k: v for k, v in event.detail.items() if k != "changes"} == {
        "rescored": True,
        "old_version": "0",
        "new_version": SCORING_VERSION,
        "changed": ["band", "total"],
    }


def test_a_version_bump_alone_is_recorded(cast: Cast, record: Record) -> None:
    adm = _stored_by_an_older_version(record(cast.erin, "gad7", [1] * 7))
    rescoring = services.administration_rescore(actor=cast.dana, administration=adm, reason="v1")
    assert rescoring is not None and rescoring.old_score == rescoring.new_score


def test_a_flag_the_new_score_adds_raises_its_alert(cast: Cast, record: Record) -> None:
    adm = _stored_by_an_older_version(record(cast.erin, "phq9", phq9(0)))
    # As if an earlier scorer had missed item 9: the stored answers say 2, the stored flags nothing.
    Administration.objects.filter(pk=adm.pk).update(answers=phq9(2, item9=2), total=2, flags=[])
    adm.refresh_from_db()
    services.administration_rescore(actor=cast.dana, administration=adm, reason="item 9 flag fix")
    assert list(Alert.objects.filter(source=adm).values_list("kind", flat=True)) == ["suicidal-ideation"]


@pytest.mark.parametrize("person", ["alice", "mel", "carol", "bill"])
def test_only_a_director_of_the_site_may_rescore(cast: Cast, record: Record, person: str) -> None:
    adm = _stored_by_an_older_version(record(cast.erin, "phq9", phq9(5)))
    with pytest.raises(PermissionDenied):
        services.administration_rescore(actor=getattr(cast, person), administration=adm, reason="x")
    assert not Rescoring.objects.exists()


def test_a_reason_is_required(cast: Cast, record: Record) -> None:
    adm = _stored_by_an_older_version(record(cast.erin, "phq9", phq9(5)))
    with pytest.raises(ValidationError) as caught:
        services.administration_rescore(actor=cast.dana, administration=adm, reason=" ")
    assert list(caught.value.message_dict) == ["reason"]


def test_answers_that_no_longer_score_are_reported_not_guessed(cast: Cast, record: Record) -> None:
    adm = record(cast.erin, "cows", [0] * 11)
    Administration.objects.filter(pk=adm.pk).update(answers=[3] + [0] * 10)
    adm.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.administration_rescore(actor=cast.dana, administration=adm, reason="audit")
    assert "item 1" in caught.value.message_dict["answers"][0]
