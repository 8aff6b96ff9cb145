"""A plan for the whole country (Plan.unit empty): computed with no unit filter at all, its
numbers are the sums of its provinces; pages and API open it for the country or, for a
scoped user, for their own scope."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from demo import generator
from reports.engine import plan_results
from reports.models import Plan, Publication
from tests.conftest import make_user
from units.models import AdministrativeUnit, UnitLevel

# Three provinces, each with its districts, communes (some merged in 2025) and records.
SMALL_COUNTRY = generator.Preset(provinces=3, districts=6, communes=30, htx=90, tht=150, unions=2, people=2_000,
                                 management_roles=400, ocop_products=40, courses=45, events=15)
YEAR = 2025
# A unit filter is a list of unit ids: `"…"."unit_id" IN (1, 2, …)`.
UNIT_LIST = re.compile(r'unit_id"\s+IN\s+\(\s*\d')


@pytest.fixture
def country(db):
    generator.load(generator.build(SMALL_COUNTRY, 5))
    plan = Plan.objects.get(unit__isnull=True)
    provinces = list(AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).order_by("code"))
    return plan, provinces


def _total(values):
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def test_country_plan_is_the_sum_of_its_provinces(country):
    plan, provinces = country
    national = {row.indicator: row for row in plan_results(plan, year=YEAR)}
    by_province = [{row.indicator: row for row in plan_results(plan, unit=p, year=YEAR)} for p in provinces]
    assert len(national) == len(by_province[0]) > 14
    checked = 0
    for code, row in national.items():
        parts = [rows[code] for rows in by_province]
        if code == "trade_events":
            # An event with guests from two provinces counts once for the country, once in each.
            assert max(p.value for p in parts) <= row.value <= sum(p.value for p in parts)
            continue
        if code == "avg_income_growth":
            # Its parts are average incomes (weighted by head count): the country's lies
            # between its provinces'.
            for part in ("numerator", "denominator"):
                values = [getattr(p, part) for p in parts]
                assert min(values) <= getattr(row, part) <= max(values), code
            continue
        # Counts add up; shares and growths add up in their numerator and denominator.
        assert row.numerator == _total(p.numerator for p in parts), code
        assert row.denominator == _total(p.denominator for p in parts), code
        if row.denominator is None:
            assert row.value == sum(p.value for p in parts), code
        checked += row.value is not None
    assert checked >= 15  # the dataset gives most indicators a value


def test_country_plan_queries_carry_no_unit_list(country):
    plan, provinces = country
    with CaptureQueriesContext(connection) as national:
        [row.value for row in plan_results(plan, year=YEAR)]
    assert national.captured_queries
    assert not [q["sql"] for q in national.captured_queries if UNIT_LIST.search(q["sql"])]
    # The same plan for one province filters on that province's units (so the check can fail).
    with CaptureQueriesContext(connection) as province:
        [row.value for row in plan_results(plan, unit=provinces[0], year=YEAR)]
    assert [q for q in province.captured_queries if UNIT_LIST.search(q["sql"])]
    # No scope to resolve: fewer queries than for a province (its tree and successions).
    assert len(national.captured_queries) < len(province.captured_queries)


def test_dashboard_opens_the_country_for_an_admin_and_the_scope_for_a_viewer(country, client):
    plan, provinces = country
    client.force_login(make_user("national", Role.ADMIN))
    page = client.get("/reports/", {"plan": plan.code})
    assert page.status_code == 200
    assert page.context["selection"].unit is None
    assert page.context["selection"].unit_ids is None
    html = page.content.decode()
    assert "Toàn quốc" in html
    assert '<option value="" selected>Toàn quốc</option>' in html
    # A province's leader reads the country plan for their province only, with no country choice.
    client.force_login(make_user("leader", Role.VIEWER, provinces[1]))
    page = client.get("/reports/", {"plan": plan.code})
    assert page.status_code == 200
    assert page.context["selection"].unit == provinces[1]
    assert '<option value="">Toàn quốc</option>' not in page.content.decode()
    assert client.get("/reports/", {"plan": plan.code, "unit": provinces[0].pk}).status_code == 404


def test_api_results_and_values_for_the_country(country, client):
    plan, provinces = country
    client.force_login(make_user("national", Role.ADMIN))
    body = client.get(f"/api/v1/plans/{plan.code}/results/").json()
    assert body["unit"] is None
    assert body["year"] == plan.target_year
    expected = {row.indicator: None if row.numerator is None else float(row.numerator) for row in plan_results(plan)}
    assert {r["indicator"]: r["numerator"] for r in body["results"]} == pytest.approx(expected)
    values = client.get("/api/v1/indicators/htx_active/values/", {"year_from": 2024, "year_to": 2025,
                                                                 "by": "commune"})
    assert values.status_code == 200
    rows = values.json()["results"]
    assert {r["year"] for r in rows} == {2024, 2025}
    assert sum(r["value"] for r in rows if r["year"] == 2025) == expected["htx_active"] > 0
    # A viewer of one province gets the country plan for their province.
    client.force_login(make_user("leader", Role.VIEWER, provinces[2]))
    assert client.get(f"/api/v1/plans/{plan.code}/results/").json()["unit"] == provinces[2].code


def test_a_plan_may_be_written_for_the_whole_country(db, client):
    client.force_login(make_user("national", Role.ADMIN))
    created = client.post("/api/v1/plans/", {"code": "ca-nuoc-2026", "title": "Toàn quốc 2026", "unit": None,
                                             "baseline_year": 2025, "target_year": 2026,
                                             "targets": [{"indicator": "htx_new", "comparator": "at_least",
                                                          "low": 100}]}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["unit"] is None
    assert Plan.objects.get(code="ca-nuoc-2026").unit is None


def test_every_page_of_the_dashboard_answers_for_the_country(country, client):
    plan, _provinces = country
    client.force_login(make_user("national", Role.ADMIN))
    for name in ("reports:print", "reports:docx", "reports:pdf", "reports:export"):
        response = client.get(reverse(name), {"plan": plan.code})
        assert response.status_code == 200, name
    assert client.get(reverse("reports:quality", args=["statistics"]), {"plan": plan.code}).status_code == 200
    assert client.get(reverse("reports:indicator", args=["htx_active"]), {"plan": plan.code}).status_code == 200
    # The whole country has no approved year: nothing to publish, and a publish request is refused.
    page = client.get(reverse("reports:dashboard"), {"plan": plan.code})
    assert page.context["can_publish"] is False
    refused = client.post(f"{reverse('reports:publish')}?plan={plan.code}", follow=True)
    assert refused.status_code == 200
    assert "chưa được duyệt" in refused.content.decode()
    assert not Publication.objects.exists()
