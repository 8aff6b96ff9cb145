"""The leadership dashboard, its report (print view, DOCX, PDF), its Excel export and the
data-quality lists.

All read the same rows (reports.publication.plan_view for the selected plan, unit and
year: the published version by default once there is one, else the live figures judged on
the completeness of their data; `?live=1`, `?approved=1`) through `common.present`, so the
numbers on screen, on paper, in Word, PDF and Excel are the same strings from the same
values, rounded by the one rule of core.numbers, and each says which figures they are.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from cooperatives.models import Classification
from core.numbers import excel_format, number
from core.paging import ListPaginator
from core.tabular import Formatted, xlsx_response
from core.validation import today
from reports import charts, documents
from reports.completeness import first_report_year
from reports.engine import INDICATORS, indicator_values
from reports.models import Comparator, Status
from reports.selectors import (
    COMMUNES_EACH,
    QUALITY_TITLES,
    communes_sample,
    data_quality,
    htx_reports_by_year,
    jumped_fields,
    quality_queryset,
    statistics_missing,
)
from reports.views.common import (
    commune_columns,
    indicator_url,
    record_url,
    resolve_selection,
)
from reports.views.publication import basis_context, presented_rows, selected_view

CLASSIFICATION_COLORS: dict[str, str] = {
    Classification.GOOD: "#1e7d34", Classification.FAIR: "#7cb342", Classification.AVERAGE: "#E69F00",
    Classification.WEAK: "#b3261e", Classification.UNRATED: "#b0b6bd",
}
STAR_COLORS = {3: "#E69F00", 4: "#D55E00", 5: "#8e2c8e"}


def chart_years(selection) -> list[int]:
    """Five years up to the selected one, reaching back to the baseline year if it is older,
    but not before the scope's first annual report (no empty years before the register)."""
    start = min(selection.year - 4, selection.plan.baseline_year)
    first = first_report_year(selection.unit_ids)
    if first is not None:
        start = min(max(start, first), selection.year)
    return list(range(start, selection.year + 1))


def _billions(value) -> str:
    return "–" if value is None else _("%(n)s tỷ") % {"n": number(Decimal(str(value)) / Decimal(10**9), 1)}


def dashboard_charts(selection) -> list[dict]:
    years = chart_years(selection)
    labels = [str(y) for y in years]
    charts_out: list[dict[str, Any]] = []

    htx_reports = htx_reports_by_year(selection.unit_ids, years)
    charts_out.append({"key": "classification", "svg": charts.bar_chart(
        _("Xếp loại HTX theo năm"), labels,
        [charts.Series(str(label), [htx_reports[y]["classes"][code] for y in years], CLASSIFICATION_COLORS[code])
         for code, label in Classification.choices],
        stacked=True, integer=True, value_format=lambda v: number(v), axis_label=_("số HTX có báo cáo"),
        key="classification",
    ), "url": indicator_url("htx_effective_share", unit_id=selection.unit_pk, year=selection.year,
                            plan=selection.plan)})

    stars = {level: indicator_values(f"ocop_{level}_star", unit=selection.unit, years=years,
                                     unit_ids=selection.unit_ids) for level in (3, 4, 5)}
    charts_out.append({"key": "ocop", "svg": charts.bar_chart(
        _("Sản phẩm OCOP theo số sao (cuối năm)"), labels,
        [charts.Series(_("%(n)s sao") % {"n": level}, [r.value for r in stars[level]], STAR_COLORS[level])
         for level in (3, 4, 5)],
        stacked=True, integer=True, value_format=lambda v: number(v), axis_label=_("số sản phẩm"), key="ocop",
    ), "url": indicator_url("ocop_rated", unit_id=selection.unit_pk, year=selection.year, plan=selection.plan)})

    charts_out.append({"key": "money", "svg": charts.line_chart(
        _("Doanh thu và lợi nhuận của HTX (tỷ đồng)"), labels,
        [charts.Series(_("Doanh thu"), [htx_reports[y]["revenue"] for y in years], "#0072B2"),
         charts.Series(_("Lợi nhuận"), [htx_reports[y]["profit"] for y in years], "#009E73")],
        value_format=_billions, axis_label=_("tỷ đồng"), key="money",
    ), "url": indicator_url("htx_revenue_growth", unit_id=selection.unit_pk, year=selection.year,
                            plan=selection.plan)})

    by_commune = commune_columns(
        indicator_values("htx_active", unit=selection.unit, years=[selection.year], by_commune=True,
                         unit_ids=selection.unit_ids), selection.year, selection.unit, selection.unit_ids)
    if len(by_commune) > 1:
        # A province or the country: the highest and lowest communes; the indicator page lists them all.
        sample = communes_sample(by_commune, lambda column: column[1].value)
        url = indicator_url("htx_active", unit_id=selection.unit_pk, year=selection.year, plan=selection.plan)
        charts_out.append({"key": "communes", "svg": charts.hbar_chart(
            _("HTX đang hoạt động cuối năm %(year)s, theo xã") % {"year": selection.year},
            [label for _u, _r, label in sample.rows], [r.value for _u, r, _l in sample.rows],
            value_format=lambda v: number(v), key="communes", break_after=sample.cut,
        ), "url": f"{url}&communes=all#communes" if sample.hidden else url,
            "more": sample.total if sample.hidden else None, "each": COMMUNES_EACH})
    return charts_out


