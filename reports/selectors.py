"""Reads behind the leadership pages: which plans and units a user may open, the data-quality
checks of a scope and year, and the yearly aggregates the charts draw.

Indicator values themselves come from reports.engine; what is here is either access
(which plan, which unit) or a count the engine does not define (data quality, chart mixes).
Every function runs a fixed number of queries whatever the number of records.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    Field,
    FilteredRelation,
    IntegerField,
    Model,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.scope import scope_unit_ids, visible
from cooperatives.models import AnnualReport, Classification, Collective, CollectiveKind, whole_year_q
from core.cache import data_cached
from core.collation import collated
from core.validation import year_end, year_start
from ocop.models import OcopRating, lapsing_days
from reports.models import Plan
from units.models import AdministrativeUnit, UnitLevel, UnitStatistic, valid_q

# --- Access: plans and units -------------------------------------------------------------


def plans_for(user: User) -> QuerySet[Plan]:
    """Plans the user may open (accounts.scope, see Plan.scope_q), newest first."""
    return visible(user, Plan.objects.select_related("unit").order_by("-target_year", "code"))


def plan_for(user: User, code: str) -> Plan:
    """The plan with this code if the user may open it; 404 the same way for missing and not yours."""
    plan = plans_for(user).filter(code=code).first()
    if plan is None:
        raise Http404(_("Không tìm thấy kế hoạch."))
    return plan


@dataclass(frozen=True)
class ReportUnit:
    """The unit a report is for, and the units whose records it counts.

    `ids` is within_ids(unit) cut to the reader's scope: a successor commune answers for
    every commune merged into it, but a reader sees only the predecessors in their own
    scope (an officer of old Hoành Mô does not see Đồng Văn through the new xã Hoành Mô).
    None (with unit None) is the whole country, for a national admin.
    """

    unit: AdministrativeUnit | None
    ids: set[int] | None


class UnitOutsidePlan(Http404):
    """A unit the reader may see but the plan does not cover (the API answers 400 for it)."""


def report_unit(user: User, *, pk: int | None = None, code: str | None = None, plan: Plan | None = None) -> ReportUnit:
    """Which unit a report (dashboard, indicator page, plan results, indicator values) is for,
    and which units' records it counts: the one place that decides it for every page and
    endpoint of reports.

    The unit named by `pk` or `code`, else the plan's unit when the reader sees it whole,
    else the reader's own unit, else (a national admin) the whole country. A unit that does
    not exist or lies outside the reader's scope is 404 (the same answer for both);
    with a plan, a unit the plan does not cover is UnitOutsidePlan (also a 404). A country
    plan (no unit) covers every unit, and the country itself (unit None) for a national admin.
    """
    user_ids = scope_unit_ids(user)
    own = user.scope if getattr(user, "scope_id", None) is not None else None  # read with the user (accounts.backends)
    unit: AdministrativeUnit | None
    if own is not None and (pk == own.pk or (code is not None and code == own.code)):
        unit = own  # the reader's own unit, most often: no second read of it or of its scope
    elif pk is not None or code is not None:
        unit = AdministrativeUnit.objects.filter(**({"pk": pk} if pk is not None else {"code": code})).first()
        if unit is None or (user_ids is not None and unit.pk not in user_ids):
            raise Http404(_("Không tìm thấy địa bàn."))
    elif plan is not None and (user_ids is None or plan.unit_id in user_ids):
        unit = plan.unit
    elif user.scope_id is not None and user_ids:
        unit = user.scope
    elif user_ids is None:
        unit = None
    else:
        raise Http404(_("Không tìm thấy địa bàn."))
    if plan is not None and plan.unit_id is not None and (
            unit is None or unit.pk not in (AdministrativeUnit.objects.within_ids(plan.unit) or set())):
        raise UnitOutsidePlan(_("Đơn vị này không thuộc phạm vi của kế hoạch."))
    ids = AdministrativeUnit.objects.within_ids(unit)
    if user_ids is not None:
        ids = set(user_ids) if ids is None else ids & user_ids
    return ReportUnit(unit=unit, ids=ids)


def unit_choices(user: User, plan: Plan, year: int) -> QuerySet[AdministrativeUnit]:
    """The units the dashboard offers for a plan and year: the plan's unit and the units
    under it valid during `year`, limited to the user's scope; the dashboard's unit picker
    searches them (reports.pickers), so a page never lists them all (3,700 for the country).

    The plan's unit stays first even after it was abolished: "Bình Liêu district" still
    answers for 2025 through the communes that succeeded it. A country plan (no unit) lists
    every unit valid during `year`, provinces first; the country itself is not a unit (see
    country_selectable).
    """
    plan_ids = AdministrativeUnit.objects.within_ids(plan.unit)
    user_ids = scope_unit_ids(user)
    allowed = user_ids if plan_ids is None else plan_ids if user_ids is None else plan_ids & user_ids
    candidates = (AdministrativeUnit.objects.all() if allowed is None
                  else AdministrativeUnit.objects.filter(pk__in=allowed))
    valid = valid_q(year_start(year), year_end(year))
    if plan.unit_id is not None:
        valid = Q(pk=plan.unit_id) | (valid & ~Q(level=UnitLevel.PROVINCE))
    plan_first = Case(When(pk=plan.unit_id, then=Value(0)), default=Value(1), output_field=IntegerField())
    return candidates.filter(valid).by_level(plan_first)


def country_selectable(user, plan: Plan) -> bool:
    """Whether the whole country is a choice: a country plan, read by a user who sees it all."""
    return plan.unit_id is None and scope_unit_ids(user) is None


# --- By-commune charts and tables (decision 34) --------------------------------------------

# A by-commune chart or table shows every commune up to this many; past it (a province, the
# country: up to 3,254) the COMMUNES_EACH highest and lowest, the rest a click away.
COMMUNES_ALL_UP_TO = 20
COMMUNES_EACH = 10


@dataclass(frozen=True)
class CommuneSample:
    """The communes a page shows of `total`: all of them (in commune order) when few, else
    the `COMMUNES_EACH` highest (highest first) then the lowest (lowest last). `cut` is the
    index where the left-out ones would be (None when none are)."""

    rows: list
    total: int
    cut: int | None

    @property
    def hidden(self) -> int:
        return self.total - len(self.rows)


def communes_sample(rows: list, value) -> CommuneSample:
    """Top and bottom of `rows` by `value(row)` (a row without a value counts as the lowest);
    every row when there are at most COMMUNES_ALL_UP_TO. Ties keep the commune order."""
    if len(rows) <= COMMUNES_ALL_UP_TO:
        return CommuneSample(rows=list(rows), total=len(rows), cut=None)

    def key(row) -> tuple[bool, Decimal | int]:
        v = value(row)
        return (v is not None, v if v is not None else 0)

    ordered = sorted(rows, key=key, reverse=True)  # stable: equal values keep the commune order
    return CommuneSample(rows=ordered[:COMMUNES_EACH] + ordered[-COMMUNES_EACH:], total=len(rows),
                         cut=COMMUNES_EACH)


# --- Data quality ---------------------------------------------------------------------------


def annual_report_deadline(year: int) -> datetime.date:
    month, day = settings.COOPREG["ANNUAL_REPORT_DEADLINE"]
    return datetime.date(year + 1, month, day)


def self_scoring_deadline(year: int) -> datetime.date:
    month, day = settings.COOPREG["SELF_SCORING_DEADLINE"]
    return datetime.date(year, month, day)


def collectives_without_report(unit_ids: set[int] | None, year: int) -> QuerySet[Collective]:
    """HTX and THT active at the end of `year` with no annual report for it."""
    return (
        Collective.objects.collectives().in_units(unit_ids).active_at_end_of(year)
        .with_report_of(year).filter(report_of_year__isnull=True)
        .select_related("unit").order_by(collated("unit__name"), collated("name"), "pk")
    )


def htx_left_unrated(unit_ids: set[int] | None, year: int) -> QuerySet[AnnualReport]:
    """Reports of `year` of HTX that operated the whole year (so were due a class) but are unrated."""
    return (
        AnnualReport.objects.filter(year=year, collective__kind=CollectiveKind.HTX,
                                    classification=Classification.UNRATED)
        .filter(whole_year_q(year, "collective__"))
        .in_units(unit_ids)
        .select_related("collective", "collective__unit").order_by(collated("collective__unit__name"), collated("collective__name"))
    )


def ratings_lapsing(unit_ids: set[int] | None, today: datetime.date) -> QuerySet[OcopRating]:
    """The ratings lapsing soon (OcopRating.objects.lapsing) of products in `unit_ids`: the
    same rows as the OCOP lapsing page for a reader of that scope."""
    return (
        OcopRating.objects.lapsing(today).in_units(unit_ids)
        .select_related("product", "product__producer", "product__unit").order_by("valid_until", collated("product__name"))
    )


# Yearly figures checked for a tenfold jump (profit is left out: its sign flips with a loss).
JUMP_FIELDS = ("revenue", "members", "regular_workers", "average_monthly_income")
JUMP_FACTOR = 10


def figure_jumps(unit_ids: set[int] | None, year: int, factor: int = JUMP_FACTOR) -> QuerySet[AnnualReport]:
    """Reports of `year` where a figure is over `factor` times (or under 1/`factor` of) the same
    collective's figure of the previous year: most often a typo (a missing or extra zero).

    The previous year's report is joined once on (collective, year), the unique pair, rather
    than read by a subquery per figure: those inherited the model's default ordering (a sort
    joining the collective, per report and figure), seconds for the whole country."""
    previous = FilteredRelation("collective__annual_reports", condition=Q(collective__annual_reports__year=year - 1))
    annotations = {f"prev_{name}": F(f"previous__{name}") for name in JUMP_FIELDS}
    jumped = Q()
    for name in JUMP_FIELDS:
        prev = F(f"prev_{name}")
        both_positive = Q(**{f"{name}__gt": 0, f"prev_{name}__gt": 0})
        jumped |= both_positive & (Q(**{f"{name}__gt": prev * factor}) | Q(**{f"prev_{name}__gt": F(name) * factor}))
    return (
        AnnualReport.objects.filter(year=year).in_units(unit_ids).annotate(previous=previous)
        .annotate(**annotations).filter(jumped)
        .select_related("collective", "collective__unit").order_by(collated("collective__unit__name"), collated("collective__name"))
    )


def jumped_fields(report: AnnualReport, factor: int = JUMP_FACTOR) -> list[dict[str, Any]]:
    """For one row of figure_jumps: which figures jumped, with both years' values."""
    found = []
    for name in JUMP_FIELDS:
        current, previous = getattr(report, name), getattr(report, f"prev_{name}", None)
        if current and previous and current > 0 and previous > 0 and (
            current > previous * factor or previous > current * factor
        ):
            found.append({"field": name, "label": _verbose_name(AnnualReport, name),
                          "previous": previous, "current": current})
    return found


