"""The aggregate queries behind the indicators, computed once per scope and set of years.

`Figures` is what an indicator function reads. Each group of figures (collectives,
annual reports, managers, training, trade events, unit statistics) is ONE
conditional-aggregate query covering every year asked for (OCOP: one per year), run the
first time an indicator needs it and cached. So a whole plan costs a fixed number of queries however
many records there are (see tests/reports/test_engine_queries.py).

For values by commune the same queries are grouped by a CASE expression that maps each
record's unit to its commune column (`commune_columns`), still one query per group.

OCOP products are the exception: one GROUP BY stars query per year, built on the domain
querysets (OcopProduct.objects.participating_on(day).with_stars_on(day)).

The day rules come from the models, never restated here: `active_q` (Collective),
`role_held_q` (ManagementRole), `valid_q` (AdministrativeUnit). Asking for a figure a group
does not compute raises KeyError (a typo must not read as 0); a figure with no records is 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property, wraps
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import (
    Aggregate,
    BigIntegerField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from cooperatives.approval import in_approved_years
from cooperatives.models import (
    AnnualReport,
    Classification,
    Collective,
    CollectiveKind,
    Education,
    ManagementRole,
    TradeEvent,
    TrainingCourse,
    active_q,
    role_held_q,
    roles_held_between_q,
)
from core.cache import cached, data_cached, digest
from core.validation import year_end, year_start
from ocop.models import OcopProduct
from units.models import AdministrativeUnit, UnitLevel, UnitStatistic, UnitSuccession

HTX, THT = CollectiveKind.HTX, CollectiveKind.THT
QS = TypeVar("QS", bound=QuerySet)

COLLECTIVE_KINDS = [HTX, THT]
UNIVERSITY_PLUS = [Education.UNIVERSITY, Education.POSTGRADUATE]
COLLEGE_INTERMEDIATE = [Education.COLLEGE, Education.INTERMEDIATE]


def effective_classes() -> list[str]:
    return list(settings.COOPREG["EFFECTIVE_CLASSIFICATIONS"])


# The groups counted by a GROUP BY and summed in Python (their rows name figures as they
# go), with the figures each computes. The other groups name theirs in their aggregates.
SUMMED_GROUPS: dict[str, tuple[str, ...]] = {
    "ocop": ("ocop_participating", "ocop_rated", "ocop_3_star", "ocop_4_star", "ocop_5_star"),
    "managers": ("managers", "managers_university", "managers_college"),
}


def _int(value: Any) -> int:
    # PostgreSQL returns SUM(bigint) as numeric (Decimal); SQLite as int. Sums here are whole.
    return int(value) if value is not None else 0


Rows = dict[int | None, dict[str, Any]]
# The figures each shape of group computes (_Source.names): a handful of shapes per process.
_NAMES: dict[tuple, frozenset[str]] = {}


def _shared(rows: Callable[[_Source, str], Rows]) -> Callable[[_Source, str], Rows]:
    """A group's rows from the shared cache (core.cache) when another request computed them
    for the same scope, years, columns and options at the current data version; read once
    per source either way."""

    @wraps(rows)
    def shared_rows(source: _Source, group: str) -> Rows:
        if group not in source._cache:
            source._cache[group] = cached("reports.figures", (group, source.cache_parts),
                                          lambda: rows(source, group))
        return source._cache[group]

    return shared_rows


class _Source:
    """Runs and caches the group queries for one scope (or one set of commune columns)."""

    def __init__(self, *, unit: AdministrativeUnit | None, ids: set[int] | None, years: Iterable[int],
                 report_years: Iterable[int] = (), columns: dict[int, set[int]] | None = None,
                 approved_only: bool = False) -> None:
        self.unit = unit
        # The official record only: annual reports and statistics of approved unit-years
        # (cooperatives.approval); the other groups are the registry itself, never approved.
        self.approved_only = approved_only
        self.ids = ids
        self.years = sorted(set(years))
        # Growth indicators also read the reports of their baseline years (B, and B - 1 for
        # the baseline of a growth row); the other groups need only `years`.
        self.report_years = sorted(set(years) | set(report_years))
        self.columns = columns  # commune column id -> record unit ids; None: one total
        self._cache: dict[str, dict[int | None, dict[str, Any]]] = {}
        self._definitions: dict[str, tuple] = {}

    @cached_property
    def cache_parts(self) -> str:
        """What every group's rows depend on besides the data (core.cache), named once: the
        commune columns of the country are thousands of sets."""
        return digest((self.unit.pk if self.unit is not None else None, self.ids, self.years, self.report_years,
                       self.columns, self.approved_only, effective_classes()))

    def years_of(self, group: str) -> list[int]:
        return self.report_years if group == "reports" else self.years

    def _definition(self, group: str) -> tuple:
        """(queryset, unit path, aggregates, by year) of an aggregate group (builds no query)."""
        if group not in self._definitions:
            builder = getattr(self, f"_{group}", None) if group not in SUMMED_GROUPS else None
            if builder is None:
                raise KeyError(f"unknown group of figures {group!r}")
            self._definitions[group] = builder()
        return self._definitions[group]

    def names(self, group: str) -> set[str]:
        """The figures a group computes (without their year)."""
        if group in SUMMED_GROUPS:
            return set(SUMMED_GROUPS[group])
        # Named by building the group's queryset, which costs more than reading its rows from
        # the cache (10 ms a plan): once per shape of the question, for the process.
        shape = (group, tuple(self.years), tuple(self.report_years), self.columns is None, self.unit is None,
                 self.approved_only)
        if shape not in _NAMES:
            _queryset, _path, aggregates, by_year = self._definition(group)
            _NAMES[shape] = frozenset(aggregates) if by_year else frozenset(key.rsplit("_", 1)[0] for key in aggregates)
        return set(_NAMES[shape])

    @_shared
    def rows(self, group: str) -> dict[int | None, dict[str, Any]]:
        """{column (None for the total): {"<figure>_<year>": value}} for one group, one query."""
        if group in self._cache:
            return self._cache[group]
        if group in SUMMED_GROUPS:  # grouped by a few values, then summed here
            self._cache[group] = getattr(self, f"_{group}_rows")()
            return self._cache[group]
        queryset, unit_path, aggregates, by_year = self._definition(group)
        keys = []
        if self.columns is not None:
            queryset = queryset.annotate(_column=self._column_case(unit_path))
            keys.append("_column")
        if by_year:
            keys.append("year")
        if not keys:
            self._cache[group] = {None: queryset.aggregate(**aggregates)}
            return self._cache[group]
        rows: dict[int | None, dict[str, Any]] = {}
        for row in queryset.order_by().values(*keys).annotate(**aggregates):
            figures = rows.setdefault(row.pop("_column", None), {})
            if by_year:
                year = row.pop("year")
                figures.update({f"{name}_{year}": value for name, value in row.items()})
            else:
                figures.update(row)
        self._cache[group] = rows
        return rows

    def _column_case(self, unit_path: str) -> Case:
        """The commune column of a record, from its unit (see commune_columns).

        Most units are their own column; only the others (a merged commune counting in its
        successor) are spelled out, behind one IN test over all of them (PostgreSQL answers
        it from a hash), so a row costs one test, not one branch per commune (3,254 for the
        country). A unit in no column keeps its own id, which no column reads."""
        if self.columns is None:
            raise ValueError("one total has no commune columns")
        moved = {key: sorted(ids - {key}) for key, ids in self.columns.items() if ids - {key}}
        unit = F(unit_path)
        if not moved:
            return Case(default=unit, output_field=IntegerField())
        successor = Case(*[When(**{f"{unit_path}__in": ids}, then=Value(key)) for key, ids in moved.items()],
                         output_field=IntegerField())
        every_moved = sorted(pk for ids in moved.values() for pk in ids)
        return Case(When(**{f"{unit_path}__in": every_moved}, then=successor), default=unit,
                    output_field=IntegerField())

    def _in_scope(self, queryset: QS, unit_path: str) -> QS:
        if self.ids is None:
            return queryset
        return queryset.filter(**{f"{unit_path}__in": self.ids})

    # --- one query per group -------------------------------------------------------------

    def _collectives(self):
        path = "unit"
        queryset = self._in_scope(Collective.objects.filter(kind__in=COLLECTIVE_KINDS), path)
        aggregates: dict[str, Aggregate] = {}
        for y in self.years:
            end = year_end(y)
            for kind in COLLECTIVE_KINDS:
                aggregates[f"{kind}_new_{y}"] = Count("pk", filter=Q(kind=kind, established_on__year=y))
                aggregates[f"{kind}_active_{y}"] = Count("pk", filter=Q(kind=kind) & active_q(end))
            aggregates[f"htx_dissolved_{y}"] = Count("pk", filter=Q(kind=HTX, dissolved_on__year=y))
        return queryset, path, aggregates, False

    def _reports(self):
        """Grouped by the report's year, so each figure is written once whatever the years."""
        path = "collective__unit"
        queryset = self._in_scope(
            AnnualReport.objects.filter(collective__kind__in=COLLECTIVE_KINDS, year__in=self.report_years), path
        )
        if self.approved_only:
            queryset = in_approved_years(queryset, path, self.report_years)
        head_count = F("members") + F("regular_workers")
        weighted_income = ExpressionWrapper(F("average_monthly_income") * head_count, output_field=BigIntegerField())
        effective = effective_classes()
        htx = Q(collective__kind=HTX)
        # The collective is active at the end of the report's own year.
        active_at_year_end = Q()
        for y in self.report_years:
            active_at_year_end |= Q(year=y) & active_q(year_end(y), "collective__")
        rated = htx & active_at_year_end & ~Q(classification=Classification.UNRATED)
        with_income = Q(average_monthly_income__isnull=False)
        aggregates = {
            "htx_reports": Count("pk", filter=htx),
            "htx_profit": Sum("profit", filter=htx),
            "htx_revenue": Sum("revenue", filter=htx),
            "htx_rated": Count("pk", filter=rated),
            "htx_effective": Count("pk", filter=rated & Q(classification__in=effective)),
            "htx_average": Count("pk", filter=rated & Q(classification=Classification.AVERAGE)),
            "htx_value_chain_effective": Count("pk", filter=htx & Q(classification__in=effective, value_chain=True)),
            "htx_high_tech": Count("pk", filter=htx & Q(high_tech=True)),
            "reports": Count("pk"),
            "head_count": Sum(head_count),
            "income_reports": Count("pk", filter=with_income),
            "income_weight": Sum(head_count, filter=with_income),
            "income_total": Sum(weighted_income, filter=with_income),
        }
        return queryset, path, aggregates, True

    def _managers_rows(self) -> dict[int | None, dict[str, Any]]:
        """Distinct persons holding a role on 31/12 in an HTX active that day, by education.

        One query grouped by education (six rows at most) with one COUNT(DISTINCT person)
        per year: a person has one education, so the groups add up to the distinct total,
        and the database sorts persons once per year instead of once per share.
        """
        path = "collective__unit"
        first, last = year_end(self.years[0]), year_end(self.years[-1])
        queryset = self._in_scope(
            ManagementRole.objects.filter(roles_held_between_q(first, last), collective__kind=HTX), path)
        # DISTINCT persons: someone managing two HTX (or holding two roles) counts once.
        aggregates = {
            f"managers_{y}": Count(
                "person", distinct=True, filter=role_held_q(year_end(y)) & active_q(year_end(y), "collective__"))
            for y in self.years
        }
        keys = ["person__education"]
        if self.columns is not None:
            queryset = queryset.annotate(_column=self._column_case(path))
            keys.insert(0, "_column")
        rows: dict[int | None, dict[str, Any]] = {}
        for row in queryset.order_by().values(*keys).annotate(**aggregates):
            figures = rows.setdefault(row.get("_column"), {})
            education = row["person__education"]
            for y in self.years:
                names = [f"managers_{y}"]
                if education in UNIVERSITY_PLUS:
                    names.append(f"managers_university_{y}")
                elif education in COLLEGE_INTERMEDIATE:
                    names.append(f"managers_college_{y}")
                for name in names:
                    figures[name] = figures.get(name, 0) + row[f"managers_{y}"]
        return rows

    def _training(self):
        path = "unit"
        first, last = year_start(self.years[0]), year_end(self.years[-1])
        named = (
            TrainingCourse.attendees.through.objects.filter(trainingcourse_id=OuterRef("pk"))
            # `n` is the annotation just made; the django-stubs plugin looks for it among the fields.
            .order_by().values("trainingcourse_id").annotate(n=Count("pk")).values("n")  # type: ignore[misc]
        )
        queryset = self._in_scope(TrainingCourse.objects.filter(held_on__range=(first, last)), path).annotate(
            named=Coalesce(Subquery(named, output_field=IntegerField()), 0)
        )
        aggregates: dict[str, Aggregate] = {}
        for y in self.years:
            in_year = Q(held_on__year=y)
            aggregates[f"courses_{y}"] = Count("pk", filter=in_year)
            aggregates[f"named_attendees_{y}"] = Sum("named", filter=in_year)
            aggregates[f"extra_attendees_{y}"] = Sum("extra_attendees", filter=in_year)
        return queryset, path, aggregates, False

    def _events(self):
        path = "participants__unit"
        first, last = year_start(self.years[0]), year_end(self.years[-1])
        # One filter() call, so that the same participant is an HTX/THT and in scope (two calls
        # would join the participants twice and match two different participants).
        participant: dict[str, Any] = {"participants__kind__in": COLLECTIVE_KINDS}
        if self.ids is not None:
            participant[f"{path}__in"] = self.ids
        queryset = TradeEvent.objects.filter(held_on__range=(first, last), **participant)
        # The participant join repeats an event once per participant: count distinct events.
        aggregates = {f"events_{y}": Count("pk", distinct=True, filter=Q(held_on__year=y)) for y in self.years}
        return queryset, path, aggregates, False

    def _ocop_rows(self) -> dict[int | None, dict[str, Any]]:
        """OCOP products by the stars of their latest rating in force at each year end: one
        GROUP BY stars query per year (a handful of rows: no stars, 1★ … 5★), summed here.

        Grouping keeps PostgreSQL from evaluating the stars subquery once per count that
        reads it, as it does when counts FILTER on a subquery column.
        """
        rows: dict[int | None, dict[str, Any]] = {}
        for y in self.years:
            end = year_end(y)
            queryset = self._in_scope(OcopProduct.objects.participating_on(end), "unit").with_stars_on(end)
            keys = ["stars_on"]
            if self.columns is not None:
                queryset = queryset.annotate(_column=self._column_case("unit"))
                keys.insert(0, "_column")
            for row in queryset.order_by().values(*keys).annotate(products=Count("pk")):
                figures = rows.setdefault(row.get("_column"), {})
                stars, products = row["stars_on"], row["products"]
                names = [f"ocop_participating_{y}"]
                if stars is not None and stars >= 3:
                    names += [f"ocop_rated_{y}", f"ocop_{stars}_star_{y}"]
                for name in names:
                    figures[name] = figures.get(name, 0) + products
        return rows

    def _statistics(self):
        path = "unit"
        queryset = self._in_scope(
            UnitStatistic.objects.filter(
                year__in=self.years, domestic_budget_revenue__isnull=False, collective_sector_product__isnull=False
            ),
            path,
        )
        if self.approved_only:
            queryset = in_approved_years(queryset, path, self.years)
        aggregates: dict[str, Aggregate] = {}
        for y in self.years:
            communes = Q(year=y, unit__level=UnitLevel.COMMUNE)
            aggregates[f"communes_product_{y}"] = Sum("collective_sector_product", filter=communes)
            aggregates[f"communes_revenue_{y}"] = Sum("domestic_budget_revenue", filter=communes)
            aggregates[f"communes_statistics_{y}"] = Count("pk", filter=communes)
            if self.columns is None and self.unit is not None:
                own = Q(year=y, unit=self.unit)
                aggregates[f"own_product_{y}"] = Sum("collective_sector_product", filter=own)
                aggregates[f"own_revenue_{y}"] = Sum("domestic_budget_revenue", filter=own)
                aggregates[f"own_statistics_{y}"] = Count("pk", filter=own)
        return queryset, path, aggregates, False


