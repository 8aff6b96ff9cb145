"""Each resource: create, read, update, every filter of api.md, and each integrity rule
answered 400 with the field named (and nothing written)."""

import datetime

import pytest

from cooperatives.models import AnnualReport, Collective
from core.validation import today
from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    ManagementRoleFactory,
    OcopProductFactory,
    OcopRatingFactory,
    PersonFactory,
    PlanFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_collective_create_read_update(as_officer, units):
    body = {"kind": "htx", "registration_code": "5701000001", "name": "Hợp tác xã Miến dong Húc Động",
            "unit": "06859", "sector": "agriculture", "established_on": "2019-04-01", "charter_capital": 500_000_000}
    created = as_officer.post("/api/v1/collectives/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["unit"] == "06859"
    assert data["status"] == "active"
    assert data["version"] == 1
    url = f"/api/v1/collectives/{data['id']}/"
    assert as_officer.get(url).json()["name"] == body["name"]
    put = as_officer.put(url, {**body, "phone": "0203 3878 111", "version": 1}, format="json")
    assert put.status_code == 200
    assert put.json()["version"] == 2
    dissolved = as_officer.patch(url, {"dissolved_on": "2022-06-30", "dissolution_decision": "12/QĐ-UBND",
                                       "dissolution_kind": "voluntary", "version": 2}, format="json")
    assert dissolved.status_code == 200, dissolved.content
    assert dissolved.json()["status"] == "dissolved"


def test_collective_filters_and_search(as_viewer, units):
    a = CollectiveFactory(unit=units["06841"], kind="htx", sector="agriculture", name="Hợp tác xã Miến dong Bình Liêu",
                          established_on=datetime.date(2019, 5, 1))
    b = CollectiveFactory(unit=units["06856"], kind="tht", sector="tourism", name="Tổ hợp tác Du lịch Khe Vằn",
                          established_on=datetime.date(2021, 5, 1), dissolved_on=datetime.date(2022, 5, 1))
    base = "/api/v1/collectives/"
    assert ids(as_viewer.get(base + "?kind=tht")) == {b.pk}
    assert ids(as_viewer.get(base + "?unit=06841")) == {a.pk}
    assert ids(as_viewer.get(base + "?within=198")) == {a.pk, b.pk}
    assert ids(as_viewer.get(base + "?within=N10533")) == {b.pk}  # Lục Hồn's 2025 successor
    assert ids(as_viewer.get(base + "?sector=tourism")) == {b.pk}
    assert ids(as_viewer.get(base + "?status=dissolved")) == {b.pk}
    assert ids(as_viewer.get(base + "?status=active")) == {a.pk}
    assert ids(as_viewer.get(base + "?active_on=2022-12-31")) == {a.pk}
    assert ids(as_viewer.get(base + "?established_year=2021")) == {b.pk}
    assert ids(as_viewer.get(base + "?search=hop tac xa mien dong")) == {a.pk}
    assert ids(as_viewer.get(base + "?search=KHE VAN")) == {b.pk}
    names = [r["name"] for r in as_viewer.get(base + "?ordering=-established_on").json()["results"]]
    assert names == [b.name, a.name]
    page = as_viewer.get(base + "?page_size=1&page=2").json()
    assert page["count"] == 2
    assert len(page["results"]) == 1
    assert page["previous"]
    assert as_viewer.get(base + "?within=NO-SUCH").status_code == 400


def test_annual_report_people_and_dated_links(as_officer, units):
    htx = CollectiveFactory(unit=units["06841"], established_on=datetime.date(2015, 1, 1))
    tht = CollectiveFactory(unit=units["06856"], kind="tht", established_on=datetime.date(2015, 1, 1))
    report = as_officer.post("/api/v1/annual-reports/", {
        "collective": htx.pk, "year": 2022, "members": 12, "regular_workers": 5, "revenue": 2_000_000_000,
        "profit": 150_000_000, "classification": "good", "value_chain": True}, format="json")
    assert report.status_code == 201, report.content
    other = AnnualReportFactory(collective=tht, year=2021)
    base = "/api/v1/annual-reports/"
    assert ids(as_officer.get(base + f"?collective={htx.pk}")) == {report.json()["id"]}
    assert ids(as_officer.get(base + "?year=2021")) == {other.pk}
    assert ids(as_officer.get(base + "?within=06856")) == {other.pk}
    assert ids(as_officer.get(base + "?classification=good")) == {report.json()["id"]}
    assert ids(as_officer.get(base + "?kind=tht")) == {other.pk}

    person = as_officer.post("/api/v1/people/", {"full_name": "Hoàng Thị Lan", "gender": "female",
                                                  "ethnicity": "02", "birth_year": 1985, "education": "college",
                                                  "unit": "06841"}, format="json")
    assert person.status_code == 201, person.content
    pid = person.json()["id"]
    PersonFactory(unit=units["06856"], education="none")
    assert ids(as_officer.get("/api/v1/people/?education=college")) == {pid}
    assert ids(as_officer.get("/api/v1/people/?within=06841")) == {pid}
    assert ids(as_officer.get("/api/v1/people/?search=hoang thi lan")) == {pid}

    member = as_officer.post("/api/v1/memberships/", {"person": pid, "collective": htx.pk, "joined_on": "2020-01-01",
                                                      "left_on": "2021-06-30", "capital_contribution": 10_000_000},
                             format="json")
    assert member.status_code == 201, member.content
    assert ids(as_officer.get(f"/api/v1/memberships/?person={pid}")) == {member.json()["id"]}
    assert ids(as_officer.get(f"/api/v1/memberships/?collective={htx.pk}")) == {member.json()["id"]}
    assert ids(as_officer.get("/api/v1/memberships/?active_on=2021-01-01")) == {member.json()["id"]}
    assert ids(as_officer.get("/api/v1/memberships/?active_on=2022-01-01")) == set()

    role = as_officer.post("/api/v1/management-roles/", {"person": pid, "collective": htx.pk, "role": "director",
                                                         "started_on": "2020-01-01"}, format="json")
    assert role.status_code == 201, role.content
    ManagementRoleFactory(collective=tht, role="group_leader", started_on=datetime.date(2021, 1, 1))
    assert ids(as_officer.get("/api/v1/management-roles/?role=director")) == {role.json()["id"]}
    assert ids(as_officer.get(f"/api/v1/management-roles/?person={pid}")) == {role.json()["id"]}
    assert ids(as_officer.get(f"/api/v1/management-roles/?collective={htx.pk}")) == {role.json()["id"]}
    assert len(ids(as_officer.get("/api/v1/management-roles/?active_on=2021-06-01"))) == 2
    patched = as_officer.patch(f"/api/v1/management-roles/{role.json()['id']}/",
                               {"ended_on": "2022-12-31", "version": 1}, format="json")
    assert patched.status_code == 200
    assert patched.json()["ended_on"] == "2022-12-31"


def test_trainings_events_products_ratings_statistics(as_officer, units):
    person = PersonFactory(unit=units["06841"])
    course = as_officer.post("/api/v1/trainings/", {"title": "Tập huấn quản trị HTX", "held_on": "2022-08-01",
                                                    "unit": "198", "attendees": [person.pk], "extra_attendees": 20},
                             format="json")
    assert course.status_code == 201
    assert course.json()["attendees"] == [person.pk]
    old = TrainingCourseFactory(unit=units["06856"], held_on=datetime.date(2021, 3, 1))
    assert ids(as_officer.get("/api/v1/trainings/?year=2022")) == {course.json()["id"]}
    assert ids(as_officer.get("/api/v1/trainings/?within=06856")) == {old.pk}

    htx = CollectiveFactory(unit=units["06856"])
    event = as_officer.post("/api/v1/trade-events/", {"name": "Hội chợ OCOP Quảng Ninh", "held_on": "2022-10-01",
                                                      "kind": "ocop_fair", "unit": "198", "participants": [htx.pk]},
                            format="json")
    assert event.status_code == 201, event.content
    TradeEventFactory(unit=units["06841"], held_on=datetime.date(2021, 4, 1))
    assert ids(as_officer.get("/api/v1/trade-events/?year=2022")) == {event.json()["id"]}
    # Recorded by the district, but a Lục Hồn collective took part: Lục Hồn sees it.
    assert ids(as_officer.get("/api/v1/trade-events/?within=06856")) == {event.json()["id"]}

    product = as_officer.post("/api/v1/ocop/products/", {"name": "Miến dong Bình Liêu", "group": "food",
                                                         "producer": htx.pk, "registered_on": "2020-01-01"},
                              format="json")
    assert product.status_code == 201, product.content
    assert product.json()["unit"] == "06856"
    assert product.json()["current_stars"] is None
    household = OcopProductFactory(producer=None, producer_kind="household", producer_name="Hộ Lý Văn A", name="Nước lọc",
                                   unit=units["06841"], group="beverages")
    rating = as_officer.post("/api/v1/ocop/ratings/", {"product": product.json()["id"], "stars": 4, "score": 75,
                                                       "decision_number": "123/QĐ-UBND",
                                                       "decided_on": str(today() - datetime.timedelta(days=30))},
                             format="json")
    assert rating.status_code == 201, rating.content
    assert rating.json()["valid_until"]  # 36 months by default
    pid = product.json()["id"]
    assert as_officer.get(f"/api/v1/ocop/products/{pid}/").json()["current_stars"] == 4
    assert ids(as_officer.get("/api/v1/ocop/products/?stars=4")) == {pid}
    assert ids(as_officer.get("/api/v1/ocop/products/?group=beverages")) == {household.pk}
    assert ids(as_officer.get(f"/api/v1/ocop/products/?producer={htx.pk}")) == {pid}
    assert ids(as_officer.get("/api/v1/ocop/products/?within=06841")) == {household.pk}
    assert ids(as_officer.get("/api/v1/ocop/products/?search=mien dong")) == {pid}
    OcopRatingFactory(product=household, stars=3, decided_on=datetime.date(2021, 6, 1))
    assert ids(as_officer.get(f"/api/v1/ocop/ratings/?product={pid}")) == {rating.json()["id"]}
    assert ids(as_officer.get("/api/v1/ocop/ratings/?stars=3")) == {household.ratings.get().pk}
    assert ids(as_officer.get("/api/v1/ocop/ratings/?year=2021")) == {household.ratings.get().pk}

    stat = as_officer.post("/api/v1/statistics/", {"unit": "198", "year": 2022,
                                                   "domestic_budget_revenue": 120_000_000_000,
                                                   "collective_sector_product": 1_300_000_000}, format="json")
    assert stat.status_code == 201
    assert stat.json()["entered_by"] == "officer1"
    UnitStatisticFactory(year=2021)
    assert ids(as_officer.get("/api/v1/statistics/?year=2022")) == {stat.json()["id"]}
    assert len(ids(as_officer.get("/api/v1/statistics/?unit=198"))) == 2


def test_units_and_plans(as_admin, units):
    created = as_admin.post("/api/v1/units/", {"code": "99999", "name": "Xã Thử", "level": "commune",
                                               "parent": "198", "valid_until": "2025-06-30",
                                               "successor": "N13861"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["successor"] == "N13861"
    assert "99999" in {u["code"] for u in as_admin.get("/api/v1/units/?within=N13861&page_size=500").json()["results"]}
    assert {u["code"] for u in as_admin.get("/api/v1/units/?level=district").json()["results"]} == {"198"}
    assert len(as_admin.get("/api/v1/units/?parent=198&page_size=500").json()["results"]) == 9
    assert [u["code"] for u in as_admin.get("/api/v1/units/?search=hoanh mo").json()["results"]] == ["06841", "N10277"]
    moved = as_admin.patch(f"/api/v1/units/{created.json()['id']}/", {"successor": None, "version": 1}, format="json")
    assert moved.status_code == 200
    assert moved.json()["successor"] is None

    plan = as_admin.post("/api/v1/plans/", {
        "code": "binh-lieu-2023", "title": "Kế hoạch 2023", "unit": "198", "baseline_year": 2022, "target_year": 2023,
        "targets": [{"indicator": "htx_new", "comparator": "at_least", "low": 3},
                    {"indicator": "trade_events", "comparator": "between", "low": 5, "high": 6}]}, format="json")
    assert plan.status_code == 201, plan.content
    assert [t["indicator"] for t in plan.json()["targets"]] == ["htx_new", "trade_events"]
    replaced = as_admin.patch("/api/v1/plans/binh-lieu-2023/", {
        "version": 1, "targets": [{"indicator": "tht_new", "comparator": "at_least", "low": 1}]}, format="json")
    assert replaced.status_code == 200
    assert [t["indicator"] for t in replaced.json()["targets"]] == ["tht_new"]
    PlanFactory(code="other", unit=units["22"], target_year=2025, baseline_year=2024)
    assert {p["code"] for p in as_admin.get("/api/v1/plans/?unit=198").json()["results"]} == {"binh-lieu-2023"}
    assert {p["code"] for p in as_admin.get("/api/v1/plans/?target_year=2025").json()["results"]} == {"other"}
    indicators = as_admin.get("/api/v1/indicators/?page_size=100").json()
    assert indicators["count"] == 23
    assert indicators["results"][0]["code"] == "htx_new"


def _collective(units):
    return CollectiveFactory(unit=units["06841"], registration_code="5701999999",
                             established_on=datetime.date(2018, 1, 1))


# resource, body builder, field the 400 must name
INVALID = [
    ("collectives", lambda c: {"kind": "htx", "name": "Trùng mã", "unit": "06841", "established_on": "2019-01-01",
                               "registration_code": c.registration_code}, "registration_code"),
    ("collectives", lambda c: {"kind": "htx", "name": "Giải thể sớm", "unit": "06841", "established_on": "2019-01-01",
                               "dissolved_on": "2018-01-01"}, "dissolved_on"),
    ("collectives", lambda c: {"kind": "htx", "name": "Vốn âm", "unit": "06841", "established_on": "2019-01-01",
                               "charter_capital": -1}, "charter_capital"),
    ("collectives", lambda c: {"kind": "htx", "name": "Cấp huyện", "unit": "198", "established_on": "2019-01-01"},
     "unit"),
    ("annual-reports", lambda c: {"collective": c.pk, "year": 2021}, "year"),  # already reported
    ("annual-reports", lambda c: {"collective": c.pk, "year": 1989}, "year"),
    ("annual-reports", lambda c: {"collective": c.pk, "year": today().year + 2}, "year"),
    ("annual-reports", lambda c: {"collective": c.pk, "year": 2022, "revenue": -5}, "revenue"),
    ("annual-reports", lambda c: {"collective": c.pk, "year": 2022, "members": -1}, "members"),
    ("memberships", lambda c: {"person": c.person.pk, "collective": c.pk, "joined_on": "2020-05-01",
                               "left_on": "2020-01-01"}, "left_on"),
    ("management-roles", lambda c: {"person": c.person.pk, "collective": c.pk, "role": "director",
                                    "started_on": "2020-05-01", "ended_on": "2020-01-01"}, "ended_on"),
    ("ocop/ratings", lambda c: {"product": c.product.pk, "stars": 6, "decision_number": "1",
                                "decided_on": "2021-01-01"}, "stars"),
    ("ocop/ratings", lambda c: {"product": c.product.pk, "stars": 0, "decision_number": "1",
                                "decided_on": "2021-01-01"}, "stars"),
    ("ocop/ratings", lambda c: {"product": c.product.pk, "stars": 3, "decision_number": "1",
                                "decided_on": "2021-01-01", "valid_until": "2021-01-01"}, "valid_until"),
    ("statistics", lambda c: {"unit": "198", "year": 2022, "domestic_budget_revenue": -1}, "domestic_budget_revenue"),
    ("people", lambda c: {"full_name": "", "unit": "06841"}, "full_name"),
]


@pytest.mark.parametrize(("resource", "body", "field"), INVALID, ids=[f"{r}-{f}" for r, _b, f in INVALID])
def test_invalid_input_is_400_naming_the_field(as_officer, units, resource, body, field):
    collective = _collective(units)
    AnnualReportFactory(collective=collective, year=2021)
    collective.person = PersonFactory(unit=units["06841"])
    collective.product = OcopProductFactory(producer=collective)
    before = (Collective.objects.count(), AnnualReport.objects.count())
    response = as_officer.post(f"/api/v1/{resource}/", body(collective), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert (Collective.objects.count(), AnnualReport.objects.count()) == before


def test_plan_with_an_unknown_or_repeated_indicator_is_400_and_writes_nothing(as_admin, units):
    response = as_admin.post("/api/v1/plans/", {
        "code": "p", "title": "T", "unit": "198", "baseline_year": 2022, "target_year": 2023,
        "targets": [{"indicator": "htx_new", "comparator": "at_least", "low": 3},
                    {"indicator": "htx_new", "comparator": "at_least", "low": 2},
                    {"indicator": "trade_events", "comparator": "between", "low": 6, "high": 5}]}, format="json")
    assert response.status_code == 400
    errors = response.json()["targets"]
    assert errors[0] == {}
    assert "indicator" in errors[1]
    assert "high" in errors[2]
    assert as_admin.get("/api/v1/plans/p/").status_code == 404
    bad_code = as_admin.post("/api/v1/plans/", {"code": "q", "title": "T", "unit": "198", "baseline_year": 2022,
                                                "target_year": 2023, "targets": [{"indicator": "nope",
                                                                                  "comparator": "at_least", "low": 1}]},
                             format="json")
    assert bad_code.status_code == 400
    assert "targets" in bad_code.json()
    backwards = as_admin.post("/api/v1/plans/", {"code": "r", "title": "T", "unit": "198", "baseline_year": 2023,
                                                 "target_year": 2022}, format="json")
    assert backwards.status_code == 400
    assert "target_year" in backwards.json()


def test_token_endpoint(anon, officer):
    bad = anon.post("/api/v1/auth/token/", {"username": "officer1", "password": "wrong"}, format="json")
    assert bad.status_code == 400
    assert "non_field_errors" in bad.json()
    good = anon.post("/api/v1/auth/token/", {"username": "officer1", "password": "pw-officer1-2023!"}, format="json")
    assert good.status_code == 200
    token = good.json()["token"]
    anon.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert anon.get("/api/v1/collectives/").status_code == 200


def test_session_login_works_too(client, officer):
    client.force_login(officer)
    assert client.get("/api/v1/collectives/").status_code == 200


def test_page_size_is_capped_at_500(as_viewer, units):
    assert as_viewer.get("/api/v1/units/?page_size=100000").status_code == 200


def test_a_database_integrity_error_is_a_400_not_a_500(as_officer, units, monkeypatch):
    # Model validation checks every constraint first; this is the last resort for two
    # requests racing past it.
    from django.db import IntegrityError

    from cooperatives.api.views import CollectiveViewSet

    def racing(self, *, data, m2m):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(CollectiveViewSet, "service_create", racing)
    response = as_officer.post("/api/v1/collectives/", {"kind": "htx", "name": "HTX", "unit": "06841",
                                                         "established_on": "2020-01-01"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
