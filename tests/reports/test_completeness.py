"""reports.completeness: a target is judged only on complete data (docs/indicators.md, "Complete data")."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import override_settings

from reports.completeness import Coverage, default_plan, judge, report_counts
from reports.engine import plan_results
from tests.factories import AnnualReportFactory, CollectiveFactory, PlanFactory, TargetFactory
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 1)


@pytest.fixture
def commune(units):
    return units["06841"]


@pytest.fixture
def three_htx(commune):
    """Three HTX active since 2018; all reported for 2023, only the first for 2024."""
    collectives = [CollectiveFactory(unit=commune, established_on=datetime.date(2018, 1, 1)) for _i in range(3)]
    for i, collective in enumerate(collectives):
        AnnualReportFactory(collective=collective, year=2023, classification="good" if i else "weak")
        if i == 0:
            AnnualReportFactory(collective=collective, year=2024, classification="good", members=3, regular_workers=0)
    return collectives


def test_a_year_is_complete_when_over_and_few_enough_reports_are_missing():
    assert Coverage(2024, True, 76, 7).complete  # 9,2 % missing: within 10 %
    assert not Coverage(2024, True, 76, 8).complete
    assert Coverage(2024, True, 76, 45).note == "thiếu 45/76 báo cáo năm 2024"
    assert not Coverage(2025, False, 10, 0).complete
    assert Coverage(2025, False, 10, 0).note == "năm 2025 chưa kết thúc"
    assert Coverage(2025, False, 49, 49).note == "năm 2025 chưa kết thúc; thiếu 49/49 báo cáo năm 2025"
    assert Coverage(2024, True, 0, 0).complete and Coverage(2024, True, 76, 0).note == ""
    with override_settings(COOPREG={**settings.COOPREG, "REPORTS_MISSING_MAX_SHARE": 0.6}):
        assert Coverage(2024, True, 76, 45).complete


def test_report_counts_are_the_collectives_due_and_those_missing(three_htx, commune):
    ids = AdministrativeUnit.objects.within_ids(commune)
    assert report_counts(ids, [2023, 2024]) == {2023: (3, 0), 2024: (3, 2)}


def test_a_verdict_on_missing_reports_is_incomplete_with_the_verdict_kept_as_provisional(district, three_htx):
    plan = PlanFactory(code="p-2024", unit=district, baseline_year=2023, target_year=2024)
    TargetFactory(plan=plan, indicator="htx_effective_share", comparator="at_least", low=Decimal("0.5"), position=1)
    TargetFactory(plan=plan, indicator="members_workers_growth", comparator="at_least", low=Decimal("0.05"),
                  position=2)
    TargetFactory(plan=plan, indicator="htx_new", comparator="at_least", low=1, position=3)
    ids = AdministrativeUnit.objects.within_ids(district)
    rows = {r.indicator: r for r in judge(plan_results(plan), ids, TODAY)}
    share = rows["htx_effective_share"]  # 1/1 good on the one 2024 report: met, on a third of the reports
    assert (share.status, share.provisional_status) == ("incomplete", "met")
    assert [c.note for c in share.coverage] == ["thiếu 2/3 báo cáo năm 2024"]
    growth = rows["members_workers_growth"]  # 3 against 45 in 2023: a fall only because reports are missing
    assert (growth.status, growth.provisional_status) == ("incomplete", "not_met")
    assert [(c.year, c.complete) for c in growth.coverage] == [(2024, False), (2023, True)]
    new = rows["htx_new"]  # read from the register: the year's reports are its measure too
    assert (new.status, new.provisional_status) == ("incomplete", "not_met")
    tracked = rows["htx_high_tech"]
    assert tracked.status is None and not tracked.coverage[0].complete
    for collective in three_htx[1:]:  # the missing reports come in: every target is judged
        AnnualReportFactory(collective=collective, year=2024, classification="fair", members=40, regular_workers=5)
    rows = {r.indicator: r for r in judge(plan_results(plan), ids, TODAY)}
    assert {code: r.status for code, r in rows.items() if not r.tracked} == {
        "htx_effective_share": "met", "members_workers_growth": "met", "htx_new": "not_met"}


def test_a_year_not_over_is_not_judged(district, commune):
    AnnualReportFactory(collective=CollectiveFactory(unit=commune, established_on=datetime.date(2025, 2, 1)),
                        year=2025)
    plan = PlanFactory(code="p-2025", unit=district, baseline_year=2024, target_year=2025)
    TargetFactory(plan=plan, indicator="htx_new", comparator="at_least", low=3, position=1)
    [row] = [r for r in judge(plan_results(plan), AdministrativeUnit.objects.within_ids(district), TODAY)
             if r.indicator == "htx_new"]
    assert (row.value, row.status, row.provisional_status) == (1, "incomplete", "not_met")
    assert row.coverage[0].note == "năm 2025 chưa kết thúc"


def test_no_data_stays_no_data(district):
    plan = PlanFactory(code="p-2024", unit=district, baseline_year=2023, target_year=2024)
    TargetFactory(plan=plan, indicator="htx_effective_share", comparator="at_least", low=Decimal("0.5"), position=1)
    [row] = [r for r in judge(plan_results(plan), AdministrativeUnit.objects.within_ids(district), TODAY)
             if r.indicator == "htx_effective_share"]
    assert (row.status, row.provisional_status) == ("no_data", None)


def test_the_default_plan_is_the_latest_target_year_with_complete_data(district, three_htx, commune,
                                                                       django_assert_num_queries):
    old = PlanFactory(code="p-2023", unit=district, baseline_year=2022, target_year=2023)
    new = PlanFactory(code="p-2024", unit=district, baseline_year=2023, target_year=2024)
    draft = PlanFactory(code="p-2025", unit=district, baseline_year=2024, target_year=2025)
    plans = [draft, new, old]  # newest first, as plans_for gives them
    ids = AdministrativeUnit.objects.within_ids(district)
    with django_assert_num_queries(2):  # 2025 is not over (no query); 2024, then 2023
        assert default_plan(plans, scope_unit_id=district.pk, unit_ids=ids, today=TODAY) == old
    for collective in three_htx[1:]:
        AnnualReportFactory(collective=collective, year=2024)
    assert default_plan(plans, scope_unit_id=district.pk, unit_ids=ids, today=TODAY) == new
    commune_plan = PlanFactory(code="hm-2024", unit=commune, baseline_year=2023, target_year=2024)
    # the plan of the user's own unit first among plans of the same year
    assert default_plan([draft, commune_plan, new, old], scope_unit_id=commune.pk, unit_ids=ids,
                        today=TODAY) == commune_plan
    # no year complete: the newest plan
    assert default_plan([draft], scope_unit_id=None, unit_ids=ids, today=TODAY) == draft
