"""The yearly entry sheet: one line per collective active in the year, in the user's
scope, each line a small form saved on its own (htmx swaps the line and the totals).

A line carries the version of the report it displayed (0 when there was none), so a line
saved meanwhile by someone else is a conflict, never a silent overwrite.

static/js/sheet.js gives it Excel's keys (Tab, Enter, arrows), saves a line when the
officer leaves it, and sends a block pasted from a workbook to `entry_sheet_paste`, which
reads every cell here, with the forms' Vietnamese parser, and saves each line on its own.
Every save answers the lines it touched and the foot of the sheet, out of band, each in a
<template> (a <tr> or <tfoot> cannot stand alone in the HTML the browser parses).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scope import visible
from accounts.views_access import can_write, get_visible_or_404, read_page, write_required
from cooperatives import selectors, services
from cooperatives.forms import SHEET_FIELDS, SheetFilterForm, SheetRowForm
from cooperatives.models import AnnualReport, Classification, Collective
from core.forms import save_through_service
from core.listing import export_value
from core.parsing import format_integer
from core.tabular import xlsx_response
from core.validation import today, year_from_query

SHEET_PAGE_SIZE = 100


class RowState:
    """What a line's state cell says (text and colour: sheet.css, sheet.js)."""

    STORED = "stored"  # the year's report exists, nothing typed since
    MISSING = "missing"  # no report yet
    SAVED = "saved"  # just saved
    ERROR = "error"  # refused: the cells in error say why; nothing of the line saved
    CONFLICT = "conflict"  # someone saved the line meanwhile; nothing saved


def sheet_year(request) -> int:
    """The year asked for, or last year (the sheet is filled in January for the year past)."""
    return year_from_query(request.GET.get("year"), today().year - 1)


def _filters(request) -> dict:
    filters = SheetFilterForm(request.GET or None, user=request.user).filters()
    filters.pop("year", None)
    return filters


def _sheet_context(request, year: int, *, override: dict | None = None) -> dict:
    filter_form = SheetFilterForm(request.GET or None, user=request.user)
    filters = _filters(request)
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
        **_missing_context(request, year, filters),
        "year": year,
        "years": list(range(today().year, today().year - 8, -1)),
        "filter_form": filter_form,
        "rows": rows,
        "page": page,
        "page_query": page_query.urlencode(),
        "can_write": writer,
        "sheet_query": query,
        "columns": " ".join(SHEET_FIELDS),
        "paste_url": reverse("cooperatives:entry_sheet_paste") + "?" + query,
    }


def _missing_context(request, year: int, filters: dict) -> dict:
    """The foot's totals, and the line above the sheet: how many reports are missing, with
    a link to those lines only."""
    missing_query = request.GET.copy()
    missing_query["year"] = str(year)
    missing_query["missing_only"] = "on"
    missing_query.pop("page", None)
    return {"year": year, "totals": _totals(request, year), "missing_only": bool(filters.get("missing_only")),
            "missing_query": missing_query.urlencode()}


def _sheet_query(request, year: int) -> str:
    query = request.GET.copy()
    query["year"] = str(year)
    query.pop("page", None)
    return query.urlencode()


def _row(collective, report, year, query, *, writer, form=None, message=None, conflict=None, saved=False):
    if conflict:
        state = RowState.CONFLICT
    elif form is not None and form.errors:
        state = RowState.ERROR
    elif saved:
        state = RowState.SAVED
    else:
        state = RowState.STORED if report is not None else RowState.MISSING
    return {
        "collective": collective,
        "report": report,
        "form": form if form is not None else (SheetRowForm.for_row(collective, report) if writer else None),
        "message": message,
        "conflict": conflict,
        "saved": saved,
        "state": state,
        "year": year,
        "sheet_query": query,
        "classes": dict(Classification.choices),
    }


def _totals(request, year: int) -> dict:
    """The foot: every line of the filters except "only missing", which narrows the lines
    shown, not what the year adds up to (docs/domain.md, decision 20)."""
    filters = _filters(request)
    filters.pop("missing_only", None)
    totals = selectors.sheet_totals(selectors.sheet_collectives(request.user, year, **filters), year)
    totals["missing"] = totals["rows"] - totals["reports"]
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
        figures = ([*(export_value(v, "num") for v in (r.members, r.regular_workers, r.revenue, r.profit,
                                                       r.average_monthly_income, r.charter_capital_contributed)),
                    str(classes.get(r.classification, "")),
                    _("Có") if r.value_chain else _("Không"), _("Có") if r.high_tech else _("Không"),
                    _("Đã có báo cáo")] if r else [None] * 9 + [_("Chưa có báo cáo")])
        rows.append([c.unit.name, c.registration_code, c.name, c.get_kind_display(), year, *figures])
    return xlsx_response(f"so-lieu-nam-{year}.xlsx", headers, rows, title=_("Số liệu năm %(year)s") % {"year": year})


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


