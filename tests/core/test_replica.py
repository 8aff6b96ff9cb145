"""The read replica (core.replica): the dashboard's and the API's reads go to it, writes and
the reads that follow a user's own write go to the primary.

The replica is the primary itself (TEST MIRROR, tests/conftest.py): what is tested is where
each query is sent, counted per connection.
"""

import pytest
from django.core.cache import cache
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cooperatives.models import AnnualReport
from core import replica
from core.replica import ReplicaRouter, is_pinned, pin_key
from tests.api.conftest import token_client
from tests.factories import AnnualReportFactory, CollectiveFactory, PlanFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


class Queries:
    """The queries each database received while the block ran."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica"]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    @staticmethod
    def _touching(context, table):
        return [q["sql"] for q in context.captured_queries if f'"{table}"' in q["sql"]]

    def on_primary(self, table):
        return self._touching(self.primary, table)

    def on_replica(self, table):
        return self._touching(self.replica, table)


@pytest.fixture
def report(units):
    return AnnualReportFactory(collective=CollectiveFactory(unit=units["06841"]), year=2022)


@pytest.fixture
def plan(district):
    return PlanFactory(unit=district, baseline_year=2021, target_year=2022)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_dashboard_reads_its_figures_from_the_replica_and_who_you_are_from_the_primary(report, plan, viewer):
    client = logged_in(viewer)
    with Queries() as queries:
        assert client.get(f"/reports/?plan={plan.code}&year=2022").status_code == 200
    assert queries.on_replica("cooperatives_annualreport")
    assert not queries.on_primary("cooperatives_annualreport")
    # The session and the user: on the primary, so a fresh log-in is found at once.
    assert queries.on_primary("django_session")
    assert queries.on_primary("accounts_user")
    assert not queries.on_replica("django_session")
    assert not [sql for sql in queries.on_replica("accounts_user") if 'FROM "accounts_user"' in sql]
    # The data version is read where the figures are (core.cache).
    assert queries.on_replica("core_dataversion")


def test_an_api_get_reads_from_the_replica_and_its_token_from_the_primary(report, viewer):
    api = token_client(viewer)
    with Queries() as queries:
        assert api.get("/api/v1/annual-reports/").status_code == 200
    assert queries.on_replica("cooperatives_annualreport")
    assert not queries.on_primary("cooperatives_annualreport")
    assert queries.on_primary("knox_authtoken")
    assert not queries.on_replica("knox_authtoken")


def test_a_write_goes_to_the_primary_and_the_writer_then_reads_from_the_primary(report, commune_officer, viewer):
    writer = token_client(commune_officer)
    with Queries() as queries:
        response = writer.patch(f"/api/v1/annual-reports/{report.pk}/", {"members": 50, "version": report.version},
                                format="json")
    assert response.status_code == 200
    assert [sql for sql in queries.on_primary("cooperatives_annualreport") if sql.startswith("UPDATE")]
    assert not queries.on_replica("cooperatives_annualreport")
    assert is_pinned(commune_officer.pk)

    # Read after the own write: the primary, through the same API client (no cookie kept).
    with Queries() as queries:
        body = writer.get(f"/api/v1/annual-reports/{report.pk}/").json()
    assert body["members"] == 50
    assert queries.on_primary("cooperatives_annualreport")
    assert not queries.on_replica("cooperatives_annualreport")

    # Another user is not pinned: the replica.
    with Queries() as queries:
        token_client(viewer).get(f"/api/v1/annual-reports/{report.pk}/")
    assert queries.on_replica("cooperatives_annualreport")


def test_a_page_write_pins_the_user_until_the_pin_ends(report, plan, commune_officer):
    client = logged_in(commune_officer)
    assert client.post("/i18n/setlang/", {"language": "vi", "next": "/"}).status_code == 302  # any non-safe request
    with Queries() as queries:
        client.get(f"/reports/?plan={plan.code}&year=2022&unit={report.collective.unit_id}")
    assert queries.on_primary("reports_plan")
    assert not queries.on_replica("reports_plan")

    cache.delete(pin_key(commune_officer.pk))  # REPLICA_PIN_SECONDS later
    with Queries() as queries:
        client.get(f"/reports/?plan={plan.code}&year=2022&unit={report.collective.unit_id}")
    assert queries.on_replica("reports_plan")
    assert not queries.on_primary("reports_plan")


def test_pages_outside_the_leadership_ones_read_from_the_primary(report, commune_officer):
    client = logged_in(commune_officer)
    with Queries() as queries:
        assert client.get(f"/registry/{report.collective_id}/").status_code == 200
    assert queries.on_primary("cooperatives_annualreport")
    assert not queries.replica.captured_queries


def test_the_router_keeps_writes_and_transactions_on_the_primary(rf, viewer):
    router = ReplicaRouter()
    assert router.db_for_write(AnnualReport) == "default"
    assert router.allow_migrate("replica", "cooperatives") is False
    request = rf.get("/reports/")
    request.user = viewer
    token = replica._reads.set(replica._Reads(request))
    try:
        assert router.db_for_read(AnnualReport) == "replica"
        with transaction.atomic():
            assert router.db_for_read(AnnualReport) == "default"
    finally:
        replica._reads.reset(token)
    assert router.db_for_read(AnnualReport) == "default"  # outside a request
