"""A list page of the API is kept in the shared cache under the data version
(core.api.viewsets.RecordViewSet.list): the second read runs no row query, and no read after a
change shows the old page — a write through the API, a service (the pages' door), a bulk
update (the importer's), a deletion, the day moving on (a collective's status is today's),
another reader's scope, and a reader whose scope changed (users move no data version).

Transactional: the data version moves when a write commits, as in production (core.cache).
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role, User
from cooperatives.models import Collective, Suspension
from cooperatives.services import collective_update
from tests.api.conftest import statements_reading, token_client
from tests.conftest import make_user
from tests.factories import CollectiveFactory

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/api/v1/collectives/?kind=htx"


def names(api, url: str = LIST) -> list[str]:
    response = api.get(url)
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def row_queries(api, url: str = LIST) -> list[str]:
    """The statements of one read that read collectives (its count and rows)."""
    return statements_reading(api, url, "cooperatives_collective")


@pytest.fixture
def collectives(units):
    return [CollectiveFactory(name=name, unit=units["06841"]) for name in ("HTX An Bình", "HTX Bắc Sơn")]


@pytest.fixture
def api(viewer):
    return token_client(viewer)


def test_the_second_read_is_served_from_the_cache(collectives, api):
    assert row_queries(api)
    first = api.get(LIST).json()
    assert row_queries(api) == []
    assert api.get(LIST).json() == first
    assert [r["name"] for r in first["results"]] == ["HTX An Bình", "HTX Bắc Sơn"]


def test_each_page_and_filter_has_its_own_answer(collectives, api):
    assert names(api) == ["HTX An Bình", "HTX Bắc Sơn"]
    assert names(api, LIST + "&page_size=1") == ["HTX An Bình"]
    second = api.get(LIST + "&page_size=1&page=2").json()
    assert [r["name"] for r in second["results"]] == ["HTX Bắc Sơn"]
    assert second["previous"].endswith("/api/v1/collectives/?kind=htx&page_size=1")
    assert names(api, LIST + "&search=bac") == ["HTX Bắc Sơn"]


@pytest.mark.parametrize("door", ["api", "service", "bulk", "delete"])
def test_a_write_through_any_door_is_seen_at_once(collectives, api, officer, door):
    assert names(api) == ["HTX An Bình", "HTX Bắc Sơn"]
    assert row_queries(api) == []  # kept
    first = collectives[0]
    if door == "api":
        response = token_client(officer).patch(f"/api/v1/collectives/{first.pk}/",
                                               {"name": "HTX Đông Bình", "version": first.version}, format="json")
        assert response.status_code == 200, response.content
        expected = ["HTX Bắc Sơn", "HTX Đông Bình"]
    elif door == "service":
        collective_update(first, actor=officer, changes={"name": "HTX Đông Bình"}, expected_version=first.version)
        expected = ["HTX Bắc Sơn", "HTX Đông Bình"]
    elif door == "bulk":
        Collective.objects.filter(pk=first.pk).update(name="HTX Đông Bình")
        expected = ["HTX Bắc Sơn", "HTX Đông Bình"]
    else:
        response = token_client(officer).delete(f"/api/v1/collectives/{first.pk}/")
        assert response.status_code == 204, response.content
        expected = ["HTX Bắc Sơn"]
    assert names(api) == expected


def test_the_status_moves_with_the_day(collectives, api, monkeypatch):
    """`status` is today's: a suspension ending tomorrow reads `suspended` today and `active`
    tomorrow, with nothing written in between."""
    day = datetime.date(2026, 6, 1)
    Suspension.objects.create(collective=collectives[0], starts_on=datetime.date(2026, 1, 1),
                              ends_on=day + datetime.timedelta(days=1))
    monkeypatch.setattr(timezone, "localdate", lambda *args: day)
    statuses = lambda: [r["status"] for r in api.get(LIST).json()["results"]]  # noqa: E731
    assert statuses() == ["suspended", "active"]
    assert statuses() == ["suspended", "active"]
    monkeypatch.setattr(timezone, "localdate", lambda *args: day + datetime.timedelta(days=1))
    assert statuses() == ["active", "active"]


def test_a_reader_of_another_scope_gets_their_own_page(collectives, api, units, commune_officer):
    CollectiveFactory(name="HTX Cao Lan", unit=units["06844"])
    assert names(api) == ["HTX An Bình", "HTX Bắc Sơn", "HTX Cao Lan"]
    assert names(token_client(commune_officer)) == ["HTX An Bình", "HTX Bắc Sơn"]  # Hoành Mô
    # A reader of Đồng Tâm: a scope of as many units, so a query of the same shape.
    dong_tam = make_user("viewer_dt", Role.VIEWER, units["06844"])
    assert names(token_client(dong_tam)) == ["HTX Cao Lan"]
    assert names(api) == ["HTX An Bình", "HTX Bắc Sơn", "HTX Cao Lan"]


def test_a_reader_whose_scope_changed_reads_the_new_scope(collectives, units, commune_officer):
    """Users are not data (their writes move no version): the scope is in the page's query."""
    CollectiveFactory(name="HTX Cao Lan", unit=units["06844"])
    api = token_client(commune_officer)
    assert names(api) == ["HTX An Bình", "HTX Bắc Sơn"]
    User.objects.filter(pk=commune_officer.pk).update(scope=units["06844"])  # Hoành Mô → Đồng Tâm
    assert names(api) == ["HTX Cao Lan"]