class Figures:
    """The aggregated figures of one scope (a unit, or one commune column) for some years.

    `figures.get("reports", "htx_profit", 2022)` → the Σ profit of the HTX reports of 2022.
    `ids` are the unit ids whose records count here (None = the whole country); indicator
    functions build their records querysets from them.
    """

    def __init__(self, *, unit: AdministrativeUnit | None, ids: set[int] | None, years: Iterable[int] = (),
                 report_years: Iterable[int] = (), source: _Source | None = None, column: int | None = None,
                 approved_only: bool = False) -> None:
        self.unit = unit
        self.unit_id = unit.pk if unit is not None else None
        self.ids = ids
        self._source = source or _Source(unit=unit, ids=ids, years=years, report_years=report_years,
                                         approved_only=approved_only)
        self._column = column

    def yearly(self, queryset: QuerySet, unit_path: str, years: Iterable[int]) -> QuerySet:
        """Yearly records (reports, statistics) behind a number: those the figures read, so the
        records of an approved-only result are the approved ones."""
        return in_approved_years(queryset, unit_path, years) if self._source.approved_only else queryset

    def get(self, group: str, name: str, year: int) -> int:
        """One figure; 0 when no record counts in it. A name the group does not compute, or a
        year not asked for, raises: a typo in an indicator must not read as a zero."""
        if name not in self._source.names(group):
            raise KeyError(f"{group} figures have no {name!r}")
        if year not in self._source.years_of(group):
            raise ValueError(f"{group} figures of {year} were not asked for when these figures were built")
        row = self._source.rows(group).get(self._column, {})
        return _int(row.get(f"{name}_{year}"))

    def statistics(self, year: int) -> tuple[int, int, int, bool]:
        """(collective sector product, domestic budget revenue, statistics used, own?) for `year`.

        The scope unit's own statistic when it has one; otherwise the sum of the commune
        statistics in scope (a district whose total was not entered, the whole country).
        """
        if self._column is None and self.unit is not None and self.get("statistics", "own_statistics", year):
            return (self.get("statistics", "own_product", year), self.get("statistics", "own_revenue", year),
                    self.get("statistics", "own_statistics", year), True)
        return (self.get("statistics", "communes_product", year), self.get("statistics", "communes_revenue", year),
                self.get("statistics", "communes_statistics", year), False)


