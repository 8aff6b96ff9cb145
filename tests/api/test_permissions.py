"""Roles × scopes × read/write on every resource, with the exact status code (api.md):

- a viewer reads in scope and writes nothing (403);
- an officer reads and writes in scope; registry records outside it are 404 to read or
  change, and writing one into another scope is 403;
- an admin does everything; units and plans are written by admins only (403 otherwise).
"""

import datetime

import pytest

from tests.api.conftest import token_client
from tests.conftest import make_user
from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    ManagementRoleFactory,
    MembershipFactory,
    OcopProductFactory,
    OcopRatingFactory,
    PersonFactory,
    PlanFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)
from units.models import AdministrativeUnit


def _make(resource: str, commune: AdministrativeUnit):
    """One record of `resource` located in `commune`, and a valid body to create another there."""
    district = commune.parent
    if resource == "collectives":
        return CollectiveFactory(unit=commune), {
            "kind": "htx", "name": "HTX Mới", "unit": commune.code, "established_on": "2020-01-01"}
    if resource == "annual-reports":
        collective = CollectiveFactory(unit=commune)
        return AnnualReportFactory(collective=collective, year=2021), {"collective": collective.pk, "year": 2022}
    if resource == "people":
        return PersonFactory(unit=commune), {"full_name": "Lý Thị Mới", "unit": commune.code}
    if resource == "memberships":
        person, collective = PersonFactory(unit=commune), CollectiveFactory(unit=commune)
        return MembershipFactory(person=person, collective=collective, joined_on=datetime.date(2019, 1, 1),
                                 left_on=datetime.date(2019, 12, 31)), {
            "person": person.pk, "collective": collective.pk, "joined_on": "2020-01-01"}
    if resource == "management-roles":
        person, collective = PersonFactory(unit=commune), CollectiveFactory(unit=commune)
        return ManagementRoleFactory(person=person, collective=collective, role="director",
                                     started_on=datetime.date(2019, 1, 1)), {
            "person": person.pk, "collective": collective.pk, "role": "chief_accountant",
            "started_on": "2020-01-01"}
    if resource == "trainings":
        return TrainingCourseFactory(unit=commune), {"title": "Lớp mới", "held_on": "2022-05-01",
                                                     "unit": commune.code}
    if resource == "trade-events":
        return TradeEventFactory(unit=commune), {"name": "Hội chợ mới", "held_on": "2022-05-01",
                                                 "unit": commune.code}
    if resource == "ocop/products":
        collective = CollectiveFactory(unit=commune)
        return OcopProductFactory(producer=collective), {"name": "Mật ong", "group": "food",
                                                         "producer": collective.pk, "registered_on": "2021-01-01"}
    if resource == "ocop/ratings":
        product = OcopProductFactory(producer=CollectiveFactory(unit=commune))
        return OcopRatingFactory(product=product), {"product": product.pk, "stars": 4, "decision_number": "9/QĐ",
                                                    "decided_on": "2022-01-10"}
    if resource == "statistics":
        return UnitStatisticFactory(unit=district, year=2021), {"unit": district.code, "year": 2022,
                                                                "domestic_budget_revenue": 5}
    if resource == "plans":
        return PlanFactory(unit=district), {"code": "new-plan", "title": "Mới", "unit": district.code,
                                            "baseline_year": 2022, "target_year": 2023}
    if resource == "units":
        unit = AdministrativeUnit.objects.create(code=f"T-{commune.code}", name="Thôn thử", level="commune",
                                                 parent=district)
        return unit, {"code": f"NEW-{commune.code}", "name": "Xã mới", "level": "commune",
                      "parent": district.code}
    raise AssertionError(resource)


REGISTRY = ["collectives", "annual-reports", "people", "memberships", "management-roles", "trainings",
            "trade-events", "ocop/products", "ocop/ratings", "statistics"]
ADMIN_ONLY = ["plans", "units"]
PATCH = {"collectives": {"phone": "0203"}, "annual-reports": {"members": 12}, "people": {"phone": "09"},
         "memberships": {"capital_contribution": 5}, "management-roles": {"ended_on": "2022-12-31"},
         "trainings": {"organizer": "UBND"}, "trade-events": {"location": "Hạ Long"},
         "ocop/products": {"category": "mật ong"}, "ocop/ratings": {"issuer": "UBND tỉnh"},
         "statistics": {"collective_sector_product": 7}, "plans": {"title": "Sửa"}, "units": {"name": "Sửa"}}


def _detail(resource: str, record) -> str:
    key = record.code if resource == "plans" else record.pk
    return f"/api/v1/{resource}/{key}/"


@pytest.fixture
def users(units, other_commune):
    return {
        "viewer": make_user("v", "viewer", units["198"]),
        "officer": make_user("o", "officer", units["198"]),
        "admin": make_user("a", "admin", None),
    }


# role, where, expected (read, update, create, delete)
REGISTRY_MATRIX = [
    ("viewer", "in", 200, 403, 403, 403),
    ("viewer", "out", 404, 403, 403, 403),
    ("officer", "in", 200, 200, 201, 204),
    ("officer", "out", 404, 404, 403, 404),
    ("admin", "in", 200, 200, 201, 204),
    ("admin", "out", 200, 200, 201, 204),
]
ADMIN_MATRIX = [
    ("viewer", "in", 200, 403, 403, 403),
    ("viewer", "out", 404, 403, 403, 403),
    ("officer", "in", 200, 403, 403, 403),
    ("officer", "out", 404, 403, 403, 403),
    ("admin", "in", 200, 200, 201, 204),
    ("admin", "out", 200, 200, 201, 204),
]
CASES = [(r, *row) for r in REGISTRY for row in REGISTRY_MATRIX] + [
    (r, *row) for r in ADMIN_ONLY for row in ADMIN_MATRIX]


