"""Intake fixtures on top of the shared cast (records are made through the services)."""

import pytest
from django.test import Client as HttpClient

from conftest import Cast
from openiop.accounts.models import User
from openiop.intake.models import Assessment, Inquiry
from openiop.intake.tests import factories


@pytest.fixture
def inquiry(cast: Cast) -> Inquiry:
    return factories.inquiry(cast)


@pytest.fixture
def booked(cast: Cast) -> Assessment:
    return factories.booked(cast)


@pytest.fixture
def login() -> object:
    def make(user: User) -> HttpClient:
        http = HttpClient()
        http.force_login(user)
        return http

    return make