def _link_rows(key: str, rows, user) -> None:
    """Give each data-quality row the page where it can be put right (`row.link`)."""
    for row in rows:
        if key == "statistics":
            continue
        if key == "missing_reports":
            target = row
        elif key == "lapsing":
            target = row.product
        else:
            target = row.collective
        row.link = record_url(target, user)


@login_required
def dashboard(request):
    selection = resolve_selection(request)
    if selection.plan is None:
        return render(request, "reports/dashboard.html", {"selection": selection})
    view = selected_view(request, selection)
    rows = presented_rows(selection, view)
    plan, year, unit = selection.chosen()
    quality = data_quality(unit, selection.unit_ids, year, baseline_year=plan.baseline_year, today=today())
    for check in quality:
        _link_rows(check.key, check.sample, request.user)
    return render(request, "reports/dashboard.html", {
        "selection": selection,
        "targeted": [r for r in rows if not r["row"].tracked],
        "tracked": [r for r in rows if r["row"].tracked],
        "charts": dashboard_charts(selection),
        "quality": quality,
        "status_counts": _status_counts(rows),
        **basis_context(request, selection, view),
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


def _document(selection, view) -> documents.ReportDocument:
    # The report is the Vietnamese document a district files, whatever the reader's interface
    # language: names, sentences and number formats in Vietnamese; the figures of the basis
    # asked for (published by default once there is a version).
    with translation.override("vi"):
        rows = presented_rows(selection, view)
    return documents.build(plan=selection.plan, unit=selection.unit, year=selection.year, rows=rows,
                           issued_on=today(), computed_on=today(), demo=settings.DEMO_MODE)


@login_required
def print_report(request):
    """The report as a page to print: the document in Vietnamese, the page around it (menu,
    buttons) in the reader's language."""
    selection = _required_selection(request)
    view = selected_view(request, selection)
    return render(request, "reports/print.html", {"selection": selection, "doc": _document(selection, view),
                                                  "view": view})


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_docx(request):
    """The report for the office to edit, sign and send (Word; Times New Roman)."""
    selection = _required_selection(request)
    doc = _document(selection, selected_view(request, selection))
    return _download(documents.docx_bytes(doc), documents.DOCX_MIME, f"{doc.filename}.docx")


@login_required
def report_pdf(request):
    """The report as a PDF (fonts embedded), to send or print as it is."""
    selection = _required_selection(request)
    doc = _document(selection, selected_view(request, selection))
    return _download(documents.pdf_bytes(doc), "application/pdf", f"{doc.filename}.pdf")


EXPORT_HEADERS = [
    "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Năm gốc", "Giá trị năm gốc", "Năm", "Giá trị",
    "Thay đổi", "Thay đổi tương đối", "Tử số", "Mẫu số", "So sánh", "Cận dưới", "Cận trên",
    "Chỉ tiêu (diễn giải)", "Trạng thái", "Nhận xét", "Số liệu còn thiếu", "Loại số liệu",
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
        return _export(selection, selected_view(request, selection))


def _export(selection, view) -> HttpResponse:
    plan = selection.plan
    rows = []
    which = f"{view.label}: {view.description}"
    for r in presented_rows(selection, view):
        row = r["row"]
        parts = INDICATORS[row.indicator].part_unit
        target = row.target
        rows.append([
            row.indicator, row.name_vi, UNIT_LABELS.get(row.unit, row.unit), plan.baseline_year,
            shown(_cell(row.baseline), row.unit), selection.year, shown(_cell(row.value), row.unit),
            shown(_cell(row.change), row.unit), shown(_cell(row.change_relative), "ratio"),
            shown(_cell(row.numerator), parts), shown(_cell(row.denominator), parts),
            str(Comparator(target.comparator).label) if target else "",
            shown(_cell(target.low) if target else None, row.unit),
            shown(_cell(target.high) if target else None, row.unit), r["target_text"], str(r["status_label"]),
            r["sentence"], r["gaps"], which,
        ])
    scope = selection.unit.code if selection.unit else "all"  # "all": the whole country, as the API names it
    return xlsx_response(f"{plan.code}-{scope}-{selection.year}.xlsx", EXPORT_HEADERS, rows,
                         title=f"{plan.code} {selection.year}")


def shown(value, unit: str) -> Formatted:
    """The exact number, with the Excel format (core.numbers.excel_format) that shows it as the
    page does: 27,5% for 25/91, money grouped, whole counts."""
    return Formatted(value, excel_format(value, unit))


@login_required
def quality_list(request, key: str):
    """One data-quality check in full, paginated (the dashboard shows the first rows)."""
    selection = _required_selection(request)
    if key not in QUALITY_TITLES:
        raise Http404(_("Không có mục kiểm tra này."))
    if key == "statistics":
        rows = statistics_missing(selection.unit, selection.unit_ids, sorted({selection.plan.baseline_year, selection.year}))
        page = ListPaginator(rows, 50).get_page(request.GET.get("page"))
    else:
        qs = quality_queryset(key, selection.unit_ids, selection.year, today())
        page = ListPaginator(qs, 50).get_page(request.GET.get("page"))
        if key == "jumps":
            for row in page.object_list:
                # Read by the template; the jumps queryset yields AnnualReports (quality_queryset).
                row.jumped = jumped_fields(row)
        _link_rows(key, page.object_list, request.user)
    return render(request, "reports/quality_list.html", {
        "selection": selection, "key": key, "title": QUALITY_TITLES[key], "page": page,
    })