@pytest.mark.parametrize(("resource", "role", "where", "read", "update", "create", "delete"), CASES)
def test_permission_matrix(users, units, other_commune, resource, role, where, read, update, create, delete):
    commune = units["06841"] if where == "in" else other_commune
    record, body = _make(resource, commune)
    client = token_client(users[role])
    url = _detail(resource, record)

    assert client.get(url).status_code == read
    listed = client.get(f"/api/v1/{resource}/?page_size=500").json()
    if read == 200:
        assert record.pk in [row["id"] for row in listed["results"]]
    elif "results" in listed:
        assert record.pk not in [row["id"] for row in listed["results"]]

    response = client.patch(url, {**PATCH[resource], "version": record.version}, format="json")
    assert response.status_code == update, response.content
    response = client.post(f"/api/v1/{resource}/", body, format="json")
    assert response.status_code == create, response.content
    if resource == "units":  # a unit others point to cannot go; delete a bare one
        record = AdministrativeUnit.objects.create(code=f"D-{commune.code}", name="Xoá", level="commune",
                                                   parent=commune.parent)
        url = _detail(resource, record)
    assert client.delete(url).status_code == delete


def test_anonymous_gets_401_everywhere_but_schema_and_docs(anon, units):
    for path in ["units/", "collectives/", "annual-reports/", "people/", "memberships/", "management-roles/",
                 "trainings/", "trade-events/", "ocop/products/", "ocop/ratings/", "statistics/", "indicators/",
                 "plans/", "indicators/htx_new/values/"]:
        response = anon.get(f"/api/v1/{path}")
        assert response.status_code == 401, path
        assert response["WWW-Authenticate"].startswith("Token")
    assert anon.post("/api/v1/collectives/", {}, format="json").status_code == 401
    assert anon.get("/api/v1/schema/").status_code == 200


def test_officer_cannot_write_a_report_into_another_district(users, units, other_commune):
    foreign = CollectiveFactory(unit=other_commune)
    client = token_client(users["officer"])
    response = client.post("/api/v1/annual-reports/", {"collective": foreign.pk, "year": 2022}, format="json")
    assert response.status_code == 403
    assert not foreign.annual_reports.exists()


def test_officer_cannot_move_a_collective_to_another_district(users, units, other_commune):
    mine = CollectiveFactory(unit=units["06841"])
    client = token_client(users["officer"])
    response = client.patch(f"/api/v1/collectives/{mine.pk}/", {"unit": other_commune.code, "version": 1},
                            format="json")
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.unit == units["06841"]
    assert mine.version == 1


def test_commune_officer_sees_only_their_commune(commune_officer, units):
    mine, theirs = CollectiveFactory(unit=units["06841"]), CollectiveFactory(unit=units["06856"])
    client = token_client(commune_officer)
    ids = [row["id"] for row in client.get("/api/v1/collectives/").json()["results"]]
    assert ids == [mine.pk]
    assert client.get(f"/api/v1/collectives/{theirs.pk}/").status_code == 404


def test_superuser_is_a_national_admin(superuser, units, other_commune):
    CollectiveFactory(unit=other_commune)
    client = token_client(superuser)
    assert client.get("/api/v1/collectives/").json()["count"] == 1
    response = client.post("/api/v1/plans/", {"code": "su", "title": "T", "unit": "198", "baseline_year": 2022,
                                              "target_year": 2023}, format="json")
    assert response.status_code == 201


def test_plan_results_for_a_unit_outside_scope_is_404(users, units, other_commune):
    plan = PlanFactory(unit=units["22"])
    admin = token_client(users["admin"])
    assert admin.get(f"/api/v1/plans/{plan.code}/results/?unit={other_commune.code}").status_code == 200
    officer = token_client(users["officer"])
    # The province plan is read for the officer's own district (as on the dashboard), never
    # for the province as a whole.
    own = officer.get(f"/api/v1/plans/{plan.code}/results/")
    assert own.status_code == 200
    assert own.json()["unit"] == "198"
    assert officer.get(f"/api/v1/plans/{plan.code}/results/?unit=22").status_code == 404
    district_plan = PlanFactory(unit=units["198"])
    assert officer.get(f"/api/v1/plans/{district_plan.code}/results/?unit={other_commune.code}").status_code == 404
    assert officer.get(f"/api/v1/plans/{district_plan.code}/results/?unit=06841").status_code == 200
    assert officer.get(f"/api/v1/indicators/htx_new/values/?unit={other_commune.code}").status_code == 404
    assert officer.get("/api/v1/indicators/htx_new/values/?unit=06841").status_code == 200


def test_errors_stay_json_when_a_spreadsheet_is_asked_for(users, units):
    plan = PlanFactory(unit=units["198"])
    client = token_client(users["officer"])
    response = client.get(f"/api/v1/plans/{plan.code}/results/?format=csv&unit=NOPE")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert client.get(f"/api/v1/plans/{plan.code}/results/?format=xlsx&year=1800").json()["year"]


def test_a_browser_gets_json_not_forms_listing_other_scopes(client, officer, units, other_commune):
    # The browsable API's forms would offer every collective of the country in a dropdown.
    CollectiveFactory(unit=other_commune, name="HTX Ngoài Phạm Vi")
    client.force_login(officer)
    response = client.get("/api/v1/collectives/",
                          HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "Ngoài Phạm Vi" not in response.content.decode()
