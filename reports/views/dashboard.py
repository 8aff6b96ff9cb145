"""The leadership dashboard, its printable report, its Excel export and the data-quality lists.

All four read the same rows (reports.engine.plan_results for the selected plan, unit and
year) through `common.present`, so the numbers on screen, on paper and in Excel are the
same strings from the same values.
"""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from cooperatives.models import Classification
from core.tabular import Formatted, xlsx_response
from core.templatetags.vn import num
from core.validation import today
from reports import charts
from reports.engine import indicator_values, plan_results
from reports.models import Comparator, Status
from reports.selectors import (
    QUALITY_TITLES,
    classification_mix,
    data_quality,
    jumped_fields,
    quality_queryset,
    revenue_profit,
    statistics_missing,
)
from reports.views.common import commune_columns, indicator_url, present, record_url, resolve_selection

CLASSIFICATION_COLORS = {
    Classification.GOOD: "#1e7d34", Classification.FAIR: "#7cb342", Classification.AVERAGE: "#E69F00",
    Classification.WEAK: "#b3261e", Classification.UNRATED: "#b0b6bd",
}
STAR_COLORS = {3: "#E69F00", 4: "#D55E00", 5: "#8e2c8e"}


def _rows(selection) -> list[dict]:
    rows = plan_results(selection.plan, unit=selection.unit, year=selection.year)
    return [present(row, plan=selection.plan, unit_id=selection.unit_pk, year=selection.year) for row in rows]


def chart_years(selection) -> list[int]:
    """Five years up to the selected one, reaching back to the baseline year if it is older."""
    start = min(selection.year - 4, selection.plan.baseline_year)
    return list(range(start, selection.year + 1))


def _billions(value) -> str:
    return "–" if value is None else _("%(n)s tỷ") % {"n": num(Decimal(str(value)) / Decimal(10**9), 1)}


def dashboard_charts(selection) -> list[dict]:
    years = chart_years(selection)
    labels = [str(y) for y in years]
    charts_out = []

    mix = classification_mix(selection.unit_ids, years)
    charts_out.append({"key": "classification", "svg": charts.bar_chart(
        _("Xếp loại HTX theo năm"), labels,
        [charts.Series(str(label), [mix[y][code] for y in years], CLASSIFICATION_COLORS[code])
         for code, label in Classification.choices],
        stacked=True, integer=True, value_format=lambda v: num(v), axis_label=_("số HTX có báo cáo"),
    ), "url": indicator_url("htx_effective_share", unit_id=selection.unit_pk, year=selection.year,
                            plan=selection.plan)})

    stars = {level: indicator_values(f"ocop_{level}_star", unit=selection.unit, years=years) for level in (3, 4, 5)}
    charts_out.append({"key": "ocop", "svg": charts.bar_chart(
        _("Sản phẩm OCOP theo số sao (cuối năm)"), labels,
        [charts.Series(_("%(n)s sao") % {"n": level}, [r.value for r in stars[level]], STAR_COLORS[level])
         for level in (3, 4, 5)],
        stacked=True, integer=True, value_format=lambda v: num(v), axis_label=_("số sản phẩm"),
    ), "url": indicator_url("ocop_rated", unit_id=selection.unit_pk, year=selection.year, plan=selection.plan)})

    money = revenue_profit(selection.unit_ids, years)
    charts_out.append({"key": "money", "svg": charts.line_chart(
        _("Doanh thu và lợi nhuận của HTX (tỷ đồng)"), labels,
        [charts.Series(_("Doanh thu"), [money[y]["revenue"] for y in years], "#0072B2"),
         charts.Series(_("Lợi nhuận"), [money[y]["profit"] for y in years], "#009E73")],
        value_format=_billions, axis_label=_("tỷ đồng"),
    ), "url": indicator_url("htx_revenue_growth", unit_id=selection.unit_pk, year=selection.year,
                            plan=selection.plan)})

    by_commune = commune_columns(
        indicator_values("htx_active", unit=selection.unit, years=[selection.year], by_commune=True), selection.year)
    if len(by_commune) > 1:
        charts_out.append({"key": "communes", "svg": charts.hbar_chart(
            _("HTX đang hoạt động cuối năm %(year)s, theo xã") % {"year": selection.year},
            [unit.name for unit, _r in by_commune], [r.value for _u, r in by_commune],
            value_format=lambda v: num(v),
        ), "url": indicator_url("htx_active", unit_id=selection.unit_pk, year=selection.year, plan=selection.plan)})
    return charts_out


