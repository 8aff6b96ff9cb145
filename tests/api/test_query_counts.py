"""Every list answers in a fixed number of queries: the same for 1 row and for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    ManagementRoleFactory,
    MembershipFactory,
    OcopRatingFactory,
    PersonFactory,
    PlanFactory,
    TargetFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)
from units.models import UnitStatistic


def _rows(resource: str, n: int, units):
    commune = units["06841"]
    for _i in range(n):
        if resource == "collectives":
            CollectiveFactory(unit=commune)
        elif resource == "annual-reports":
            AnnualReportFactory(collective=CollectiveFactory(unit=commune))
        elif resource == "people":
            PersonFactory(unit=commune)
        elif resource == "memberships":
            MembershipFactory(collective=CollectiveFactory(unit=commune))
        elif resource == "management-roles":
            ManagementRoleFactory(collective=CollectiveFactory(unit=commune))
        elif resource == "trainings":
            TrainingCourseFactory(unit=commune).attendees.add(PersonFactory(unit=commune))
        elif resource == "trade-events":
            TradeEventFactory(unit=commune).participants.add(CollectiveFactory(unit=commune))
        elif resource == "ocop/products" or resource == "ocop/ratings":
            OcopRatingFactory(product__producer=CollectiveFactory(unit=commune))
        elif resource == "statistics":
            UnitStatisticFactory(year=1990 + UnitStatistic.objects.count())
        elif resource == "plans":
            TargetFactory(plan=PlanFactory(unit=units["198"]))


RESOURCES = ["collectives", "annual-reports", "people", "memberships", "management-roles", "trainings",
             "trade-events", "ocop/products", "ocop/ratings", "statistics", "plans", "units"]


def _count(client, url: str, expected_rows: int | None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    if expected_rows is not None:
        assert len(response.json()["results"]) == expected_rows
    return len(ctx.captured_queries)


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_query_count_does_not_grow_with_rows(as_officer, units, resource, django_assert_num_queries):
    url = f"/api/v1/{resource}/?page_size=100"
    _rows(resource, 1, units)
    one = _count(as_officer, url, None if resource == "units" else 1)
    _rows(resource, 49, units)
    # Token lookup, scope ids (units + successions), count, page, and one per prefetch:
    # pinned to the one-row count, so a per-row query anywhere fails here.
    with django_assert_num_queries(one):
        response = as_officer.get(url)
    if resource != "units":
        assert len(response.json()["results"]) == 50
