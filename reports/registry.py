"""The indicator registry: one spec and one function per code of indicators.md.

An indicator function is registered with `@indicator(...)` (reports/indicators.py); the
decorator records its spec in `INDICATORS` and the function in `FUNCTIONS`, both in the
order of indicators.md. Other apps import these names from `reports.engine`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

if TYPE_CHECKING:
    from reports.figures import Figures


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_vi: str
    name_en: str
    unit: str  # "count" | "ratio" (a fraction: 0.3 is 30 %) | "vnd"
    kind: str  # "count" | "share" | "growth" | "ratio"
    description: str  # the Vietnamese definition, from indicators.md
    seed_sentence: str  # the sentence of the seed it implements
    tracked: bool  # shown without a target in plan results
    record_kind: str  # "collective" | "annual_report" | "person" | "training" | "trade_event" | "ocop_product" | "unit_statistic"
    # What the numerator and denominator are counted in: "count" (records, heads) or "vnd"
    # (the yearly sums of the money growths, both parts of collective_gdp_share).
    part_unit: str = "count"


class Records(Mapping[str, QuerySet]):
    """The records behind a number ({"numerator": qs, "denominator": qs}), each queryset
    built on first access: a plan computes ~50 results and a page opens the records of few,
    and building a queryset costs ORM work even though it runs no query."""

    def __init__(self, **builders: Callable[[], QuerySet]) -> None:
        self._builders = builders
        self._built: dict[str, QuerySet] = {}

    def __getitem__(self, key: str) -> QuerySet:
        if key not in self._built:
            self._built[key] = self._builders[key]()
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._builders)

    def __len__(self) -> int:
        return len(self._builders)

    def __repr__(self) -> str:
        return f"Records({', '.join(self._builders)})"


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator for one scope and year.

    - counts: `numerator` = `value`, `denominator` None; records {"numerator": qs}.
    - shares and ratios: `value` = numerator / denominator; records {"numerator", "denominator"}.
    - growth: `numerator` = the value of year Y (a sum, or the weighted mean for
      avg_income_growth), `denominator` = the value of the baseline year B,
      `value` = numerator / denominator - 1; records {"numerator": reports of Y,
      "denominator": reports of B}; `baseline_year` says which B was used.
    - `value` None means no_data and `no_data_reason` says why (Vietnamese).
    """

    code: str
    year: int
    unit_id: int | None
    value: Decimal | int | None
    numerator: Decimal | int | None
    denominator: Decimal | int | None
    no_data_reason: str | None
    records: Mapping[str, QuerySet] = field(default_factory=dict, compare=False, repr=False)
    baseline_year: int | None = None  # growth indicators only


IndicatorFunction = Callable[["Figures", int, int], IndicatorResult]

INDICATORS: dict[str, IndicatorSpec] = {}
FUNCTIONS: dict[str, IndicatorFunction] = {}


def indicator(code: str, *, name_vi: str, name_en: str, unit: str, kind: str, description: str,
              seed_sentence: str, record_kind: str, tracked: bool = False,
              part_unit: str = "count") -> Callable[[Any], Any]:
    """Register the decorated function as the computation of `code`."""

    def register(function: IndicatorFunction) -> IndicatorFunction:
        if function.__name__ != code:
            raise ValueError(f"indicator function {function.__name__} must be named after its code {code}")
        if code in INDICATORS:
            raise ValueError(f"indicator {code} registered twice")
        INDICATORS[code] = IndicatorSpec(
            code=code, name_vi=name_vi, name_en=name_en, unit=unit, kind=kind, description=description,
            seed_sentence=seed_sentence, tracked=tracked, record_kind=record_kind, part_unit=part_unit,
        )
        FUNCTIONS[code] = function
        return function

    return register
