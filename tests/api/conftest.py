"""API test helpers: clients authenticated by token, one per role, and a second district
(outside the Bình Liêu users' scope) to test scopes against."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tokens import issue_api_token
from tests.conftest import make_user
from units.models import AdministrativeUnit, UnitLevel

OTHER_DISTRICT = "OTHER-D"
OTHER_COMMUNE = "OTHER-C"


def token_client(user) -> APIClient:
    """An APIClient sending `Authorization: Token <key>`, as an outside client does."""
    client = APIClient()
    _record, key = issue_api_token(user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def statements_reading(client, url: str, table: str) -> list[str]:
    """The statements of one successful GET of `url` that read `table`: none once its
    answer is kept in the shared cache."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, response.content
    return [q["sql"] for q in queries.captured_queries if f'"{table}"' in q["sql"]]


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def other_commune(units):
    """A commune of another district of Quảng Ninh: outside every Bình Liêu scope."""
    district = AdministrativeUnit.objects.create(code=OTHER_DISTRICT, name="Huyện Khác", level=UnitLevel.DISTRICT,
                                                 parent=units["22"])
    return AdministrativeUnit.objects.create(code=OTHER_COMMUNE, name="Xã Khác", level=UnitLevel.COMMUNE,
                                             parent=district)


@pytest.fixture
def as_admin(admin_user):
    return token_client(admin_user)


@pytest.fixture
def as_officer(officer):
    return token_client(officer)


@pytest.fixture
def as_viewer(viewer):
    return token_client(viewer)


@pytest.fixture
def superuser(db):
    return make_user("root", Role.VIEWER, None, is_superuser=True, is_staff=True)
