"""The whole plan costs a fixed number of queries, whatever the number of collectives."""

import datetime as dt
from decimal import Decimal

import pytest

from reports.engine import plan_results
from reports.models import Plan
from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    ManagementRoleFactory,
    MembershipFactory,
    OcopProductFactory,
    OcopRatingFactory,
    PersonFactory,
    PlanFactory,
    TargetFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)

D = dt.date
COMMUNES = ["06838", "06841", "06844", "06847", "06853", "06856", "06859", "N13861"]
# The 14 targets of binh-lieu-2023 (indicators.md).
TARGETS = [
    ("htx_new", "at_least", 3, None), ("tht_new", "at_least", 1, None),
    ("htx_income_growth", "between", "0.8", "1.0"), ("htx_effective_share", "at_least", "0.5", None),
    ("htx_average_share", "at_least", "0.3", None), ("htx_value_chain_effective", "between", 1, 2),
    ("members_workers_growth", "between", "0.05", "0.07"), ("avg_income_growth", "between", "0.8", "1.0"),
    ("manager_training_turns", "at_least", 60, None), ("htx_managers_university_share", "at_least", "0.3", None),
    ("htx_managers_college_share", "at_least", "0.5", None), ("htx_revenue_growth", "at_least", "0.1", None),
    ("collective_gdp_share", "at_least", "0.01", None), ("trade_events", "between", 5, 6),
]


def populate(units, n):
    """n collectives spread over the communes, each with reports for 2022 and 2023, a member,
    a manager, an OCOP product with a rating, a course and an event."""
    for i in range(n):
        unit = units[COMMUNES[i % len(COMMUNES)]]
        kind = "tht" if i % 5 == 4 else "htx"
        collective = CollectiveFactory(kind=kind, unit=unit, established_on=D(2015 + i % 9, 1 + i % 12, 1),
                                       dissolved_on=D(2023, 6, 1) if i % 7 == 6 else None)
        for year, klass in ((2022, "good"), (2023, "average")):
            AnnualReportFactory(collective=collective, year=year, members=10 + i, revenue=1_000 * (i + year - 2021),
                                classification=klass if kind == "htx" else "unrated", value_chain=i % 3 == 0)
        person = PersonFactory(unit=unit, education=["university", "college", "none"][i % 3])
        MembershipFactory(person=person, collective=collective)
        ManagementRoleFactory(person=person, collective=collective, role="director" if kind == "htx" else "group_leader")
        product = OcopProductFactory(producer=collective, registered_on=D(2020, 1, 1))
        OcopRatingFactory(product=product, stars=3 + i % 3, decided_on=D(2022, 3, 1))
        TrainingCourseFactory(unit=unit, held_on=D(2023, 5, 1), extra_attendees=2).attendees.set([person])
        TradeEventFactory(held_on=D(2023, 9, 1)).participants.set([collective])


@pytest.fixture
def plan(district):
    plan = PlanFactory(code="binh-lieu-2023", unit=district, baseline_year=2022, target_year=2023)
    for position, (code, comparator, low, high) in enumerate(TARGETS):
        TargetFactory(plan=plan, indicator=code, comparator=comparator, position=position,
                      low=None if low is None else Decimal(str(low)), high=None if high is None else Decimal(str(high)))
    UnitStatisticFactory(unit=district, year=2023)
    return plan


# within_ids of the district: its tree (1) + whole successions (2: the 2025 communes, then
# nothing more); the plan's targets (1); one aggregate query per group of figures:
# collectives, annual reports, managers, training, events, statistics (6); OCOP by stars for
# 2023 and for 2022 (2).
PLAN_QUERIES = 12


@pytest.mark.parametrize("n", [1, 50])
def test_whole_plan_in_a_fixed_number_of_queries(units, plan, n, django_assert_num_queries):
    populate(units, n)
    plan = Plan.objects.get(pk=plan.pk)  # fresh: within_ids is memoised per unit instance
    with django_assert_num_queries(PLAN_QUERIES + 1):  # + the plan's unit
        rows = plan_results(plan)
    assert len(rows) == 14 + 9
    # The rows carry numbers, not a query each: reading them costs nothing more.
    with django_assert_num_queries(0):
        assert [row.status for row in rows[:14]]
    assert rows[0].indicator == "htx_new"


def test_prefetched_targets_save_their_query(units, plan, django_assert_num_queries):
    plan = Plan.objects.select_related("unit").prefetch_related("targets").get(pk=plan.pk)
    with django_assert_num_queries(PLAN_QUERIES - 1):
        plan_results(plan)
