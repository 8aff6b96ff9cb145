"""A commune reads the district plan for its own commune, through the API as on the dashboard."""

import pytest

from accounts.models import Role
from tests.api.conftest import token_client
from tests.conftest import make_user
from tests.factories import CollectiveFactory, PlanFactory, TargetFactory
from units.models import AdministrativeUnit


def test_a_commune_viewer_reads_the_district_plan_for_its_commune_only(units, district):
    # Given a district plan and one new HTX in each of two communes in 2023
    plan = PlanFactory(unit=district, code="bl-2023")
    TargetFactory(plan=plan, indicator="htx_new", comparator="at_least", low=1)
    CollectiveFactory(unit=units["06841"], established_on="2023-03-01")
    CollectiveFactory(unit=units["06856"], established_on="2023-04-01")
    viewer = token_client(make_user("viewer_hm", Role.VIEWER, units["06841"]))

    # When the Hoành Mô viewer asks for the plan's results without naming a unit
    listed = viewer.get("/api/v1/plans/").json()
    response = viewer.get("/api/v1/plans/bl-2023/results/")

    # Then the plan is listed, the results are for Hoành Mô (1 new HTX, not the district's 2)…
    assert [p["code"] for p in listed["results"]] == ["bl-2023"]
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == "06841"
    assert next(r for r in body["results"] if r["indicator"] == "htx_new")["value"] == 1
    # …and the district, or another commune, stays out of reach (404, as for a missing unit).
    assert viewer.get("/api/v1/plans/bl-2023/results/?unit=198").status_code == 404
    assert viewer.get("/api/v1/plans/bl-2023/results/?unit=06856").status_code == 404
    # Plans stay admin-only to write.
    assert viewer.patch("/api/v1/plans/bl-2023/", {"title": "x", "version": 1}, format="json").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_plans_a_commune_reads_follow_the_unit_tree_at_once(units, district, other_commune):
    """The units containing a scope are kept under the data version (units.ancestor_ids):
    a commune moved to another district reads that district's plan on the next request."""
    PlanFactory(unit=district, code="bl-2023")
    PlanFactory(unit=other_commune.parent, code="khac-2023")
    viewer = token_client(make_user("viewer_hm", Role.VIEWER, units["06841"]))
    codes = lambda: [p["code"] for p in viewer.get("/api/v1/plans/").json()["results"]]  # noqa: E731
    assert codes() == ["bl-2023"]
    assert codes() == ["bl-2023"]
    AdministrativeUnit.objects.filter(pk=units["06841"].pk).update(parent=other_commune.parent)
    assert codes() == ["khac-2023"]
    assert viewer.get("/api/v1/plans/bl-2023/results/").status_code == 404
    assert viewer.get("/api/v1/plans/khac-2023/results/").status_code == 200
