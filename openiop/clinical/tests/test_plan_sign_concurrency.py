"""Two people signing one treatment plan or one safety plan at the same moment sign it once.

Real threads with their own connections and real transactions (issue 9): the signing service
re-reads the row locked and checks it is still unsigned, so the second signature is refused."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from conftest import PASSWORD, Cast
from openiop.audit.models import AuditEvent
from openiop.clinical.models import SafetyPlan, TreatmentPlan
from openiop.clinical.services import plans, safety
from openiop.core.tests.threads import at_once

concurrent = pytest.mark.django_db(transaction=True)


def _outcome(sign: Callable[[], object]) -> Callable[[], str]:
    def run() -> str:
        try:
            sign()
        except ValidationError:
            return "refused"
        return "signed"

    return run


def _treatment_plan(cast: Cast) -> TreatmentPlan:
    plan = plans.plan_create(actor=cast.alice, client=cast.erin, effective_on=dt.date(2026, 11, 2))
    problem = plans.problem_add(actor=cast.alice, plan=plan, dimension=5, statement="Cravings", goal="Sober Fridays")
    plans.objective_add(actor=cast.alice, problem=problem, text="Coping card", target_date=dt.date(2026, 12, 1))
    return plan


def _safety_plan(cast: Cast) -> SafetyPlan:
    steps = dict.fromkeys(
        ("warning_signs", "internal_coping", "distractions", "help_contacts", "professionals", "environment"), "x"
    )
    return safety.safety_plan_save(actor=cast.alice, client=cast.erin, **steps)


@concurrent
def test_two_people_signing_one_treatment_plan_at_once_sign_it_once(cast: Cast) -> None:
    plan = _treatment_plan(cast)

    def sign() -> object:
        fresh = TreatmentPlan.objects.get(pk=plan.pk)
        return plans.plan_sign(actor=cast.alice, plan=fresh, client_signature="Erin Castillo", password=PASSWORD)

    assert sorted(at_once(_outcome(sign), _outcome(sign))) == ["refused", "signed"]
    assert AuditEvent.objects.filter(object_type="treatment_plan", object_id=str(plan.pk), action="sign").count() == 1


@concurrent
def test_two_people_signing_one_safety_plan_at_once_sign_it_once(cast: Cast) -> None:
    plan = _safety_plan(cast)

    def sign() -> object:
        fresh = SafetyPlan.objects.get(pk=plan.pk)
        return safety.safety_plan_sign(actor=cast.alice, plan=fresh, client_agreed=True, password=PASSWORD)

    assert sorted(at_once(_outcome(sign), _outcome(sign))) == ["refused", "signed"]
    assert AuditEvent.objects.filter(object_type="safety_plan", object_id=str(plan.pk), action="sign").count() == 1