def _save_line(request, collective: Collective, report: AnnualReport | None, year: int, query: str) -> dict:
    """Read one posted line (its cells, prefixed r<pk>-) and save it through the service,
    or keep it, with its errors in the cells, when a cell or a rule refuses it: a line is
    saved whole or not at all. Answers the line to show."""
    form = SheetRowForm.for_row(collective, report, data=request.POST)
    if form.is_valid():
        # Version 0 means the line showed no report: finding one now is a conflict.
        result = save_through_service(form, services.annual_report_save, actor=request.user,
                                      collective=collective, year=year, values=form.values(),
                                      expected_version=form.cleaned_data["version"])
        if result:
            return _row(collective, result[0], year, query, writer=True, saved=True)
        if form.conflict is not None:
            # Let the next Save knowingly replace what is stored now.
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = str(form.conflict.version)
            return _row(collective, form.conflict, year, query, writer=True, form=form,
                        conflict=_conflict_message(form.conflict))
    return _row(collective, report, year, query, writer=True, form=form,
                message=_("Dòng này chưa được lưu: hãy sửa các ô báo đỏ."))


def _year_of_line(request) -> int | None:
    # A line's URL always carries its year; never fall back to a default when saving.
    year = sheet_year(request)
    return year if str(year) == request.GET.get("year") else None


def _fragment(request, rows: list[dict], year: int, *, main_row: bool) -> HttpResponse:
    """The lines (the first one as the swap's target when `main_row`, the others out of
    band) and the foot, out of band."""
    html = []
    for i, row in enumerate(rows):
        oob = not (main_row and i == 0)
        line = render_to_string("cooperatives/_sheet_row.html", {"row": row, "can_write": True, "oob": oob},
                                request=request)
        html.append(f"<template>{line}</template>" if oob else line)
    foot = {**_missing_context(request, year, _filters(request)), "oob": True, "can_write": True}
    html.append(render_to_string("cooperatives/_sheet_totals.html", foot, request=request))
    html.append(render_to_string("cooperatives/_sheet_missing.html", foot, request=request))
    return HttpResponse("".join(html))


@require_POST
@write_required
def entry_sheet_row(request, pk: int):
    year = _year_of_line(request)
    if year is None:
        return HttpResponseBadRequest(_("Năm không hợp lệ."))
    collective = get_visible_or_404(request.user, Collective.objects.select_related("unit"), pk=pk)
    query = _sheet_query(request, year)
    report = AnnualReport.objects.filter(collective=collective, year=year).first()
    row = _save_line(request, collective, report, year, query)
    if not request.htmx:
        if row["saved"]:
            messages.success(request, _("Đã lưu số liệu năm %(year)s của “%(name)s”.")
                             % {"year": year, "name": collective.name})
            return redirect(reverse("cooperatives:entry_sheet") + "?" + query)
        context = _sheet_context(request, year, override={collective.pk: row})
        return render(request, "cooperatives/sheet.html", context)
    return _fragment(request, [row], year, main_row=True)


@require_POST
@write_required
def entry_sheet_paste(request):
    """A block pasted from a workbook: `rows` lists the lines it covers, in order, and each
    line's cells come as its form would post them (sheet.js puts the pasted text, unread,
    over the line's current cells). Each line is read and saved on its own: one bad line
    does not stop the others."""
    year = _year_of_line(request)
    if year is None:
        return HttpResponseBadRequest(_("Năm không hợp lệ."))
    try:
        pks = list(dict.fromkeys(int(pk) for pk in request.POST.getlist("rows")))
    except ValueError:
        return HttpResponseBadRequest(_("Dòng không hợp lệ."))
    if not pks or len(pks) > SHEET_PAGE_SIZE:
        return HttpResponseBadRequest(_("Dòng không hợp lệ."))
    # Lines outside the officer's scope are left out, unnamed, as a single line would be 404.
    found = visible(request.user, Collective.objects.select_related("unit")).in_bulk(pks)
    collectives = [found[pk] for pk in pks if pk in found]
    reports = selectors.reports_by_collective([c.pk for c in collectives], year)
    query = _sheet_query(request, year)
    rows = [_save_line(request, c, reports.get(c.pk), year, query) for c in collectives]
    return _fragment(request, rows, year, main_row=False)
