"""Assessment pages: the form with its rows, the live recommendation, sign, co-sign, admit, the chart tab."""

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import Client as HttpClient
from django.urls import NoReverseMatch, reverse

from conftest import PASSWORD, Cast
from openiop.accounts.models import User
from openiop.core.extensions import CHART_PANELS, HOME_PANELS, render_home_parts
from openiop.intake.models import Assessment
from openiop.intake.tests import factories as f
from openiop.intake.views.assessment import after_admission_url

Login = Callable[[User], HttpClient]
EMPTY_ROWS = {
    f"{prefix}-{key}": value
    for prefix in ("substances", "availability", "diagnoses")
    for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
}


def _form_data(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = dict(EMPTY_ROWS)
    for d in range(1, 7):
        data[f"dimension_{d}"] = 1
        data[f"dimension_{d}_rationale"] = f"Reason {d}"
    data["presenting_problem"] = "Drinking daily."
    data.update(extra)
    return data


def _ciwa_fields(total: int) -> dict[str, int | None]:
    return {f"ciwa_ar__{n}": v for n, v in enumerate(f.ciwa(total), start=1)}


def test_the_clinician_fills_in_the_assessment_with_rows(cast: Cast, login: Login, booked: Assessment) -> None:
    http = login(cast.alice)
    assert http.get(f"/intake/assessments/{booked.pk}/edit/").status_code == 200
    data = _form_data(
        dimension_3=2,
        **_ciwa_fields(6),
        **{
            "substances-TOTAL_FORMS": "2",
            "substances-0-substance": "2",
            "substances-0-route": "1",
            "substances-0-frequency": "3",
            "substances-0-age_at_first_use": "16",
            "availability-TOTAL_FORMS": "1",
            "availability-0-weekday": "0",
            "availability-0-start": "18:00",
            "availability-0-end": "21:00",
        },
    )
    response = http.post(f"/intake/assessments/{booked.pk}/edit/", data)
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.dimension_3 == 2 and booked.substances.get().substance == 2
    assert booked.availability.get().weekday == 0
    page = http.get(f"/intake/assessments/{booked.pk}/").content.decode()
    assert 'id="recommended-level">2.1<' in page and "Decision support" in page


def test_a_started_row_must_be_complete_and_nothing_is_saved(cast: Cast, login: Login, booked: Assessment) -> None:
    data = _form_data(**{"availability-TOTAL_FORMS": "1", "availability-0-weekday": "2"})
    response = login(cast.alice).post(f"/intake/assessments/{booked.pk}/edit/", data)
    assert response.status_code == 422
    booked.refresh_from_db()
    assert booked.dimension_1 is None and booked.status == "booked"


def test_medical_staff_get_the_medical_part_only(cast: Cast, login: Login, booked: Assessment) -> None:
    http = login(cast.mel)
    form = http.get(f"/intake/assessments/{booked.pk}/edit/").context["form"]
    assert "pulse" in form.fields and "dimension_1" not in form.fields and "presenting_problem" not in form.fields
    response = http.post(f"/intake/assessments/{booked.pk}/edit/", {"pulse": "92", **_ciwa_fields(12)})
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.pulse == 92 and booked.results.get(code="ciwa-ar").total == 12


def test_the_recommendation_follows_the_ratings_on_the_form_before_saving(
    cast: Cast, login: Login, booked: Assessment
) -> None:
    http = login(cast.alice)
    url = f"/intake/assessments/{booked.pk}/recommendation"
    headers = {"HX-Request": "true"}
    partial = http.post(url, _form_data(dimension_3=2, **_ciwa_fields(6)), headers=headers).content.decode()
    assert 'id="recommended-level">2.1<' in partial and "<html" not in partial and "CIWA-Ar 6" in partial
    partial = http.post(url, _form_data(**_ciwa_fields(22)), headers=headers).content.decode()
    assert 'id="recommended-level">3.7-WM<' in partial
    partial = http.post(url, {"dimension_1": 1}, headers=headers).content.decode()
    assert "Rate dimensions 2, 3, 4, 5, 6" in partial
    booked.refresh_from_db()
    assert booked.dimension_1 is None  # nothing was saved


def test_an_incomplete_withdrawal_scale_is_left_out_of_the_live_recommendation(
    cast: Cast, login: Login, booked: Assessment
) -> None:
    partial = (
        login(cast.alice)
        .post(f"/intake/assessments/{booked.pk}/recommendation", _form_data(ciwa_ar__1=7))
        .content.decode()
    )
    assert "CIWA-Ar is incomplete" in partial and 'id="recommended-level">1<' in partial


def test_signing_through_the_page_needs_a_reason_when_differing(cast: Cast, login: Login) -> None:
    assessment = f.completed(cast)
    http = login(cast.alice)
    url = f"/intake/assessments/{assessment.pk}/sign"
    response = http.post(url, {"decided_level": "1", "confirm": "on"})
    assert response.status_code == 422 and "decision_reason" in response.context["sign_form"].errors
    assert http.post(url, {"decided_level": "2.1", "password": PASSWORD}).status_code == 422  # not confirmed
    assert http.post(url, {"decided_level": "2.1", "confirm": "on", "password": PASSWORD}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_signed
    assert http.get(f"/intake/assessments/{assessment.pk}/edit/").status_code == 403


def test_signing_through_the_page_asks_for_the_password_and_a_wrong_one_signs_nothing(cast: Cast, login: Login) -> None:
    assessment = f.completed(cast)
    http = login(cast.alice)
    page = http.get(f"/intake/assessments/{assessment.pk}/").content.decode()
    assert 'name="password"' in page and 'autocomplete="current-password"' in page
    response = http.post(
        f"/intake/assessments/{assessment.pk}/sign", {"decided_level": "2.1", "confirm": "on", "password": "nope"}
    )
    assert response.status_code == 422 and "password" in response.context["sign_form"].errors
    assessment.refresh_from_db()
    assert not assessment.is_signed


def test_the_medical_cosignature_is_asked_for_and_given_on_the_page(cast: Cast, login: Login) -> None:
    assessment = f.signed(cast, ciwa_total=22, decided="2.1", reason="PCP manages withdrawal.")
    page = login(cast.alice).get(f"/intake/assessments/{assessment.pk}/").content.decode()
    assert "Needs a medical staff co-signature" in page
    http = login(cast.mel)
    assert http.post(f"/intake/assessments/{assessment.pk}/cosign", {"note": ""}).status_code == 422
    assert http.post(f"/intake/assessments/{assessment.pk}/cosign", {"note": "Reviewed."}).status_code == 302
    assert "Co-signed by" in http.get(f"/intake/assessments/{assessment.pk}/").content.decode()


def test_admitting_goes_on_to_the_consents_or_else_the_chart(cast: Cast, login: Login) -> None:
    assessment = f.signed(cast)
    http = login(cast.alice)
    form = http.get(f"/intake/assessments/{assessment.pk}/admit/").context["form"]
    assert form.initial["primary_clinician"] == cast.alice.pk
    response = http.post(
        f"/intake/assessments/{assessment.pk}/admit/",
        {
            "admission_date": form.initial["admission_date"].isoformat(),
            "primary_clinician": cast.alice.pk,
            "prescribed_hours_per_week": "12",
            "track": "Evenings",
        },
    )
    assert response.status_code == 302 and response["Location"] == after_admission_url(assessment.client_id)
    try:
        expected = reverse("consents:admission", args=[assessment.client_id])
    except NoReverseMatch:
        expected = f"/clients/{assessment.client_id}/"
    assert response["Location"] == expected
    if apps.is_installed("openiop.consents"):  # the admission (a POST) prepares them; the page only reads
        from openiop.consents.models import ConsentDocument

        kinds = set(ConsentDocument.objects.filter(client_id=assessment.client_id).values_list("kind", flat=True))
        assert kinds == {"treatment", "rights", "part2_tpo"}


def test_admitting_without_the_cosignature_comes_back_with_the_reason(cast: Cast, login: Login) -> None:
    assessment = f.signed(cast, ciwa_total=22, decided="2.1", reason="PCP manages withdrawal.")
    response = login(cast.alice).post(
        f"/intake/assessments/{assessment.pk}/admit/",
        {"admission_date": "2030-01-01", "primary_clinician": cast.alice.pk, "prescribed_hours_per_week": "12"},
    )
    assert response.status_code == 422 and "co-signature" in response.content.decode()


def test_the_chart_shows_an_intake_tab_with_the_assessment(cast: Cast, login: Login) -> None:
    assessment = f.signed(cast)
    assert any(p.key == "intake" for p in CHART_PANELS)
    page = login(cast.alice).get(f"/clients/{assessment.client_id}/").content.decode()
    assert f"/intake/assessments/{assessment.pk}/" in page


@pytest.mark.parametrize(("person", "text"), [("ivan", "Intake follow-ups due today"), ("alice", "Intake assessments")])
def test_the_home_panels_render_for_their_roles(cast: Cast, person: str, text: str) -> None:
    from django.test import RequestFactory

    f.booked(cast)
    request = RequestFactory().get("/home/")
    request.user = getattr(cast, person)
    role = "intake" if person == "ivan" else "clinician"
    html = "".join(html for _, html in render_home_parts(request, role))
    assert text in html and any(p.key.startswith("intake") for p in HOME_PANELS)