def _verbose_name(model: type[Model], name: str) -> Any:
    field = model._meta.get_field(name)
    if not isinstance(field, Field):  # only the model's own fields are named here
        raise TypeError(f"{model.__name__}.{name} is not a field")
    return field.verbose_name


def scope_name(unit: AdministrativeUnit | None) -> str:
    """How a scope is named on a page: its unit's name, or the whole country."""
    return unit.name if unit is not None else _("Toàn quốc")


def statistics_missing(unit: AdministrativeUnit | None, unit_ids: set[int] | None, years: list[int]) -> list[dict[str, Any]]:
    """Years for which collective_gdp_share has no statistics to read: neither the unit's own
    (both figures entered) nor any commune's under it (the engine sums those when the unit's
    own is missing). One query."""
    complete = UnitStatistic.objects.filter(year__in=years, domestic_budget_revenue__isnull=False,
                                            collective_sector_product__isnull=False)
    under = Q(unit__level=UnitLevel.COMMUNE) if unit_ids is None else Q(unit__in=unit_ids, unit__level=UnitLevel.COMMUNE)
    covered = set(complete.filter(Q(unit=unit) | under).values_list("year", flat=True).distinct())
    labels = [_verbose_name(UnitStatistic, name)
              for name in ("domestic_budget_revenue", "collective_sector_product")]
    return [{"unit": unit, "unit_name": scope_name(unit), "year": year, "fields": labels} for year in sorted(set(years)) if year not in covered]