def commune_columns(unit: AdministrativeUnit | None, ids: set[int] | None,
                    year: int) -> tuple[list[AdministrativeUnit], dict[int, set[int]]]:
    """The commune columns of `unit` for `year`, and which record units count in each.

    Columns: the communes in scope valid at some time in `year`, plus the communes created
    after it that wholly succeeded one in scope (so records already moved to a 2025 commune
    are not lost from older years). A record unit counts in exactly one column: itself if
    it is a column, else the first whole successor that is a column (Tình Húc → Thị trấn
    Bình Liêu from 2020). A commune split in parts (Vô Ngại) and gone in `year` keeps its own
    column. Each commune carries `is_valid`: valid at some time in `year` (a column that is
    not is shown only when it counts something: reports.engine.indicator_values). Two
    queries, whatever the number of communes.
    """
    rows, columns = _commune_columns(unit, ids, year)
    fields = _unit_fields()
    communes = []
    for values in rows:
        commune = AdministrativeUnit.from_db(DEFAULT_DB_ALIAS, fields, values[:-1])
        commune.is_valid = values[-1]  # type: ignore[attr-defined]  # what with_validity annotates
        communes.append(commune)
    return communes, columns


def _unit_fields() -> list[str]:
    return [f.attname for f in AdministrativeUnit._meta.concrete_fields]


