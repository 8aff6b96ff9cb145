"""The demo plan binh-lieu-2023 computed by the engine on the demo data (manage.py load_demo).

The expected figures are those worked out by hand in demo/dataset.py's docstring from
indicators.md; the 2022 OCOP figures are the seed's own (27 participating, 16 × 3★, 1 × 4★).
"""

from decimal import Decimal

from reports.engine import compute_indicator, plan_results
from reports.models import Plan


def test_the_demo_plan(demo_db):
    demo = Plan.objects.select_related("unit").prefetch_related("targets").get(code="binh-lieu-2023")
    check_the_seed_ocop_figures_of_2022(demo)
    check_the_plan_of_2023_against_the_hand_computed_results(demo)
    check_the_baseline_column_of_2022(demo)


def check_the_seed_ocop_figures_of_2022(demo):
    district = demo.unit
    assert compute_indicator("ocop_participating", unit=district, year=2022).value == 27
    assert compute_indicator("ocop_3_star", unit=district, year=2022).value == 16
    assert compute_indicator("ocop_4_star", unit=district, year=2022).value == 1
    assert compute_indicator("ocop_5_star", unit=district, year=2022).value == 0
    # …and the plan's baseline column says the same.
    rows = {row.indicator: row for row in plan_results(demo)}
    assert (rows["ocop_participating"].baseline, rows["ocop_3_star"].baseline, rows["ocop_4_star"].baseline) == (27, 16, 1)
    # End of 2023 (demo/dataset.py): 28 participating, 18 × 3★, 2 × 4★.
    assert (rows["ocop_participating"].value, rows["ocop_3_star"].value, rows["ocop_4_star"].value) == (28, 18, 2)


EXPECTED = {
    # indicator: (value at 2023, numerator, denominator, status), by hand in demo/dataset.py
    "htx_new": (3, 3, None, "met"),
    "tht_new": (1, 1, None, "met"),
    "htx_income_growth": (Decimal(3746) / Decimal(3223) - 1, 3_746_000_000, 3_223_000_000, "not_met"),
    "htx_effective_share": (Decimal(14) / Decimal(24), 14, 24, "met"),
    "htx_average_share": (Decimal(6) / Decimal(24), 6, 24, "not_met"),
    "htx_value_chain_effective": (3, 3, None, "exceeded"),
    "members_workers_growth": (Decimal(1040) / Decimal(980) - 1, 1040, 980, "met"),
    "manager_training_turns": (64, 64, None, "met"),
    "htx_managers_university_share": (Decimal(24) / Decimal(89), 24, 89, "not_met"),
    "htx_managers_college_share": (Decimal(46) / Decimal(89), 46, 89, "met"),
    "htx_revenue_growth": (Decimal(48903) / Decimal(43566) - 1, 48_903_000_000, 43_566_000_000, "met"),
    "collective_gdp_share": (Decimal(1615) / Decimal(182600), 1_615_000_000, 182_600_000_000, "not_met"),
    "trade_events": (7, 7, None, "exceeded"),
}


def check_the_plan_of_2023_against_the_hand_computed_results(demo):
    rows = plan_results(demo)
    by_code = {row.indicator: row for row in rows}
    assert [row.indicator for row in rows[:14]] == [t.indicator for t in sorted(demo.targets.all(),
                                                                               key=lambda t: t.position)]
    for code, (value, numerator, denominator, status) in EXPECTED.items():
        row = by_code[code]
        assert abs(Decimal(row.value) - value) < Decimal("1e-20"), code
        assert (row.numerator, row.denominator, row.status) == (numerator, denominator, status), code
    # avg_income_growth: 5,011,000,000/1,040 over 4,504,700,000/980, minus 1 ≈ 0.0482 → not_met
    income = by_code["avg_income_growth"]
    expected = (Decimal(5_011_000_000) / 1040) / (Decimal(4_504_700_000) / 980) - 1
    assert abs(income.value - expected) < Decimal("1e-20")
    assert income.status == "not_met"
    statuses = [row.status for row in rows[:14]]
    assert (statuses.count("met"), statuses.count("exceeded"), statuses.count("not_met")) == (7, 2, 5)


def check_the_baseline_column_of_2022(demo):
    rows = {row.indicator: row for row in plan_results(demo)}
    # demo/dataset.py: htx_new 1, tht_new 0, effective 11/25, average 9/25, value chain 1,
    # training 45, trade events 4; tracked htx_active 26 → 28, tht_active 19 → 19,
    # htx_dissolved 1 → 1, htx_high_tech 0 → 2.
    assert (rows["htx_new"].baseline, rows["tht_new"].baseline) == (1, 0)
    assert rows["htx_effective_share"].baseline == Decimal(11) / Decimal(25)
    assert rows["htx_average_share"].baseline == Decimal(9) / Decimal(25)
    assert rows["htx_value_chain_effective"].baseline == 1
    assert rows["manager_training_turns"].baseline == 45
    assert rows["trade_events"].baseline == 4
    assert (rows["htx_active"].baseline, rows["htx_active"].value) == (26, 28)
    assert (rows["tht_active"].baseline, rows["tht_active"].value) == (19, 19)
    assert (rows["htx_dissolved"].baseline, rows["htx_dissolved"].value) == (1, 1)
    assert (rows["htx_high_tech"].baseline, rows["htx_high_tech"].value) == (0, 2)
    # Managers of 2022: 83 persons, 23 university+, 41 college/intermediate.
    managers = compute_indicator("htx_managers_university_share", unit=demo.unit, year=2022)
    assert (managers.numerator, managers.denominator) == (23, 83)
    college = compute_indicator("htx_managers_college_share", unit=demo.unit, year=2022)
    assert (college.numerator, college.denominator) == (41, 83)
    # Revenue of 2022 clearly above 2021 (the seed): 43,566,000,000 vs 35,910,000,000.
    revenue_2022 = compute_indicator("htx_revenue_growth", unit=demo.unit, year=2022)
    assert (revenue_2022.numerator, revenue_2022.denominator) == (43_566_000_000, 35_910_000_000)
    assert revenue_2022.value > Decimal("0.2")
