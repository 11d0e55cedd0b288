"""Issue 11, finding 3: intake stops reading a client's screening and assessment decision once
the client is admitted, unless on the care team (``accounts/policy/intake.py``)."""

from decimal import Decimal

import pytest
from django.test import Client as HttpClient

from conftest import Cast
from openiop.accounts import policy
from openiop.clients.models import CareTeamMember
from openiop.core.time import site_today
from openiop.intake import services
from openiop.intake.models import Assessment
from openiop.intake.tests import factories as f


def _admitted(cast: Cast) -> Assessment:
    assessment = f.signed(cast)
    services.episode_admit(
        actor=cast.alice,
        assessment=assessment,
        admission_date=site_today(cast.site_a),
        primary_clinician=cast.alice,
        prescribed_hours_per_week=Decimal(12),
    )
    return assessment


def _get(cast: Cast, who: str, url: str) -> int:
    http = HttpClient()
    http.force_login(getattr(cast, who))
    return http.get(url).status_code


# (who, on the care team, admitted, reads the findings): the policy table of accounts/policy/intake.py.
FINDINGS = [
    ("ivan", False, False, True),
    ("ivan", False, True, False),
    ("ivan", True, True, True),
    ("dana", False, True, True),
    ("mel", False, True, True),
    ("alice", False, True, True),  # the admitting clinician: the client's primary clinician
]


@pytest.mark.parametrize(("who", "on_team", "admitted", "reads"), FINDINGS)
def test_intake_cannot_read_the_assessment_after_admission(
    cast: Cast, who: str, on_team: bool, admitted: bool, reads: bool
) -> None:
    assessment = _admitted(cast) if admitted else f.signed(cast)
    if on_team:
        CareTeamMember.objects.create(client=assessment.client, user=getattr(cast, who), responsibility="intake")
    screening = assessment.inquiry.screenings.get()
    expected = 200 if reads else 404
    assert _get(cast, who, f"/intake/assessments/{assessment.pk}/") == expected
    assert _get(cast, who, f"/intake/screenings/{screening.pk}/") == expected
    assert policy.sees_intake_findings(getattr(cast, who), assessment.inquiry) is reads
    http = HttpClient()
    http.force_login(getattr(cast, who))
    page = http.get(f"/intake/inquiries/{assessment.inquiry_id}/")
    assert page.status_code == 200  # the inquiry itself stays in the pipeline's history
    shown = page.content.decode()
    assert (f"/intake/screenings/{screening.pk}/" in shown) is reads
    assert (f"/intake/assessments/{assessment.pk}/" in shown) is reads


def test_the_board_shows_no_screening_flag_of_an_admitted_client_to_intake(cast: Cast) -> None:
    assessment = f.booked(cast)
    inquiry = assessment.inquiry
    f.screen(cast, inquiry, answers={**f.NEGATIVE_SCREEN, "cssrs-screen": f.CSSRS_MODERATE})
    http = HttpClient()
    http.force_login(cast.ivan)
    assert "C-SSRS moderate" in http.get("/intake/inquiries/").content.decode()
    from openiop.clients.models import Episode

    Episode.objects.create(
        client=assessment.client,
        site=cast.site_a,
        admission_date=site_today(cast.site_a),
        primary_clinician=cast.alice,
        prescribed_hours_per_week=Decimal(12),
    )
    assert "C-SSRS moderate" not in http.get("/intake/inquiries/").content.decode()
    dana = HttpClient()
    dana.force_login(cast.dana)
    assert "C-SSRS moderate" in dana.get("/intake/inquiries/").content.decode()