# The shared cache keeps the communes as plain values (their fields in _unit_fields order,
# then `is_valid`): pickling 3,254 model instances costs more (230 ms) than the two queries.
@data_cached("reports.commune_columns.4")
def _commune_columns(unit: AdministrativeUnit | None, ids: set[int] | None,
                     year: int) -> tuple[list[tuple], dict[int, set[int]]]:
    # A column: a commune not gone before the year (valid in it, or created after it).
    units = (AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE)
             .with_validity(year_start(year), name="not_gone")
             .with_validity(year_start(year), year_end(year)))
    if ids is not None:
        units = units.filter(pk__in=ids)
    units = list(units.order_by("code"))
    by_id = {u.pk: u for u in units}
    successors: dict[int, list[int]] = {}
    # The successions between communes in scope (for the country: between communes, not
    # two lists of 3,254 ids).
    linked = UnitSuccession.objects.filter(whole=True)
    linked = (linked.filter(predecessor__level=UnitLevel.COMMUNE, successor__level=UnitLevel.COMMUNE) if ids is None
              else linked.filter(predecessor__in=list(by_id), successor__in=list(by_id)))
    for old, new in linked.order_by("successor__code").values_list("predecessor_id", "successor_id"):
        successors.setdefault(old, []).append(new)
    columns: dict[int, set[int]] = {u.pk: {u.pk} for u in units if u.not_gone}
    for u in units:
        if u.pk in columns:
            continue
        seen, frontier, target = {u.pk}, [u.pk], None
        while frontier and target is None:
            following = [s for pk in frontier for s in successors.get(pk, []) if s not in seen]
            target = next((s for s in following if s in columns), None)
            seen.update(following)
            frontier = following
        columns.setdefault(target or u.pk, set()).add(u.pk)
    ordered = [by_id[pk] for pk in sorted(columns, key=lambda pk: by_id[pk].code)]
    fields = _unit_fields()
    return [tuple(getattr(u, f) for f in fields) + (u.is_valid,) for u in ordered], columns


def figures_by_commune(unit: AdministrativeUnit | None, ids: set[int] | None,
                       year: int, report_years: Iterable[int] = (), approved_only: bool = False) -> list[Figures]:
    """One Figures per commune column of `year`, all read from the same grouped queries."""
    communes, columns = commune_columns(unit, ids, year)
    source = _Source(unit=unit, ids=ids, years=[year], report_years=report_years, columns=columns,
                     approved_only=approved_only)
    return [Figures(unit=c, ids=columns[c.pk], source=source, column=c.pk) for c in communes]
