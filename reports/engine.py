"""reports.engine — the indicator engine other apps code against (its contract: docs/indicators.md; this docstring states the semantics).

    from reports.engine import (INDICATORS, IndicatorSpec, IndicatorResult, ResultRow, TargetSpec,
                                compute_indicator, plan_results, indicator_values, status_for)

The indicators themselves live in reports/indicators.py (one function per code), the
aggregate queries they read in reports/figures.py, the registry in reports/registry.py.

Semantics decided here (indicators.md is the contract for the definitions):

- Scope: the records of the units `unit_ids`. A page or endpoint passes the ids its reader
  may see (reports.selectors.report_unit: within_ids(unit) cut to the reader's scope);
  without them, `AdministrativeUnit.objects.within_ids(unit)`. unit None is the whole country.
- `approved_only=True` reads the official record: annual reports and unit statistics of
  approved unit-years only (cooperatives.approval.in_approved_years); the computation is
  the same. Published (frozen) results are read through reports.publication.
- Growth indicators compare `year` against a baseline year B: `value(Y) / value(B) - 1`,
  no_data when B has no reports, when value(B) is 0, or when value(B) is negative (a loss:
  a growth over it would read backwards); `no_data_reason` says which.
- `status_for` compares with Decimal: at_least (value ≥ low → met, else not_met),
  at_most (value ≤ high → met, else not_met), between (below low not_met, inside met,
  above high exceeded); no value → no_data; no target (tracked) → None.
- `plan_results` rows:
    * `value`: the indicator at `year` (growth rows: `year` against the plan's baseline
      year, or against `year - 1` when `year` is not after the baseline year);
    * `baseline`: the indicator at the plan's baseline year B (growth rows: the growth
      of B over B - 1, so a reader sees last period's pace; may be None);
    * `change` = value - baseline (absolute; for ratio rows, in fraction points);
    * `change_relative` = value / baseline - 1 when the unit is not "ratio" and baseline
      is neither None nor 0, else None;
    * `numerator`/`denominator`: those of `value` (growth rows: the sums of Y and of B).
- `incomplete` is not decided here: reports.completeness.judge turns a verdict on a year
  that is not over, or on too few annual reports, into `incomplete` and fills `coverage`
  and `provisional_status` (pages and API call it on these rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from reports import indicators as _indicators  # noqa: F401  (registers every indicator)
from reports.figures import Figures, figures_by_commune
from reports.registry import FUNCTIONS, INDICATORS, IndicatorResult, IndicatorSpec
from units.models import AdministrativeUnit

if TYPE_CHECKING:
    from reports.models import Plan, Target

__all__ = [
    "INCOMPLETE", "INDICATORS", "IndicatorResult", "IndicatorSpec", "ResultRow", "TargetSpec", "compute_indicator",
    "indicator_values", "plan_results", "status_for",
]

MET, EXCEEDED, NOT_MET, NO_DATA = "met", "exceeded", "not_met", "no_data"
INCOMPLETE = "incomplete"  # set by reports.completeness.judge, never by status_for


@dataclass(frozen=True)
class TargetSpec:
    comparator: str  # "at_least" | "at_most" | "between"
    low: Decimal | None
    high: Decimal | None

    @classmethod
    def from_target(cls, target: Target) -> TargetSpec:
        return cls(comparator=target.comparator, low=_decimal(target.low), high=_decimal(target.high))


@dataclass(frozen=True)
class ResultRow:
    indicator: str
    name_vi: str
    name_en: str
    unit: str
    baseline: Decimal | int | None
    value: Decimal | int | None
    change: Decimal | int | None
    change_relative: Decimal | None
    numerator: Decimal | int | None
    denominator: Decimal | int | None
    target: TargetSpec | None
    status: str | None
    no_data_reason: str | None
    tracked: bool
    result: IndicatorResult
    # Filled by reports.completeness.judge: the status a verdict would have on complete data
    # (when `status` is incomplete), and a Coverage for each year the value reads.
    provisional_status: str | None = None
    coverage: tuple = ()


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))  # the float's shortest repr, not its binary expansion
    return Decimal(value)


def status_for(value, target: TargetSpec | None) -> str | None:
    """met / exceeded / not_met / no_data for `value` against `target`; None without a target."""
    if target is None:
        return None
    if value is None:
        return NO_DATA
    value = _decimal(value)
    low, high = _decimal(target.low), _decimal(target.high)
    if target.comparator == "at_least":
        return MET if value >= low else NOT_MET
    if target.comparator == "at_most":
        return MET if value <= high else NOT_MET
    if target.comparator == "between":
        if value < low:
            return NOT_MET
        return EXCEEDED if value > high else MET
    raise ValueError(f"unknown comparator {target.comparator!r}")


def _function(code: str):
    try:
        return FUNCTIONS[code]
    except KeyError:
        raise KeyError(f"unknown indicator {code!r}") from None


# `unit_ids` left out: the unit's own scope, AdministrativeUnit.objects.within_ids(unit).
UNIT_SCOPE = object()


def _ids(unit: AdministrativeUnit | None, unit_ids) -> set[int] | None:
    return AdministrativeUnit.objects.within_ids(unit) if unit_ids is UNIT_SCOPE else unit_ids


def _growth_base(year: int, baseline_year: int | None) -> int:
    return baseline_year if baseline_year is not None and baseline_year < year else year - 1


def compute_indicator(code: str, *, unit: AdministrativeUnit | None, year: int,
                      baseline_year: int | None = None, unit_ids=UNIT_SCOPE,
                      approved_only: bool = False) -> IndicatorResult:
    """One indicator for one scope and year. Growth compares `year` with `baseline_year`
    (default: the year before). A few queries: the scope's unit ids, then one aggregate."""
    function = _function(code)
    base = _growth_base(year, baseline_year)
    ids = _ids(unit, unit_ids)
    figures = Figures(unit=unit, ids=ids, years=[year], report_years=[base], approved_only=approved_only)
    return function(figures, year, base)


