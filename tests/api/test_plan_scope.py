"""A commune reads the district plan for its own commune, through the API as on the dashboard."""

from accounts.models import Role
from tests.api.conftest import token_client
from tests.conftest import make_user
from tests.factories import CollectiveFactory, PlanFactory, TargetFactory


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
