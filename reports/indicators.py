"""One function per indicator of indicators.md, named after its code, in its order.

Each reads the aggregated `Figures` of its scope (reports/figures.py: one query per group
of figures, never a loop over records) and returns a frozen `IndicatorResult` with the
lazy querysets of the records behind the number, ready to list (their related rows joined,
so a page of them is one query). A function's docstring quotes the sentence of the seed
(the 2022 report of Bình Liêu district) that it implements.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cooperatives.models import (
    AnnualReport,
    Classification,
    Collective,
    ManagementRole,
    Person,
    TradeEvent,
    TrainingCourse,
    active_q,
)
from core.validation import year_end
from ocop.models import OcopProduct
from reports.figures import (
    COLLECTIVE_KINDS,
    COLLEGE_INTERMEDIATE,
    UNIVERSITY_PLUS,
    Figures,
    effective_classes,
)
from reports.registry import IndicatorResult, Records, indicator
from units.models import UnitLevel, UnitStatistic

# --- helpers shared by the indicator functions ---------------------------------------


def _count(code: str, f: Figures, year: int, value: int, records: Callable[[], QuerySet]) -> IndicatorResult:
    return IndicatorResult(code=code, year=year, unit_id=f.unit_id, value=value, numerator=value,
                           denominator=None, no_data_reason=None, records=Records(numerator=records))


def _no_data(code: str, f: Figures, year: int, reason: str, *, numerator=None, denominator=None,
             records: Records | None = None, baseline_year: int | None = None) -> IndicatorResult:
    return IndicatorResult(code=code, year=year, unit_id=f.unit_id, value=None, numerator=numerator,
                           denominator=denominator, no_data_reason=reason, records=records or Records(),
                           baseline_year=baseline_year)


def _share(code: str, f: Figures, year: int, numerator: int, denominator: int, records: Records,
           empty_reason: str) -> IndicatorResult:
    if not denominator:
        return _no_data(code, f, year, empty_reason, numerator=numerator, denominator=denominator, records=records)
    return IndicatorResult(code=code, year=year, unit_id=f.unit_id, value=Decimal(numerator) / Decimal(denominator),
                           numerator=numerator, denominator=denominator, no_data_reason=None, records=records)


def _growth(code: str, f: Figures, year: int, base: int, *, now: Decimal | int | None, then: Decimal | int | None,
            reports_now: int, reports_then: int, records: Records, what: str) -> IndicatorResult:
    """value(Y) / value(B) - 1, or no_data saying which side is missing."""
    common = {"numerator": now, "denominator": then, "records": records, "baseline_year": base}
    if not reports_now:
        return _no_data(code, f, year, _("Chưa có báo cáo năm %(year)s (%(what)s).") % {"year": year, "what": what},
                        **common)
    if not reports_then:
        return _no_data(code, f, year, _("Chưa có báo cáo năm gốc %(base)s (%(what)s).") % {"base": base, "what": what},
                        **common)
    if then is None or then == 0:
        return _no_data(code, f, year, _("Giá trị năm gốc %(base)s bằng 0, không tính được tốc độ tăng.") % {"base": base},
                        **common)
    if then < 0:
        # A growth over a loss has no meaning (from -100 to +50 would read as -150 %).
        return _no_data(code, f, year, _("Giá trị năm gốc %(base)s âm (lỗ), không tính được tốc độ tăng.") % {"base": base},
                        **common)
    value = Decimal(now) / Decimal(then) - 1
    return IndicatorResult(code=code, year=year, unit_id=f.unit_id, value=value, numerator=now, denominator=then,
                           no_data_reason=None, records=records, baseline_year=base)


def _collectives(f: Figures):
    return Collective.objects.in_units(f.ids).select_related("unit")


def _reports(f: Figures, year: int):
    return f.yearly(AnnualReport.objects.in_units(f.ids).for_year(year), "collective__unit",
                    [year]).select_related("collective", "collective__unit")


def _rated_htx_reports(f: Figures, year: int):
    """Reports of Y of HTX active at end of Y that were classified (the share denominator)."""
    return (_reports(f, year).htx().filter(active_q(year_end(year), "collective__"))
            .exclude(classification=Classification.UNRATED))


def _managers(f: Figures, year: int):
    """Distinct persons holding a role on 31/12/Y in an HTX in scope active that day."""
    end = year_end(year)
    roles = (ManagementRole.objects.active_on(end).filter(collective__kind="htx")
             .filter(active_q(end, "collective__")))
    if f.ids is not None:
        roles = roles.filter(collective__unit__in=f.ids)
    return Person.objects.filter(pk__in=roles.values("person_id")).select_related("unit")


def _ocop_products(f: Figures, year: int):
    end = year_end(year)
    return OcopProduct.objects.in_units(f.ids).participating_on(end).with_stars_on(end).select_related("producer", "unit")


NO_HTX_REPORTS = gettext_noop("Chưa có báo cáo năm %(year)s của HTX nào trong phạm vi.")

# --- the indicators, in the order of indicators.md -----------------------------------


@indicator("htx_new", name_vi="Số HTX thành lập mới", name_en="New cooperatives", unit="count", kind="count",
           description=gettext_noop("Số HTX trong phạm vi có ngày thành lập trong năm."),
           seed_sentence="thành lập mới từ 03 HTX", record_kind="collective")
def htx_new(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "thành lập mới từ 03 HTX" — HTX in S with `established_on` in Y."""
    return _count("htx_new", f, year, f.get("collectives", "htx_new", year),
                  lambda: _collectives(f).htx().established_in(year))