def _link_rows(key: str, rows, user) -> None:
    """Give each data-quality row the page where it can be put right (`row.link`)."""
    for row in rows:
        if key == "statistics":
            continue
        target = row if key in ("missing_reports", "lapsing") else row.collective
        row.link = record_url(target, user)


@login_required
def dashboard(request):
    selection = resolve_selection(request)
    if selection.plan is None:
        return render(request, "reports/dashboard.html", {"selection": selection})
    rows = _rows(selection)
    quality = data_quality(selection.unit, selection.unit_ids, selection.year,
                           baseline_year=selection.plan.baseline_year, today=today())
    for check in quality:
        _link_rows(check.key, check.sample, request.user)
    return render(request, "reports/dashboard.html", {
        "selection": selection,
        "targeted": [r for r in rows if not r["row"].tracked],
        "tracked": [r for r in rows if r["row"].tracked],
        "charts": dashboard_charts(selection),
        "quality": quality,
        "status_counts": _status_counts(rows),
    })


def _status_counts(rows) -> list[dict]:
    counts = {status: 0 for status in Status.values}
    for r in rows:
        if r["status"]:
            counts[r["status"]] += 1
    return [{"status": s, "label": Status(s).label, "count": counts[s]} for s in Status.values]


def _required_selection(request):
    selection = resolve_selection(request)
    if selection.plan is None:
        raise Http404(_("Không tìm thấy kế hoạch."))
    return selection


@login_required
def print_report(request):
    selection = _required_selection(request)
    # The printed report is the Vietnamese document a district files, whatever the reader's
    # interface language: names, sentences and number formats in Vietnamese.
    with translation.override("vi"):
        return render(request, "reports/print.html", {
            "selection": selection, "rows": _rows(selection), "printed_on": today(),
        })


EXPORT_HEADERS = [
    "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Năm gốc", "Giá trị năm gốc", "Năm", "Giá trị",
    "Thay đổi", "Thay đổi tương đối", "Tử số", "Mẫu số", "So sánh", "Cận dưới", "Cận trên",
    "Chỉ tiêu (diễn giải)", "Trạng thái", "Nhận xét",
]
UNIT_LABELS = {"count": "số lượng", "ratio": "tỷ lệ (0,3 = 30%)", "vnd": "đồng"}


def _cell(value):
    """Numbers stay numbers in Excel (a reader can sum them); None stays an empty cell."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@login_required
def export_xlsx(request):
    selection = _required_selection(request)
    # Like the printed report, the export is the Vietnamese document: its headers are fixed
    # and the names, targets, statuses and sentences must not mix the two languages.
    with translation.override("vi"):
        return _export(selection)


def _export(selection) -> HttpResponse:
    plan = selection.plan
    rows = []
    for r in _rows(selection):
        row = r["row"]
        target = row.target
        # Excel shows a ratio as 22,4% and money grouped, while the cell keeps the exact number.
        shown = "0.0%" if row.unit == "ratio" else "#,##0"
        rows.append([
            row.indicator, row.name_vi, UNIT_LABELS.get(row.unit, row.unit), plan.baseline_year,
            Formatted(_cell(row.baseline), shown), selection.year, Formatted(_cell(row.value), shown),
            Formatted(_cell(row.change), shown), Formatted(_cell(row.change_relative), "0.0%"),
            _cell(row.numerator), _cell(row.denominator),
            str(Comparator(target.comparator).label) if target else "",
            Formatted(_cell(target.low) if target else None, shown),
            Formatted(_cell(target.high) if target else None, shown), r["target_text"], str(r["status_label"]),
            r["sentence"],
        ])
    scope = selection.unit.code if selection.unit else "all"  # "all": the whole country, as the API names it
    return xlsx_response(f"{plan.code}-{scope}-{selection.year}.xlsx", EXPORT_HEADERS, rows,
                         title=f"{plan.code} {selection.year}")


@login_required
def quality_list(request, key: str):
    """One data-quality check in full, paginated (the dashboard shows the first rows)."""
    selection = _required_selection(request)
    if key not in QUALITY_TITLES:
        raise Http404(_("Không có mục kiểm tra này."))
    if key == "statistics":
        rows = statistics_missing(selection.unit, selection.unit_ids, sorted({selection.plan.baseline_year, selection.year}))
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
    else:
        qs = quality_queryset(key, selection.unit_ids, selection.year, today())
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        if key == "jumps":
            for row in page.object_list:
                row.jumped = jumped_fields(row)
        _link_rows(key, page.object_list, request.user)
    return render(request, "reports/quality_list.html", {
        "selection": selection, "key": key, "title": QUALITY_TITLES[key], "page": page,
    })
