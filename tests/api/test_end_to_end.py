"""An outside client's script, using only HTTP: get a token, build a small district from
nothing, and read its plan results in JSON, CSV and Excel. Expected values are worked out
by hand in the comments from the records the script creates."""

import csv
import io

import openpyxl
import pytest
from rest_framework.test import APIClient

from accounts.models import Role, User


@pytest.fixture
def client(db):
    User.objects.create_user(username="analyst", password="s3cret-pass-2023", role=Role.ADMIN)
    http = APIClient()
    token = http.post("/api/v1/auth/token/", {"username": "analyst", "password": "s3cret-pass-2023"},
                      format="json").json()["token"]
    http.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return http


def post(client, path, body):
    response = client.post(f"/api/v1/{path}/", body, format="json")
    assert response.status_code == 201, (path, response.content)
    return response.json()


def test_build_a_district_and_read_its_plan_results(client):
    # Units: a province, a district and two communes.
    post(client, "units", {"code": "P1", "name": "Tỉnh Thử", "level": "province"})
    post(client, "units", {"code": "D1", "name": "Huyện Thử", "level": "district", "parent": "P1"})
    post(client, "units", {"code": "C1", "name": "Xã Một", "level": "commune", "parent": "D1"})
    post(client, "units", {"code": "C2", "name": "Xã Hai", "level": "commune", "parent": "D1"})

    def collective(name, kind, unit, established, code=None):
        return post(client, "collectives", {"kind": kind, "name": name, "unit": unit, "established_on": established,
                                            "registration_code": code})["id"]

    a = collective("HTX Một", "htx", "C1", "2018-03-01", "A-1")
    e = collective("HTX Năm", "htx", "C2", "2015-01-01", "E-5")
    b = collective("HTX Hai", "htx", "C2", "2023-02-01", "B-2")
    collective("HTX Ba", "htx", "C1", "2023-05-10", "C-3")
    collective("THT Bốn", "tht", "C2", "2023-03-01")
    # E is dissolved in August 2023.
    dissolved = client.patch(f"/api/v1/collectives/{e}/", {"dissolved_on": "2023-08-01", "version": 1,
                                                            "dissolution_decision": "5/QĐ",
                                                            "dissolution_kind": "voluntary"}, format="json")
    assert dissolved.status_code == 200, dissolved.content

    def report(collective_id, year, members, workers, revenue, profit, classification="unrated", **extra):
        post(client, "annual-reports", {"collective": collective_id, "year": year, "members": members,
                                        "regular_workers": workers, "revenue": revenue, "profit": profit,
                                        "classification": classification, **extra})

    report(a, 2022, 10, 5, 1_000_000_000, 100_000_000, "good", value_chain=True)
    report(e, 2022, 8, 2, 500_000_000, 50_000_000, "average")
    report(a, 2023, 12, 6, 1_300_000_000, 180_000_000, "good", value_chain=True)
    report(e, 2023, 6, 1, 200_000_000, 20_000_000)  # dissolved mid-year: unrated
    report(b, 2023, 7, 3, 300_000_000, 10_000_000)  # founded in 2023: unrated

    x = post(client, "people", {"full_name": "Nông Văn X", "education": "university", "unit": "C1"})["id"]
    y = post(client, "people", {"full_name": "Lương Thị Y", "education": "college", "unit": "C1"})["id"]
    post(client, "management-roles", {"person": x, "collective": a, "role": "director", "started_on": "2020-01-01"})
    post(client, "management-roles", {"person": y, "collective": a, "role": "chief_accountant",
                                      "started_on": "2021-01-01"})
    post(client, "memberships", {"person": y, "collective": a, "joined_on": "2021-01-01"})
    post(client, "trainings", {"title": "Tập huấn", "held_on": "2023-06-01", "unit": "D1", "attendees": [x, y],
                               "extra_attendees": 10})
    post(client, "trade-events", {"name": "Hội chợ", "held_on": "2023-09-01", "unit": "D1", "participants": [a]})
    product = post(client, "ocop/products", {"name": "Miến dong", "group": "food", "producer": a,
                                             "registered_on": "2021-01-01"})["id"]
    post(client, "ocop/products", {"name": "Mật ong", "group": "food", "producer_kind": "household",
                                   "producer_name": "Hộ Lý", "unit": "C2", "registered_on": "2023-02-01"})
    post(client, "ocop/ratings", {"product": product, "stars": 3, "score": 60, "decision_number": "1/QĐ",
                                  "decided_on": "2022-06-01"})
    post(client, "statistics", {"unit": "D1", "year": 2023, "domestic_budget_revenue": 100_000_000_000,
                                "collective_sector_product": 1_200_000_000})
    targets = [
        ("htx_new", "at_least", 3, None), ("tht_new", "at_least", 1, None),
        ("htx_income_growth", "between", 0.8, 1.0), ("htx_effective_share", "at_least", 0.5, None),
        ("members_workers_growth", "between", 0.05, 0.07), ("htx_revenue_growth", "at_least", 0.1, None),
        ("collective_gdp_share", "at_least", 0.01, None), ("trade_events", "between", 5, 6),
        ("manager_training_turns", "at_least", 60, None), ("htx_managers_university_share", "at_least", 0.3, None),
    ]
    post(client, "plans", {"code": "thu-2023", "title": "Kế hoạch 2023", "unit": "D1", "baseline_year": 2022,
                           "target_year": 2023, "targets": [
                               {"indicator": i, "comparator": c, "low": lo, "high": hi} for i, c, lo, hi in targets]})

    response = client.get("/api/v1/plans/thu-2023/results/")
    assert response.status_code == 200
    body = response.json()
    assert (body["plan"], body["unit"], body["year"]) == ("thu-2023", "D1", 2023)
    rows = {row["indicator"]: row for row in body["results"]}
    assert [r["indicator"] for r in body["results"][:len(targets)]] == [t[0] for t in targets]

    expected = {
        # HTX founded in 2023: B and C (A 2018, E 2015) → 2 < 3.
        "htx_new": (2, "not_met"),
        # THT founded in 2023: Bốn → 1 ≥ 1.
        "tht_new": (1, "met"),
        # Σ profit of HTX reports: 2023 = 180 + 20 + 10 = 210 M; 2022 = 100 + 50 = 150 M → 0.4, below 0.8.
        "htx_income_growth": (0.4, "not_met"),
        # HTX active at end of 2023 (A, B, C) with a rated 2023 report: only A (good) → 1/1.
        "htx_effective_share": (1, "met"),
        # Σ members + workers: 2023 = 18 + 7 + 10 = 35; 2022 = 15 + 10 = 25 → 0.4, above 0.07.
        "members_workers_growth": (0.4, "exceeded"),
        # Σ revenue of HTX: 2023 = 1.3 + 0.2 + 0.3 = 1.8 bn; 2022 = 1.5 bn → 0.2 ≥ 0.1.
        "htx_revenue_growth": (0.2, "met"),
        # 1.2 bn / 100 bn = 0.012 ≥ 0.01.
        "collective_gdp_share": (0.012, "met"),
        # One fair in 2023 with a collective of the district → 1, below 5.
        "trade_events": (1, "not_met"),
        # 2 named attendees + 10 others = 12 < 60.
        "manager_training_turns": (12, "not_met"),
        # Managers of HTX active at end of 2023: X (university), Y (college) → 1/2.
        "htx_managers_university_share": (0.5, "met"),
        # Tracked (no status): HTX active at end of 2023: A, B, C → 3; dissolved in 2023: E → 1;
        # OCOP participating: Miến dong and Mật ong → 2, of which one 3-star.
        "htx_active": (3, None), "htx_dissolved": (1, None), "ocop_participating": (2, None),
        "ocop_3_star": (1, None),
    }
    for code, (value, status) in expected.items():
        assert rows[code]["value"] == pytest.approx(value), code
        assert rows[code]["provisional_status"] == status, code
        # Of the collectives active at the end of 2023 (A, B, C, Bốn) only A and B reported:
        # half the year's reports are missing, so no target is judged yet (reports.completeness)
        # and the verdict above is only provisional.
        assert rows[code]["status"] == (None if status is None else "incomplete"), code
    assert rows["htx_revenue_growth"]["coverage"] == [
        {"year": 2023, "year_over": True, "reports_expected": 4, "reports_missing": 2, "complete": False},
        {"year": 2022, "year_over": True, "reports_expected": 2, "reports_missing": 0, "complete": True}]
    # Baselines are the 2022 values: 2 HTX active (A, E), none founded.
    assert rows["htx_active"]["baseline"] == 2 and rows["htx_new"]["baseline"] == 0
    assert rows["htx_new"]["change"] == 2
    assert rows["htx_revenue_growth"]["numerator"] == 1_800_000_000
    assert rows["htx_revenue_growth"]["denominator"] == 1_500_000_000
    assert rows["htx_new"]["target"] == {"comparator": "at_least", "low": 3, "high": None}

    # The same table as CSV …
    text = client.get("/api/v1/plans/thu-2023/results/?format=csv")
    assert text.status_code == 200 and text["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(text.content.decode("utf-8-sig"))))
    by_code = {row["indicator"]: row for row in table}
    assert by_code["htx_new"]["value"] == "2" and by_code["htx_new"]["status"] == "incomplete"
    assert by_code["htx_new"]["provisional_status"] == "not_met"
    assert float(by_code["htx_revenue_growth"]["value"]) == pytest.approx(0.2)
    assert len(table) == len(body["results"])

    # … and as Excel.
    sheet = client.get("/api/v1/plans/thu-2023/results/?format=xlsx")
    assert sheet.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(sheet.content))
    cells = list(workbook.active.iter_rows(values_only=True))
    header = list(cells[0])
    xrows = {r[0]: dict(zip(header, r, strict=False)) for r in cells[1:]}
    assert xrows["manager_training_turns"]["value"] == 12
    assert xrows["htx_managers_university_share"]["provisional_status"] == "met"

    # Per commune, through the indicator values endpoint: founded in 2023 — C1: C, C2: B.
    values = client.get("/api/v1/indicators/htx_new/values/?unit=D1&year_from=2023&year_to=2023&by=commune").json()
    assert {(r["unit"], r["value"]) for r in values["results"]} == {("C1", 1), ("C2", 1)}
    # A commune's own results.
    commune = client.get("/api/v1/plans/thu-2023/results/?unit=C1").json()
    assert {r["indicator"]: r["value"] for r in commune["results"]}["htx_new"] == 1
