"""Whether a year's data is complete enough to judge a target (docs/indicators.md, "Complete data").

A status says whether a plan's target was reached. Judged on a year still in progress, or
on a year whose figures have not come in, it would call "không đạt" what is only "not
counted yet" — so a target is judged only on a year whose data is complete:

- the year is over (today is after 31 December of it), and
- at most COOPREG["REPORTS_MISSING_MAX_SHARE"] of the collectives (HTX and THT) active at the
  end of the year have no annual report of it — the count the data-quality panel lists as
  missing. The annual reports are the measure of a year's data for every indicator: the
  ones read from them directly, and the register's (trainings, events, new collectives …),
  which officers bring up to date in the same yearly round. A growth needs the year it is
  compared with complete too.

Otherwise the status is `incomplete` ("Chưa đủ số liệu"): the value is shown as provisional,
with the status it would have (`provisional_status`) and what is missing
("thiếu 45/76 báo cáo năm 2024"). `no_data` (no value at all) and tracked rows (no target)
keep their status; every row carries its coverage either way.

`judge` applies this to reports.engine.plan_results; `default_plan` picks, for a user, the
plan whose target year is the latest that can be judged.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from cooperatives.models import AnnualReport, Collective
from core.cache import data_cached
from core.numbers import number
from reports.engine import INCOMPLETE, NO_DATA, IndicatorResult, ResultRow

if TYPE_CHECKING:
    from reports.models import Plan


def reports_missing_max_share() -> Decimal:
    """The share of missing annual reports up to which a year is judged (0.1: 10 %)."""
    return Decimal(str(settings.COOPREG["REPORTS_MISSING_MAX_SHARE"]))


@dataclasses.dataclass(frozen=True)
class Coverage:
    """What one year's data has, in a scope: whether the year is over, how many annual
    reports were due and how many are missing."""

    year: int
    year_over: bool
    reports_expected: int
    reports_missing: int

    @property
    def reports_complete(self) -> bool:
        """No more reports missing than the threshold allows."""
        return self.reports_missing <= self.reports_expected * reports_missing_max_share()

    @property
    def complete(self) -> bool:
        return self.year_over and self.reports_complete

    @property
    def note(self) -> str:
        """What is missing, for a card or a sentence: "thiếu 45/76 báo cáo năm 2024"; empty when complete."""
        parts = []
        if not self.year_over:
            parts.append(_("năm %(year)s chưa kết thúc") % {"year": self.year})
        if not self.reports_complete:
            parts.append(_("thiếu %(missing)s/%(expected)s báo cáo năm %(year)s") % {
                "missing": number(self.reports_missing), "expected": number(self.reports_expected),
                "year": self.year})
        return "; ".join(parts)


@data_cached("reports.report_counts")
def report_counts(unit_ids: set[int] | None, years: Iterable[int]) -> dict[int, tuple[int, int]]:
    """{year: (collectives active at the end of it, how many of them have no report of it)}
    in the scope; one query per year. The same "missing" as the data-quality panel's
    (reports.selectors.collectives_without_report)."""
    counts = {}
    for year in sorted(set(years)):
        row = (Collective.objects.collectives().in_units(unit_ids).active_at_end_of(year).with_report_of(year)
               .aggregate(expected=Count("pk"), missing=Count("pk", filter=Q(report_of_year__isnull=True))))
        counts[year] = (row["expected"], row["missing"])
    return counts


def years_read(result: IndicatorResult) -> list[int]:
    """The years a value reads: its year, and for a growth the year it is compared with."""
    years = [result.year]
    if result.baseline_year is not None and result.baseline_year != result.year:
        years.append(result.baseline_year)
    return years


def coverage_of(result: IndicatorResult, counts: dict[int, tuple[int, int]],
                today: datetime.date) -> tuple[Coverage, ...]:
    """The coverage of each year `result` reads (`counts` from report_counts for those years)."""
    return tuple(Coverage(year=year, year_over=today > datetime.date(year, 12, 31), reports_expected=counts[year][0],
                          reports_missing=counts[year][1]) for year in years_read(result))


def judged_status(status: str | None, coverage: Sequence[Coverage]) -> tuple[str | None, str | None]:
    """(status, provisional status): a verdict on incomplete data becomes `incomplete`."""
    if status in (None, NO_DATA) or all(c.complete for c in coverage):
        return status, None
    return INCOMPLETE, status


def report_years(results: Iterable[IndicatorResult]) -> set[int]:
    return {year for r in results for year in years_read(r)}


def judge(rows: list[ResultRow], unit_ids: set[int] | None, today: datetime.date) -> list[ResultRow]:
    """reports.engine.plan_results rows with their coverage and the status judged on it.
    Queries: one per year read (the year, and the year growths compare with): two for a plan."""
    counts = report_counts(unit_ids, report_years(row.result for row in rows))
    judged = []
    for row in rows:
        coverage = coverage_of(row.result, counts, today)
        status, provisional = judged_status(row.status, coverage)
        judged.append(dataclasses.replace(row, status=status, provisional_status=provisional, coverage=coverage))
    return judged


def gaps(coverage: Sequence[Coverage]) -> str:
    """Every missing part of a row's data in one phrase ("" when complete)."""
    return "; ".join(c.note for c in coverage if c.note)


def default_plan(plans: Sequence[Plan], *, scope_unit_id: int | None, unit_ids: set[int] | None,
                 today: datetime.date) -> Plan:
    """The plan a user lands on: among the plans they may open (newest first), the one whose
    target year is the latest over and complete in their scope (`unit_ids`; None is the whole
    country) — a plan drafted for next year does not become everyone's default while its
    year has no data. At a tie, the plan over the user's own unit. No such year: the newest plan.
    Queries: one per target year tried, newest first, until one is complete."""
    for year in sorted({p.target_year for p in plans}, reverse=True):
        if today <= datetime.date(year, 12, 31):
            continue
        expected, missing = report_counts(unit_ids, [year])[year]
        if Coverage(year=year, year_over=True, reports_expected=expected, reports_missing=missing).complete:
            candidates = [p for p in plans if p.target_year == year]
            return next((p for p in candidates if p.unit_id == scope_unit_id), candidates[0])
    return plans[0]


@data_cached("reports.first_report_year")
def first_report_year(unit_ids: set[int] | None) -> int | None:
    """The first year of any annual report in the scope: where the register's data begins.
    Charts start there, not on empty years before the register was kept. One query."""
    return AnnualReport.objects.in_units(unit_ids).aggregate(first=Min("year"))["first"]
