"""The demo seeds billing: a profile, payers with their rules, coverage, authorizations with
their reviews, and this week's charges or held days, once."""

import pytest

from openiop.accounts.models import Site
from openiop.billing.demo import seed
from openiop.billing.models import Authorization, BillingProfile, Charge, Coverage, HeldDay, Payer, UtilizationReview
from openiop.core.demo_data import seed_demo
from openiop.core.time import site_today


@pytest.mark.django_db
def test_the_demo_seeds_billing_once() -> None:
    seed_demo()
    site = Site.objects.get(name="Westside IOP")
    assert BillingProfile.objects.filter(site=site).exists()
    assert Payer.objects.filter(site=site, claim_type="institutional").exists()
    assert Coverage.objects.filter(client__site=site).count() >= 10
    assert UtilizationReview.objects.count() == Authorization.objects.count() > 0
    assert Charge.objects.filter(site=site).exists() or HeldDay.objects.filter(site=site).exists()
    from openiop.accounts.models import User

    people = {u.email.split("@")[0]: u for u in User.objects.all()}
    again = seed(people=people, sites={"Westside IOP": site}, today=site_today(site))
    assert set(again.values()) == {0}