def plan_results(plan: Plan, *, unit: AdministrativeUnit | None = None, year: int | None = None,
                 unit_ids=UNIT_SCOPE, approved_only: bool = False) -> list[ResultRow]:
    """Every targeted indicator of `plan` (Target.position order), then every tracked one.

    `unit` defaults to the plan's unit (a page resolves it with reports.selectors.report_unit,
    which checks it lies in the plan and the user's scope, and gives `unit_ids`), `year` to
    the plan's target year. The number of queries is fixed: the
    scope's unit ids (3 for Bình Liêu district: its tree, then whole successions twice),
    the targets (none if prefetched), one aggregate query per group of figures
    (collectives, annual reports, managers, training, trade events, statistics) and one
    OCOP query per year (the year and the baseline year): 12 for Bình Liêu district.
    Each row's `result.records` builds its querysets only when read.
    """
    unit = unit if unit is not None else plan.unit
    year = year if year is not None else plan.target_year
    baseline_year = plan.baseline_year
    base = _growth_base(year, baseline_year)
    baseline_base = baseline_year - 1
    ids = _ids(unit, unit_ids)
    figures = Figures(unit=unit, ids=ids, years=[year, baseline_year], report_years=[base, baseline_base],
                      approved_only=approved_only)

    targets = sorted(plan.targets.all(), key=lambda t: (t.position, t.pk))
    rows = [_row(t.indicator, TargetSpec.from_target(t), figures, year, base, baseline_year, baseline_base)
            for t in targets]
    targeted = {t.indicator for t in targets}
    rows += [_row(code, None, figures, year, base, baseline_year, baseline_base)
             for code, spec in INDICATORS.items() if spec.tracked and code not in targeted]
    return rows


def _row(code: str, target: TargetSpec | None, figures: Figures, year: int, base: int,
         baseline_year: int, baseline_base: int) -> ResultRow:
    spec = INDICATORS[code]
    function = _function(code)
    result = function(figures, year, base)
    baseline = function(figures, baseline_year, baseline_base).value
    value = result.value
    change = change_relative = None
    if value is not None and baseline is not None:
        change = value - baseline
        if spec.unit != "ratio" and baseline != 0:
            change_relative = Decimal(value) / Decimal(baseline) - 1
    return ResultRow(
        indicator=code, name_vi=spec.name_vi, name_en=spec.name_en, unit=spec.unit, baseline=baseline, value=value,
        change=change, change_relative=change_relative, numerator=result.numerator, denominator=result.denominator,
        target=target, status=status_for(value, target), no_data_reason=result.no_data_reason, tracked=target is None,
        result=result,
    )


def indicator_values(code: str, *, unit: AdministrativeUnit | None, years: list[int], by_commune: bool = False,
                     baseline_year: int | None = None, unit_ids=UNIT_SCOPE, approved_only: bool = False) -> list[IndicatorResult]:
    """One result per (unit, year), years in the order given.

    Growth indicators compare each year with `baseline_year` when it is before that year,
    else with the year before. `by_commune=True` gives, for each year, one result per
    commune column under `unit` (reports.figures.commune_columns: the communes of `unit_ids` valid in
    that year plus the later communes that wholly succeeded them; a merged commune's
    records count in its successor), ordered by commune code; a column not valid in the
    year only when it counts something in it (a value, numerator or denominator: indicators.md
    "Values by commune"; the dashboard, the indicator page and the API list the same communes). Queries: the scope's ids,
    then per year one aggregate query per group the indicator reads (plus two to list the
    communes when by_commune) — never one per commune.
    """
    function = _function(code)
    ids = _ids(unit, unit_ids)
    bases = {y: _growth_base(y, baseline_year) for y in years}
    if not by_commune:
        figures = Figures(unit=unit, ids=ids, years=years, report_years=bases.values(), approved_only=approved_only)
        return [function(figures, y, bases[y]) for y in years]
    results: list[IndicatorResult] = []
    for y in years:
        for commune_figures in figures_by_commune(unit, ids, y, report_years=[bases[y]], approved_only=approved_only):
            result = function(commune_figures, y, bases[y])
            # `is_valid` in the year: annotated on each commune column (figures.commune_columns);
            # a column not valid in it is listed when it counts something (indicators.md).
            if getattr(commune_figures.unit, "is_valid", True) or result.value or result.numerator \
                    or result.denominator:
                results.append(result)
    return results