@indicator("tht_new", name_vi="Số tổ hợp tác thành lập mới", name_en="New cooperative groups", unit="count",
           kind="count", description=gettext_noop("Số tổ hợp tác trong phạm vi có ngày thành lập trong năm."),
           seed_sentence="… và 01 tổ hợp tác", record_kind="collective")
def tht_new(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "… và 01 tổ hợp tác" — THT in S with `established_on` in Y."""
    return _count("tht_new", f, year, f.get("collectives", "tht_new", year),
                  lambda: _collectives(f).tht().established_in(year))


@indicator("htx_dissolved", name_vi="Số HTX giải thể", name_en="Dissolved cooperatives", unit="count", kind="count",
           description=gettext_noop("Số HTX trong phạm vi có ngày giải thể trong năm."),
           seed_sentence="rà soát, giải thể các HTX hoạt động kém hiệu quả", record_kind="collective", tracked=True)
def htx_dissolved(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "rà soát, giải thể các HTX hoạt động kém hiệu quả" — HTX in S with `dissolved_on` in Y."""
    return _count("htx_dissolved", f, year, f.get("collectives", "htx_dissolved", year),
                  lambda: _collectives(f).htx().dissolved_in(year))


@indicator("htx_active", name_vi="Số HTX đang hoạt động", name_en="Active cooperatives", unit="count", kind="count",
           description=gettext_noop("Số HTX trong phạm vi đang hoạt động vào ngày 31/12 của năm (đã thành lập, chưa giải thể, "
                                    "không tạm ngừng hoạt động)."),
           seed_sentence="—", record_kind="collective", tracked=True)
def htx_active(f: Figures, year: int, base: int) -> IndicatorResult:
    """No seed sentence (tracked) — HTX in S active at end of Y."""
    return _count("htx_active", f, year, f.get("collectives", "htx_active", year),
                  lambda: _collectives(f).htx().active_at_end_of(year))


@indicator("tht_active", name_vi="Số tổ hợp tác đang hoạt động", name_en="Active cooperative groups", unit="count",
           kind="count", description=gettext_noop("Số tổ hợp tác trong phạm vi đang hoạt động vào ngày 31/12 của năm."),
           seed_sentence="—", record_kind="collective", tracked=True)
def tht_active(f: Figures, year: int, base: int) -> IndicatorResult:
    """No seed sentence (tracked) — THT in S active at end of Y."""
    return _count("tht_active", f, year, f.get("collectives", "tht_active", year),
                  lambda: _collectives(f).tht().active_at_end_of(year))


@indicator("htx_income_growth", name_vi="Tốc độ tăng thu nhập (lãi) của HTX", name_en="Growth of cooperatives' income (profit)",
           unit="ratio", kind="growth",
           description=gettext_noop("Tốc độ tăng tổng lợi nhuận (lãi) trong báo cáo năm của các HTX trong phạm vi so với năm gốc."),
           seed_sentence="thu nhập HTX tăng từ 0,8 - 01 lần so với năm 2022", record_kind="annual_report", part_unit="vnd")
def htx_income_growth(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "thu nhập HTX tăng từ 0,8 - 01 lần so với năm 2022" — growth of Σ profit over the
    annual reports of Y of HTX in S."""
    return _growth("htx_income_growth", f, year, base,
                   now=f.get("reports", "htx_profit", year), then=f.get("reports", "htx_profit", base),
                   reports_now=f.get("reports", "htx_reports", year), reports_then=f.get("reports", "htx_reports", base),
                   records=Records(numerator=lambda: _reports(f, year).htx(),
                                   denominator=lambda: _reports(f, base).htx()),
                   what=_("lợi nhuận HTX"))


@indicator("htx_effective_share", name_vi="Tỷ lệ HTX hoạt động hiệu quả", name_en="Share of cooperatives operating effectively",
           unit="ratio", kind="share",
           description=gettext_noop("Trong số HTX đang hoạt động cuối năm đã được xếp loại năm đó: tỷ lệ xếp loại tốt hoặc khá."),
           seed_sentence="khoảng 50% HTX hoạt động hiệu quả", record_kind="annual_report")
def htx_effective_share(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "khoảng 50% HTX hoạt động hiệu quả" — among HTX in S active at end of Y whose report
    of Y is not `unrated`: share classified good or fair."""
    return _share("htx_effective_share", f, year, f.get("reports", "htx_effective", year),
                  f.get("reports", "htx_rated", year),
                  Records(numerator=lambda: _rated_htx_reports(f, year).filter(classification__in=effective_classes()),
                          denominator=lambda: _rated_htx_reports(f, year)),
                  _("Chưa có HTX nào được xếp loại năm %(year)s trong phạm vi.") % {"year": year})


@indicator("htx_average_share", name_vi="Tỷ lệ HTX xếp loại trung bình", name_en="Share of cooperatives rated average",
           unit="ratio", kind="share",
           description=gettext_noop("Trong số HTX đang hoạt động cuối năm đã được xếp loại năm đó: tỷ lệ xếp loại trung bình."),
           seed_sentence="(xếp loại) trung bình trên 30%", record_kind="annual_report")
def htx_average_share(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "(xếp loại) trung bình trên 30%" — same denominator as htx_effective_share: share
    classified average."""
    return _share("htx_average_share", f, year, f.get("reports", "htx_average", year),
                  f.get("reports", "htx_rated", year),
                  Records(numerator=lambda: _rated_htx_reports(f, year).filter(classification=Classification.AVERAGE),
                          denominator=lambda: _rated_htx_reports(f, year)),
                  _("Chưa có HTX nào được xếp loại năm %(year)s trong phạm vi.") % {"year": year})


@indicator("htx_value_chain_effective", name_vi="Số HTX hoạt động hiệu quả gắn với chuỗi giá trị",
           name_en="Effective cooperatives linked to a value chain", unit="count", kind="count",
           description=gettext_noop("Số HTX trong phạm vi có báo cáo năm xếp loại tốt hoặc khá và gắn với chuỗi giá trị."),
           seed_sentence="01 - 02 HTX hoạt động hiệu quả gắn với chuỗi giá trị, ứng dụng khoa học công nghệ cao …",
           record_kind="annual_report")
def htx_value_chain_effective(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "01 - 02 HTX hoạt động hiệu quả gắn với chuỗi giá trị, ứng dụng khoa học công nghệ
    cao …" — HTX in S whose report of Y is good or fair and marks `value_chain`."""
    def records():
        return _reports(f, year).htx().effective().filter(value_chain=True)

    if not f.get("reports", "htx_reports", year):
        return _no_data("htx_value_chain_effective", f, year, _(NO_HTX_REPORTS) % {"year": year},
                        records=Records(numerator=records))
    return _count("htx_value_chain_effective", f, year, f.get("reports", "htx_value_chain_effective", year), records)


@indicator("htx_high_tech", name_vi="Số HTX ứng dụng công nghệ cao", name_en="Cooperatives applying high technology",
           unit="count", kind="count",
           description=gettext_noop("Số HTX trong phạm vi có báo cáo năm ghi nhận ứng dụng công nghệ cao."),
           seed_sentence="… ứng dụng khoa học công nghệ cao", record_kind="annual_report", tracked=True)
def htx_high_tech(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "… ứng dụng khoa học công nghệ cao" — HTX in S whose report of Y marks `high_tech`."""
    def records():
        return _reports(f, year).htx().filter(high_tech=True)

    if not f.get("reports", "htx_reports", year):
        return _no_data("htx_high_tech", f, year, _(NO_HTX_REPORTS) % {"year": year}, records=Records(numerator=records))
    return _count("htx_high_tech", f, year, f.get("reports", "htx_high_tech", year), records)


@indicator("members_workers_growth", name_vi="Tốc độ tăng số thành viên và lao động thường xuyên",
           name_en="Growth of members and regular workers", unit="ratio", kind="growth",
           description=gettext_noop("Tốc độ tăng tổng số thành viên và lao động thường xuyên trong báo cáo năm của các HTX, "
                       "tổ hợp tác trong phạm vi so với năm gốc."),
           seed_sentence="số thành viên tham gia HTX, tổ hợp tác và lao động thường xuyên tăng từ 5-7%",
           record_kind="annual_report")
def members_workers_growth(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "số thành viên tham gia HTX, tổ hợp tác và lao động thường xuyên tăng từ 5-7%" —
    growth of Σ (members + regular_workers) over the reports of Y of HTX and THT in S."""
    return _growth("members_workers_growth", f, year, base,
                   now=f.get("reports", "head_count", year), then=f.get("reports", "head_count", base),
                   reports_now=f.get("reports", "reports", year), reports_then=f.get("reports", "reports", base),
                   records=Records(numerator=lambda: _reports(f, year).collectives(),
                                   denominator=lambda: _reports(f, base).collectives()),
                   what=_("HTX, tổ hợp tác"))


def _weighted_income(f: Figures, year: int) -> Decimal | None:
    weight = f.get("reports", "income_weight", year)
    return Decimal(f.get("reports", "income_total", year)) / Decimal(weight) if weight else None


@indicator("avg_income_growth", name_vi="Tốc độ tăng thu nhập bình quân của thành viên, người lao động",
           name_en="Growth of members' and workers' average income", unit="ratio", kind="growth",
           description=gettext_noop("Tốc độ tăng thu nhập bình quân tháng (bình quân gia quyền theo số thành viên và lao động) "
                       "trong các báo cáo năm có ghi thu nhập của HTX, tổ hợp tác trong phạm vi so với năm gốc."),
           seed_sentence="thu nhập bình quân của thành viên và người lao động … tăng 0,8 - 01 lần",
           record_kind="annual_report", part_unit="vnd")
def avg_income_growth(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "thu nhập bình quân của thành viên và người lao động … tăng 0,8 - 01 lần" — growth of
    Σ(income × (members + workers)) / Σ(members + workers) over the reports of Y of HTX and THT
    in S that state an income. Numerator and denominator are the two weighted means."""

    def stating_income(y: int):
        return _reports(f, y).collectives().filter(average_monthly_income__isnull=False)

    return _growth("avg_income_growth", f, year, base,
                   now=_weighted_income(f, year), then=_weighted_income(f, base),
                   reports_now=f.get("reports", "income_reports", year),
                   reports_then=f.get("reports", "income_reports", base),
                   records=Records(numerator=lambda: stating_income(year), denominator=lambda: stating_income(base)),
                   what=_("báo cáo có ghi thu nhập bình quân"))


@indicator("manager_training_turns", name_vi="Lượt cán bộ quản lý được đào tạo, bồi dưỡng, tập huấn",
           name_en="Manager training attendances", unit="count", kind="count",
           description=gettext_noop("Tổng lượt học viên (có tên và không ghi tên) của các lớp đào tạo, tập huấn tổ chức trong năm "
                       "tại địa bàn thuộc phạm vi."),
           seed_sentence="đào tạo, bồi dưỡng, tập huấn khoảng 60 lượt cán bộ quản lý", record_kind="training")
def manager_training_turns(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "đào tạo, bồi dưỡng, tập huấn khoảng 60 lượt cán bộ quản lý" — attendances (named
    attendees + unnamed head count) of training courses held in Y whose unit is in S."""
    turns = f.get("training", "named_attendees", year) + f.get("training", "extra_attendees", year)

    def courses():
        held = TrainingCourse.objects.filter(held_on__year=year)
        held = held if f.ids is None else held.filter(unit__in=f.ids)
        return held.select_related("unit").annotate(named_attendees=Count("attendees", distinct=True))

    return _count("manager_training_turns", f, year, turns, courses)


@indicator("htx_managers_university_share", name_vi="Tỷ lệ cán bộ quản lý HTX có trình độ đại học trở lên",
           name_en="Share of cooperative managers with a university degree", unit="ratio", kind="share",
           description=gettext_noop("Trong số người giữ chức danh quản lý ngày 31/12 tại HTX đang hoạt động trong phạm vi (mỗi người "
                       "tính một lần): tỷ lệ có trình độ đại học hoặc sau đại học."),
           seed_sentence="cán bộ quản lý HTX … trình độ đại học đạt khoảng 30%", record_kind="person")
def htx_managers_university_share(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "cán bộ quản lý HTX … trình độ đại học đạt khoảng 30%" — among distinct persons holding
    a management role on 31/12/Y in an HTX in S active then: share university or postgraduate."""
    return _share("htx_managers_university_share", f, year, f.get("managers", "managers_university", year),
                  f.get("managers", "managers", year),
                  Records(numerator=lambda: _managers(f, year).filter(education__in=UNIVERSITY_PLUS),
                          denominator=lambda: _managers(f, year)),
                  _("Chưa có cán bộ quản lý HTX nào đương nhiệm ngày 31/12/%(year)s trong phạm vi.") % {"year": year})


@indicator("htx_managers_college_share", name_vi="Tỷ lệ cán bộ quản lý HTX có trình độ cao đẳng, trung cấp",
           name_en="Share of cooperative managers with college or intermediate training", unit="ratio", kind="share",
           description=gettext_noop("Cùng mẫu số với tỷ lệ trình độ đại học: tỷ lệ có trình độ cao đẳng hoặc trung cấp."),
           seed_sentence="trình độ cao đẳng, trung cấp đạt khoảng 50 (%)", record_kind="person")
def htx_managers_college_share(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "trình độ cao đẳng, trung cấp đạt khoảng 50 (%)" — same denominator as the university
    share: share college or intermediate."""
    return _share("htx_managers_college_share", f, year, f.get("managers", "managers_college", year),
                  f.get("managers", "managers", year),
                  Records(numerator=lambda: _managers(f, year).filter(education__in=COLLEGE_INTERMEDIATE),
                          denominator=lambda: _managers(f, year)),
                  _("Chưa có cán bộ quản lý HTX nào đương nhiệm ngày 31/12/%(year)s trong phạm vi.") % {"year": year})


@indicator("htx_revenue_growth", name_vi="Tốc độ tăng doanh thu của HTX", name_en="Growth of cooperatives' revenue",
           unit="ratio", kind="growth",
           description=gettext_noop("Tốc độ tăng tổng doanh thu trong báo cáo năm của các HTX trong phạm vi so với năm gốc."),
           seed_sentence="tốc độ tăng doanh thu đạt khoảng 10%", record_kind="annual_report", part_unit="vnd")
def htx_revenue_growth(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "tốc độ tăng doanh thu đạt khoảng 10%" — growth of Σ revenue over the reports of Y of
    HTX in S."""
    return _growth("htx_revenue_growth", f, year, base,
                   now=f.get("reports", "htx_revenue", year), then=f.get("reports", "htx_revenue", base),
                   reports_now=f.get("reports", "htx_reports", year), reports_then=f.get("reports", "htx_reports", base),
                   records=Records(numerator=lambda: _reports(f, year).htx(),
                                   denominator=lambda: _reports(f, base).htx()),
                   what=_("doanh thu HTX"))


@indicator("collective_gdp_share", name_vi="Tỷ trọng tổng sản phẩm khu vực kinh tế tập thể so với thu ngân sách nội địa",
           name_en="Collective sector product relative to domestic budget revenue", unit="ratio", kind="ratio",
           description=gettext_noop("Tổng sản phẩm khu vực kinh tế tập thể chia cho thu ngân sách nội địa, theo số liệu thống kê "
                       "do cán bộ nhập cho đơn vị và năm (của chính đơn vị; nếu chưa có thì cộng số liệu các xã)."),
           seed_sentence="tỷ trọng tổng sản phẩm của khu vực kinh tế tập thể … khoảng 1,0% so tổng thu ngân sách "
                         "(phần thu nội địa)", record_kind="unit_statistic", part_unit="vnd")
def collective_gdp_share(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "tỷ trọng tổng sản phẩm của khu vực kinh tế tập thể … khoảng 1,0% so tổng thu ngân sách
    (phần thu nội địa)" — the unit statistics of S for Y: collective_sector_product /
    domestic_budget_revenue. The scope unit's own statistic when entered, else the sum over the
    communes in scope (a district total not entered, the whole country)."""
    product, revenue, used, own = f.statistics(year)

    def statistics():
        entered = f.yearly(UnitStatistic.objects.filter(
            year=year, domestic_budget_revenue__isnull=False, collective_sector_product__isnull=False), "unit",
            [year]).select_related("unit")
        if own:
            return entered.filter(unit_id=f.unit_id)
        communes = entered.filter(unit__level=UnitLevel.COMMUNE)
        return communes if f.ids is None else communes.filter(unit__in=f.ids)

    records = Records(numerator=statistics, denominator=statistics)
    if not used:
        return _no_data("collective_gdp_share", f, year, _("Chưa nhập số liệu thống kê năm %(year)s.") % {"year": year}, records=records)
    return _share("collective_gdp_share", f, year, product, revenue, records,
                  _("Thu ngân sách nội địa năm %(year)s bằng 0, không tính được tỷ trọng.") % {"year": year})


@indicator("trade_events", name_vi="Số cuộc hội chợ, xúc tiến thương mại có HTX, THT tham gia",
           name_en="Trade-promotion events with participating collectives", unit="count", kind="count",
           description=gettext_noop("Số sự kiện xúc tiến thương mại, hội chợ tổ chức trong năm có ít nhất một HTX hoặc tổ hợp tác "
                       "trong phạm vi tham gia."),
           seed_sentence="hỗ trợ … tham gia hội chợ xúc tiến thương mại, OCOP (khoảng 05 – 06 cuộc)",
           record_kind="trade_event")
def trade_events(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "hỗ trợ … tham gia hội chợ xúc tiến thương mại, OCOP (khoảng 05 – 06 cuộc)" — trade
    events held in Y in which at least one collective (HTX or THT) in S took part."""
    def events():
        # One filter() call: the same participant must be an HTX/THT and in scope.
        participant = {"participants__kind__in": COLLECTIVE_KINDS}
        if f.ids is not None:
            participant["participants__unit__in"] = f.ids
        participated = TradeEvent.objects.filter(held_on__year=year, **participant)
        return TradeEvent.objects.filter(pk__in=participated.values("pk")).select_related("unit")

    return _count("trade_events", f, year, f.get("events", "events", year), events)


@indicator("ocop_participating", name_vi="Số sản phẩm tham gia Chương trình OCOP", name_en="Products in the OCOP programme",
           unit="count", kind="count",
           description=gettext_noop("Số sản phẩm OCOP của chủ thể trong phạm vi đã đăng ký tham gia chương trình đến 31/12 của năm "
                       "và chưa rút khỏi chương trình."),
           seed_sentence="27 sản phẩm tham gia Chương trình OCOP", record_kind="ocop_product", tracked=True)
def ocop_participating(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "27 sản phẩm tham gia Chương trình OCOP" — OCOP products of producers in S registered
    on or before end of Y and not withdrawn by then."""
    return _count("ocop_participating", f, year, f.get("ocop", "ocop_participating", year),
                  lambda: _ocop_products(f, year))


@indicator("ocop_rated", name_vi="Số sản phẩm OCOP đạt từ 3 sao trở lên", name_en="OCOP products rated 3 stars or more",
           unit="count", kind="count",
           description=gettext_noop("Số sản phẩm OCOP trong phạm vi (đang tham gia chương trình) có quyết định công nhận từ 3 sao "
                       "còn hiệu lực ngày 31/12 của năm."),
           seed_sentence="(16 sản phẩm 3 sao, 01 sản phẩm 4 sao)", record_kind="ocop_product", tracked=True)
def ocop_rated(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "(16 sản phẩm 3 sao, 01 sản phẩm 4 sao)" — OCOP products in S with a rating of 3 stars
    or more in force at end of Y (decided on or before, valid until on or after)."""
    return _count("ocop_rated", f, year, f.get("ocop", "ocop_rated", year),
                  lambda: _ocop_products(f, year).filter(stars_on__gte=3))


def _ocop_stars(code: str, stars: int, f: Figures, year: int) -> IndicatorResult:
    return _count(code, f, year, f.get("ocop", f"ocop_{stars}_star", year),
                  lambda: _ocop_products(f, year).filter(stars_on=stars))


# One literal per level so the catalogue knows each (the indicator page translates them).
_STARS_DESCRIPTIONS = {
    3: gettext_noop("Số sản phẩm OCOP trong phạm vi (đang tham gia chương trình) mà quyết định công nhận "
                    "mới nhất còn hiệu lực ngày 31/12 của năm là 3 sao."),
    4: gettext_noop("Số sản phẩm OCOP trong phạm vi (đang tham gia chương trình) mà quyết định công nhận "
                    "mới nhất còn hiệu lực ngày 31/12 của năm là 4 sao."),
    5: gettext_noop("Số sản phẩm OCOP trong phạm vi (đang tham gia chương trình) mà quyết định công nhận "
                    "mới nhất còn hiệu lực ngày 31/12 của năm là 5 sao."),
}


@indicator("ocop_3_star", name_vi="Số sản phẩm OCOP 3 sao", name_en="3-star OCOP products", unit="count", kind="count",
           description=_STARS_DESCRIPTIONS[3], seed_sentence="16 sản phẩm đạt 3 sao, 01 sản phẩm 4 sao",
           record_kind="ocop_product", tracked=True)
def ocop_3_star(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "16 sản phẩm đạt 3 sao, 01 sản phẩm 4 sao" — products whose latest rating in force at
    end of Y has 3 stars."""
    return _ocop_stars("ocop_3_star", 3, f, year)


@indicator("ocop_4_star", name_vi="Số sản phẩm OCOP 4 sao", name_en="4-star OCOP products", unit="count", kind="count",
           description=_STARS_DESCRIPTIONS[4], seed_sentence="16 sản phẩm đạt 3 sao, 01 sản phẩm 4 sao",
           record_kind="ocop_product", tracked=True)
def ocop_4_star(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "16 sản phẩm đạt 3 sao, 01 sản phẩm 4 sao" — products whose latest rating in force at
    end of Y has 4 stars."""
    return _ocop_stars("ocop_4_star", 4, f, year)


@indicator("ocop_5_star", name_vi="Số sản phẩm OCOP 5 sao", name_en="5-star OCOP products", unit="count", kind="count",
           description=_STARS_DESCRIPTIONS[5], seed_sentence="16 sản phẩm đạt 3 sao, 01 sản phẩm 4 sao",
           record_kind="ocop_product", tracked=True)
def ocop_5_star(f: Figures, year: int, base: int) -> IndicatorResult:
    """Seed: "16 sản phẩm đạt 3 sao, 01 sản phẩm 4 sao" (the 5-star level of the same count) —
    products whose latest rating in force at end of Y has 5 stars."""
    return _ocop_stars("ocop_5_star", 5, f, year)
