"""The yearly entry sheet: one line per collective active in the year, in the user's
scope, each line a small form saved on its own (htmx swaps the line and the totals).

A line carries the version of the report it displayed (0 when there was none), so a line
saved meanwhile by someone else is a conflict, never a silent overwrite.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.views_access import can_write, get_visible_or_404, read_page, write_required
from cooperatives import selectors, services
from cooperatives.forms import SheetFilterForm, SheetRowForm
from cooperatives.models import AnnualReport, Classification, Collective
from core.forms import save_through_service
from core.parsing import format_integer
from core.tabular import xlsx_response
from core.validation import today, year_from_query

SHEET_PAGE_SIZE = 100


def sheet_year(request) -> int:
    """The year asked for, or last year (the sheet is filled in January for the year past)."""
    return year_from_query(request.GET.get("year"), today().year - 1)


def _sheet_context(request, year: int, *, override: dict | None = None) -> dict:
    filter_form = SheetFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    filters.pop("year", None)
    collectives = selectors.sheet_collectives(request.user, year, **filters)
    page = Paginator(collectives, SHEET_PAGE_SIZE).get_page(request.GET.get("page"))
    collectives_on_page = list(page.object_list)
    reports = selectors.reports_by_collective([c.pk for c in collectives_on_page], year)
    writer = can_write(request)
    query = _sheet_query(request, year)
    rows = []
    for collective in collectives_on_page:
        if override and collective.pk in override:
            rows.append(override[collective.pk])
            continue
        report = reports.get(collective.pk)
        rows.append(_row(collective, report, year, query, writer=writer))
    page_query = request.GET.copy()
    page_query.pop("page", None)
    return {
        "year": year,
        "years": list(range(today().year, today().year - 8, -1)),
        "filter_form": filter_form,
        "rows": rows,
        "page": page,
        "page_query": page_query.urlencode(),
        "totals": _totals(collectives, year, page.paginator.count),
        "can_write": writer,
        "sheet_query": query,
    }


def _sheet_query(request, year: int) -> str:
    query = request.GET.copy()
    query["year"] = str(year)
    return query.urlencode()


def _row(collective, report, year, query, *, writer, form=None, message=None, conflict=None, saved=False):
    return {
        "collective": collective,
        "report": report,
        "form": form if form is not None else (SheetRowForm.for_row(collective, report) if writer else None),
        "message": message,
        "conflict": conflict,
        "saved": saved,
        "year": year,
        "sheet_query": query,
        "classes": dict(Classification.choices),
    }


def _totals(collectives, year: int, rows: int) -> dict:
    totals = selectors.sheet_totals(collectives, year)
    totals["rows"] = rows
    totals["missing"] = rows - (totals["reports"] or 0)
    return totals


@read_page
def entry_sheet(request):
    year = sheet_year(request)
    if request.GET.get("export") == "xlsx":
        return _export(request, year)
    return render(request, "cooperatives/sheet.html", _sheet_context(request, year))


def _export(request, year: int):
    """The whole sheet (every page, same filters) as Excel: one line per collective."""
    filters = SheetFilterForm(request.GET or None, user=request.user).filters()
    collectives = list(selectors.sheet_collectives(request.user, year, **filters))
    reports = selectors.reports_by_collective([c.pk for c in collectives], year)
    classes = dict(Classification.choices)
    headers = [_("Xã / phường / thị trấn"), _("Mã số HTX"), _("Tên"), _("Loại hình"), _("Năm"),
               _("Số thành viên"), _("Lao động thường xuyên"), _("Doanh thu (đồng)"), _("Lợi nhuận (đồng)"),
               _("Thu nhập bình quân tháng (đồng)"), _("Vốn điều lệ đã góp (đồng)"), _("Xếp loại"),
               _("Chuỗi giá trị"), _("Công nghệ cao"), _("Tình trạng báo cáo")]
    rows = []
    for c in collectives:
        r = reports.get(c.pk)
        figures = ([r.members, r.regular_workers, r.revenue, r.profit, r.average_monthly_income,
                    r.charter_capital_contributed, str(classes.get(r.classification, "")),
                    _("Có") if r.value_chain else _("Không"), _("Có") if r.high_tech else _("Không"),
                    _("Đã có báo cáo")] if r else [None] * 9 + [_("Chưa có báo cáo")])
        rows.append([c.unit.name, c.registration_code, c.name, c.get_kind_display(), year, *figures])
    return xlsx_response(f"so-lieu-nam-{year}.xlsx", headers, rows, title=f"{year}")


def _conflict_message(current: AnnualReport) -> str:
    who = current.history.select_related("history_user").first()
    user = who.history_user if who else None
    name = (user.get_full_name() or user.username) if user else _("một người khác")
    return _(
        "%(who)s vừa lưu dòng này (số thành viên %(members)s, doanh thu %(revenue)s đ, lợi nhuận %(profit)s đ). "
        "Số liệu của bạn chưa được lưu. Kiểm tra lại rồi bấm “Lưu” lần nữa để ghi đè, hoặc tải lại trang "
        "để xem số liệu mới."
    ) % {"who": name, "members": format_integer(current.members), "revenue": format_integer(current.revenue),
         "profit": format_integer(current.profit)}


@require_POST
@write_required
def entry_sheet_row(request, pk: int):
    # The line's URL always carries its year; never fall back to a default when saving.
    if str(sheet_year(request)) != request.GET.get("year"):
        return HttpResponseBadRequest(_("Năm không hợp lệ."))
    year = sheet_year(request)
    collective = get_visible_or_404(request.user, Collective.objects.select_related("unit"), pk=pk)
    query = _sheet_query(request, year)
    form = SheetRowForm(request.POST, prefix=f"r{collective.pk}")
    row = None
    if form.is_valid():
        # Version 0 means the line showed no report: finding one now is a conflict.
        result = save_through_service(form, services.annual_report_save, actor=request.user,
                                      collective=collective, year=year, values=form.values(),
                                      expected_version=form.cleaned_data["version"])
        if result:
            report, created = result
            if not request.htmx:
                messages.success(request, _("Đã lưu số liệu năm %(year)s của “%(name)s”.")
                                 % {"year": year, "name": collective.name})
                return redirect(reverse("cooperatives:entry_sheet") + "?" + query)
            row = _row(collective, report, year, query, writer=True, saved=True)
        elif form.conflict is not None:
            # Let the next Save knowingly replace what is stored now.
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = str(form.conflict.version)
            row = _row(collective, form.conflict, year, query, writer=True, form=form,
                       conflict=_conflict_message(form.conflict))
    if row is None:
        report = AnnualReport.objects.filter(collective=collective, year=year).first()
        row = _row(collective, report, year, query, writer=True, form=form,
                   message=_("Dòng này chưa được lưu: hãy sửa các ô báo đỏ."))
    if not request.htmx:
        context = _sheet_context(request, year, override={collective.pk: row})
        return render(request, "cooperatives/sheet.html", context)
    filter_form = SheetFilterForm(request.GET or None, user=request.user)
    filters = filter_form.filters()
    filters.pop("year", None)
    collectives = selectors.sheet_collectives(request.user, year, **filters)
    html = render_to_string("cooperatives/_sheet_row.html", {"row": row, "can_write": True}, request=request)
    html += render_to_string("cooperatives/_sheet_totals.html",
                             {"totals": _totals(collectives, year, collectives.count()), "oob": True,
                              "year": year}, request=request)
    return HttpResponse(html)
