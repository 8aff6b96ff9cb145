"""plan_results: targeted rows in Target.position order, then the tracked ones, with
baseline, value, change and status (the world of conftest.py, plan 2021 → 2022)."""

from decimal import Decimal

import pytest

from reports.engine import INDICATORS, indicator_values, plan_results
from tests.factories import PlanFactory, TargetFactory

D = Decimal


@pytest.fixture
def plan(world):
    plan = PlanFactory(code="thu-2022", unit=world.district, baseline_year=2021, target_year=2022)
    for position, (indicator, comparator, low, high) in enumerate([
        ("htx_income_growth", "between", D("0.8"), D("1.0")),
        ("htx_new", "at_least", D(3), None),
        ("htx_effective_share", "at_least", D("0.5"), None),
        ("members_workers_growth", "between", D("0.05"), D("0.07")),
        ("htx_revenue_growth", "at_least", D("0.1"), None),
        ("collective_gdp_share", "at_least", D("0.01"), None),
        ("trade_events", "between", D(5), D(6)),
        ("ocop_rated", "at_most", None, D(2)),  # a tracked indicator may also be targeted
    ]):
        # Positions given in reverse so that creation order and position order differ.
        TargetFactory(plan=plan, indicator=indicator, comparator=comparator, low=low, high=high,
                      position=100 - position)
    return plan


def rows_by_code(rows):
    return {row.indicator: row for row in rows}


def test_targeted_rows_come_in_position_order_then_the_tracked_ones(plan):
    rows = plan_results(plan)
    codes = [row.indicator for row in rows]
    assert codes[:8] == ["ocop_rated", "trade_events", "collective_gdp_share", "htx_revenue_growth",
                         "members_workers_growth", "htx_effective_share", "htx_new", "htx_income_growth"]
    tracked = [c for c, s in INDICATORS.items() if s.tracked and c != "ocop_rated"]
    assert codes[8:] == tracked
    assert all(row.status is None and row.tracked and row.target is None for row in rows[8:])
    assert not any(row.tracked for row in rows[:8])


def test_statuses_of_the_targets(plan):
    rows = rows_by_code(plan_results(plan))
    # htx_income_growth −0.2 (see test_indicators) below 0.8 → not_met
    assert (rows["htx_income_growth"].value, rows["htx_income_growth"].status) == (D("-0.2"), "not_met")
    # htx_new 1 < 3 → not_met
    assert (rows["htx_new"].value, rows["htx_new"].status) == (1, "not_met")
    # htx_effective_share 1/2 = 0.5 ≥ 0.5 → met (at the bound)
    assert rows["htx_effective_share"].status == "met"
    # members_workers_growth 15/67 ≈ 0.224 > 0.07 → exceeded
    assert rows["members_workers_growth"].status == "exceeded"
    # htx_revenue_growth 1/9 ≈ 0.111 ≥ 0.1 → met
    assert rows["htx_revenue_growth"].status == "met"
    # collective_gdp_share 0.01 ≥ 0.01 → met
    assert rows["collective_gdp_share"].status == "met"
    # trade_events 2 < 5 → not_met
    assert rows["trade_events"].status == "not_met"
    # ocop_rated 3 > 2 → not_met (at_most)
    assert rows["ocop_rated"].status == "not_met"


def test_baseline_value_and_change(plan):
    rows = rows_by_code(plan_results(plan))
    # htx_active: 2021 → A, C, I, J active on 31/12/2021 (B, D not yet) = 4; 2022 = 3.
    active = rows["htx_active"]
    assert (active.baseline, active.value, active.change) == (4, 3, -1)
    assert active.change_relative == D(3) / D(4) - 1
    # A ratio row: change in fraction points, no relative change.
    # htx_effective_share 2021: HTX active end 2021 rated: A good, C average, I weak, J good → 2/4 = 0.5
    share = rows["htx_effective_share"]
    assert (share.baseline, share.value, share.change, share.change_relative) == (D("0.5"), D("0.5"), 0, None)
    assert (share.numerator, share.denominator) == (1, 2)
    # A growth row: value compares 2022 with the baseline year 2021; its baseline is the growth
    # of 2021 over 2020, which has no reports → None, and so no change.
    growth = rows["htx_revenue_growth"]
    assert (growth.numerator, growth.denominator) == (4000, 3600)
    assert growth.baseline is None
    assert growth.change is None
    assert growth.result.baseline_year == 2021
    # A count with baseline 0: no relative change.
    new = rows["htx_new"]  # 2021: none established → 0; 2022: 1
    assert (new.baseline, new.value, new.change, new.change_relative) == (0, 1, 1, None)


def test_no_data_rows_say_why(plan):
    rows = rows_by_code(plan_results(plan, year=2023))
    # 2023 has no annual reports in the world.
    assert rows["htx_effective_share"].status == "no_data"
    assert rows["htx_effective_share"].no_data_reason
    assert rows["htx_revenue_growth"].status == "no_data"
    assert "2023" in rows["htx_revenue_growth"].no_data_reason


def test_a_commune_of_the_plan(plan, world):
    rows = rows_by_code(plan_results(plan, unit=world.hm))
    # Hoành Mô: B new → 1; effective share A/{A} = 1 → met; gdp 0.02 → met
    assert rows["htx_new"].value == 1
    assert rows["htx_effective_share"].value == 1
    assert rows["collective_gdp_share"].value == D("0.02")


def test_indicator_values_over_years(world):
    results = indicator_values("htx_active", unit=world.district, years=[2021, 2022, 2023])
    # 2021: A, C, I, J; 2022: A, B, I; 2023: A, B, D, I
    assert [(r.year, r.value) for r in results] == [(2021, 4), (2022, 3), (2023, 4)]


def test_indicator_values_growth_defaults_to_the_year_before(world):
    results = indicator_values("htx_revenue_growth", unit=world.district, years=[2021, 2022])
    assert results[0].value is None  # no 2020 reports
    assert (results[1].numerator, results[1].denominator) == (4000, 3600)
    fixed = indicator_values("htx_revenue_growth", unit=world.district, years=[2022], baseline_year=2021)
    assert fixed[0].baseline_year == 2021
