"""A report is bounded by its reader's scope, not only by the unit they name (issue 9, finding 3).

Old Hoành Mô (06841) and Đồng Văn (06847) both merged wholly into the new xã Hoành Mô
(N10277) on 1/7/2025. An officer of old Hoành Mô sees the new commune (its successor) but
not Đồng Văn (a sibling merged into the same successor, domain.md decision 7): every door
that computes for the successor must leave Đồng Văn's records out.
"""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Role
from reports.engine import compute_indicator
from tests.api.conftest import token_client
from tests.conftest import make_user
from tests.factories import CollectiveFactory, PlanFactory, TargetFactory

D = dt.date
YEAR = 2025


@pytest.fixture
def merged(units):
    """One HTX in each predecessor of the new xã Hoành Mô, and the district plan of 2025."""
    hoanh_mo = CollectiveFactory(name="HTX Hoành Mô", unit=units["06841"], established_on=D(2018, 1, 1))
    dong_van = CollectiveFactory(name="HTX Đồng Văn", unit=units["06847"], established_on=D(2018, 1, 1))
    plan = PlanFactory(code="bl-2025", unit=units["198"], baseline_year=2024, target_year=YEAR)
    TargetFactory(plan=plan, indicator="htx_active", comparator="at_least", low=1)
    officer = make_user("canbo_hm", Role.OFFICER, units["06841"])
    return {"successor": units["N10277"], "hoanh_mo": hoanh_mo, "dong_van": dong_van, "plan": plan,
            "officer": officer}


def test_the_engine_alone_counts_both_predecessors_for_the_successor(merged):
    # The unit's own scope (no reader): both merged communes answer for the successor.
    assert compute_indicator("htx_active", unit=merged["successor"], year=YEAR).value == 2


def test_api_values_by_commune_leave_out_a_sibling_outside_the_readers_scope(merged):
    api = token_client(merged["officer"])
    url = f"/api/v1/indicators/htx_active/values/?unit=N10277&year_from={YEAR}&year_to={YEAR}"
    total = api.get(url).json()["results"]
    assert [(r["unit"], r["value"]) for r in total] == [("N10277", 1)]
    by_commune = api.get(url + "&by=commune").json()["results"]
    assert "06847" not in {r["unit"] for r in by_commune}
    assert sum(r["value"] for r in by_commune) == 1


def test_api_plan_results_for_the_successor_count_only_the_readers_scope(merged):
    api = token_client(merged["officer"])
    body = api.get(f"/api/v1/plans/bl-2025/results/?unit=N10277&year={YEAR}").json()
    assert body["unit"] == "N10277"
    assert next(r for r in body["results"] if r["indicator"] == "htx_active")["value"] == 1


def test_the_indicator_page_and_its_records_leave_out_the_sibling(client, merged):
    client.force_login(merged["officer"])
    response = client.get(reverse("reports:indicator", args=["htx_active"]),
                          {"unit": merged["successor"].pk, "year": YEAR})
    assert response.status_code == 200
    assert response.context["result"].value == 1
    records = list(response.context["numerator_page"].object_list)
    assert records == [merged["hoanh_mo"]]
    assert merged["dong_van"].name not in response.content.decode()
    assert all(row["result"].value in (0, 1) for row in response.context["commune_rows"])
    assert "Xã Đồng Văn" not in {row["name"] for row in response.context["commune_rows"]}


def test_the_dashboard_and_its_data_quality_lists_leave_out_the_sibling(client, merged):
    client.force_login(merged["officer"])
    params = {"plan": "bl-2025", "unit": merged["successor"].pk, "year": YEAR}
    response = client.get(reverse("reports:dashboard"), params)
    assert response.status_code == 200
    active = next(r for r in response.context["targeted"] if r["code"] == "htx_active")
    assert active["row"].value == 1
    # Neither has a 2025 report: only Hoành Mô's is the officer's to see.
    missing = client.get(reverse("reports:quality", args=["missing_reports"]), params)
    assert [c.name for c in missing.context["page"]] == ["HTX Hoành Mô"]


def test_a_reader_who_sees_the_whole_successor_still_gets_both(client, merged, units):
    # The district's officer sees both predecessors: nothing is cut.
    district_officer = make_user("canbo_huyen", Role.OFFICER, units["198"])
    api = token_client(district_officer)
    body = api.get(f"/api/v1/plans/bl-2025/results/?unit=N10277&year={YEAR}").json()
    assert next(r for r in body["results"] if r["indicator"] == "htx_active")["value"] == 2