@dataclass
class QualityCheck:
    key: str
    title: str
    count: int
    sample: list = field(default_factory=list)
    deadline: datetime.date | None = None
    late: bool = False
    note: str = ""


QUALITY_TITLES = {
    "missing_reports": gettext_lazy("Tổ chức đang hoạt động chưa có báo cáo năm"),
    "unrated": gettext_lazy("HTX chưa được xếp loại"),
    "lapsing": gettext_lazy("Sản phẩm OCOP sắp hết hạn công nhận"),
    "jumps": gettext_lazy("Số liệu tăng/giảm trên 10 lần so với năm trước"),
    "statistics": gettext_lazy("Số liệu thống kê chưa nhập"),
}


def quality_queryset(key: str, unit_ids: set[int] | None, year: int, today: datetime.date) -> QuerySet:
    if key == "missing_reports":
        return collectives_without_report(unit_ids, year)
    if key == "unrated":
        return htx_left_unrated(unit_ids, year)
    if key == "lapsing":
        return ratings_lapsing(unit_ids, today)
    if key == "jumps":
        return figure_jumps(unit_ids, year)
    raise Http404(_("Không có mục kiểm tra này."))


@data_cached("reports.quality_sample", depends=lambda: (lapsing_days(), JUMP_FACTOR))
def quality_sample(key: str, unit_ids: set[int] | None, year: int, today: datetime.date,
                   sample: int) -> tuple[list, int]:
    """One data-quality check's first `sample` rows and its count."""
    qs = quality_queryset(key, unit_ids, year, today)
    # Always count in the database (not "len(sample) if short"): the page then runs the
    # same queries whatever the data, which the dashboard's query-count test pins.
    return list(qs[:sample]), qs.count()


