"""Clients logged in per role, and a collective in Hoành Mô (inside every fixture scope)."""

import pytest
from django.test import Client

from tests.factories import CollectiveFactory


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(officer):
    return client_for(officer)


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)


@pytest.fixture
def admin_client_(admin_user):
    return client_for(admin_user)


@pytest.fixture
def commune_client(commune_officer):
    return client_for(commune_officer)


@pytest.fixture
def collective(units):
    return CollectiveFactory(name="Hợp tác xã Miến dong Hoành Mô", unit=units["06841"])