def data_quality(
    unit: AdministrativeUnit | None, unit_ids: set[int] | None, year: int, *, baseline_year: int,
    today: datetime.date, sample: int = 5,
) -> list[QualityCheck]:
    """The data-quality panel of a scope and year: each check with its count, its first
    `sample` rows and, where a deadline applies, whether it has passed. `unit_ids` are the
    report's (ReportUnit.ids: the unit's, cut to the reader's scope)."""
    checks = []
    report_due = annual_report_deadline(year)
    scoring_due = self_scoring_deadline(year)
    for key, deadline in (("missing_reports", report_due), ("unrated", scoring_due),
                          ("lapsing", None), ("jumps", None)):
        rows, total = quality_sample(key, unit_ids, year, today, sample)
        if key == "jumps":
            for row in rows:
                row.jumped = jumped_fields(row)
        check = QualityCheck(key=key, title=str(QUALITY_TITLES[key]), count=total, sample=rows, deadline=deadline,
                             late=bool(deadline and total and today > deadline))
        if key == "missing_reports":
            check.note = (_("Hạn nộp báo cáo năm %(year)s là %(date)s: đã quá hạn %(days)s ngày.")
                          % {"year": year, "date": f"{report_due:%d/%m/%Y}", "days": (today - report_due).days}
                          if check.late else
                          _("Hạn nộp báo cáo năm %(year)s là %(date)s.")
                          % {"year": year, "date": f"{report_due:%d/%m/%Y}"})
        elif key == "unrated":
            check.note = (_("Hạn tự chấm điểm, xếp loại năm %(year)s là %(date)s.")
                          % {"year": year, "date": f"{scoring_due:%d/%m/%Y}"})
        elif key == "lapsing":
            check.note = (_("Hết hiệu lực trong vòng %(days)s ngày kể từ hôm nay (%(today)s).")
                          % {"days": lapsing_days(), "today": f"{today:%d/%m/%Y}"})
        elif key == "jumps":
            check.note = _("So với báo cáo năm %(prev)s của cùng tổ chức: doanh thu, thành viên, lao động, "
                           "thu nhập bình quân.") % {"prev": year - 1}
        checks.append(check)
    stats = statistics_missing(unit, unit_ids, sorted({baseline_year, year}))
    checks.append(QualityCheck(
        key="statistics", title=str(QUALITY_TITLES["statistics"]), count=len(stats), sample=stats,
        note=_("Thu ngân sách nội địa và tổng sản phẩm khu vực kinh tế tập thể của %(unit)s, do cán bộ nhập.")
        % {"unit": scope_name(unit)},
    ))
    return checks


# --- Chart aggregates ------------------------------------------------------------------------


@data_cached("reports.htx_reports_by_year")
def htx_reports_by_year(unit_ids: set[int] | None, years: list[int]) -> dict[int, dict[str, Any]]:
    """What the dashboard's charts draw from the HTX reports, one query over them:
    {year: {"classes": {classification: number of reports}, "revenue": Σ, "profit": Σ}}
    (revenue and profit as htx_revenue_growth and htx_income_growth count them; None for
    a year without any report)."""
    out: dict[int, dict[str, Any]] = {
        year: {"classes": dict.fromkeys(Classification.values, 0), "revenue": None, "profit": None} for year in years}
    rows = (AnnualReport.objects.filter(year__in=years, collective__kind=CollectiveKind.HTX).in_units(unit_ids)
            .values("year", "classification").annotate(n=Count("pk"), revenue=Sum("revenue"), profit=Sum("profit"))
            .order_by())
    for row in rows:
        year = out[row["year"]]
        year["classes"][row["classification"]] = row["n"]
        for name in ("revenue", "profit"):
            year[name] = (year[name] or 0) + row[name]
    return out
