"""One indicator: its target and status in the plan in view, its definition, its value over
the years, by commune, and the records behind the number (what the numerator and the
denominator counted), with links to them and an Excel export of them."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.numbers import format_quantity, number, percent, signed
from core.paging import ListPaginator
from core.validation import today, year_from_query
from reports import charts
from reports.completeness import (
    coverage_of,
    first_report_year,
    gaps,
    judged_status,
    report_counts,
    report_years,
)
from reports.engine import INDICATORS, TargetSpec, compute_indicator, indicator_values, status_for
from reports.models import Status
from reports.selectors import communes_sample, plans_for, report_unit
from reports.sentences import format_target
from reports.views import records
from reports.views.common import (
    commune_columns,
    indicator_url,
    parse_pk,
    record_url,
)

RECORDS_PER_PAGE = 50
COMMUNES_PER_PAGE = 100
# The trend shows at most this many years, back from the year in view, and none before the
# scope's first annual report.
TREND_YEARS = 10


def _page(request, qs, param: str, user):
    if qs is None:
        return None
    page = ListPaginator(qs, RECORDS_PER_PAGE).get_page(request.GET.get(param))
    # (record, its page, its collective's page): an annual report links to its collective,
    # an OCOP product to its producer.
    # Read by the template next to the page's own attributes (Page declares neither).
    items = [(obj, record_url(obj, user),
              record_url(getattr(obj, "collective", None) or getattr(obj, "producer", None), user))
             for obj in page.object_list]
    page.items = items  # type: ignore[attr-defined]
    page.param = param  # type: ignore[attr-defined]
    return page


def trend_years(unit_ids, year: int) -> list[int]:
    """Up to TREND_YEARS years ending with `year`, from the scope's first annual report on."""
    first = first_report_year(unit_ids)
    start = year - TREND_YEARS + 1 if first is None else min(max(year - TREND_YEARS + 1, first), year)
    return list(range(start, year + 1))


def _judgement(plan, spec, result, ids) -> dict | None:
    """The plan's target for this indicator and its status on this result, judged on the
    completeness of the data as the dashboard judges it; None without a plan or a target."""
    target = next((t for t in plan.targets.all() if t.indicator == spec.code), None) if plan else None
    if target is None:
        return None
    target_spec = TargetSpec.from_target(target)
    coverage = coverage_of(result, report_counts(ids, report_years([result])), today())
    status, provisional = judged_status(status_for(result.value, target_spec), coverage)
    if status is None:  # status_for() judges every value against a target, even a missing one
        raise ValueError(f"no status for {result.code} against its target")
    return {
        "target_text": format_target(target_spec, spec.unit), "status": status, "status_label": Status(status).label,
        "provisional_label": Status(provisional).label if provisional else "", "gaps": gaps(coverage),
        "comparing": result.year != plan.target_year,
    }


@login_required
def indicator_detail(request, code: str):
    spec = INDICATORS.get(code)
    if spec is None:
        raise Http404(_("Không có chỉ tiêu này."))
    plan = None
    if request.GET.get("plan"):
        plan = plans_for(request.user).filter(code=request.GET["plan"]).first()
        if plan is None:
            raise Http404(_("Không tìm thấy kế hoạch."))
    report = report_unit(request.user, pk=parse_pk(request.GET.get("unit")), plan=plan)
    unit, ids = report.unit, report.ids
    year = year_from_query(request.GET.get("year"), plan.target_year if plan else today().year - 1)
    baseline_year = plan.baseline_year if plan and year > plan.baseline_year else None

    result = compute_indicator(code, unit=unit, year=year, baseline_year=baseline_year, unit_ids=ids)
    name = spec.name_en if get_language() == "en" else spec.name_vi

    record_lists = result.records or {}
    export = request.GET.get("export")
    if export in ("numerator", "denominator") and record_lists.get(export) is not None:
        return records.export(records.prepare(record_lists[export]), spec.record_kind,
                              name=f"{code}-{unit.code if unit else 'all'}-{year}-{export}", title=code)

    trend = indicator_values(code, unit=unit, years=trend_years(ids, year), unit_ids=ids)
    by_commune = commune_columns(indicator_values(code, unit=unit, years=[year], by_commune=True,
                                                  baseline_year=baseline_year, unit_ids=ids), year, unit, ids)
    # Every commune column lies in the reader's scope (report.ids), so each opens. Only the
    # rows shown are formatted: the country has 3,254.
    def commune_row(column) -> dict[str, Any]:
        _commune, r, label = column
        return {"result": r, "name": label, "value_text": format_quantity(r.value, spec.unit),
                "url": indicator_url(code, unit_id=r.unit_id, year=year, plan=plan)
                if ids is None or r.unit_id in ids else None}

    # A province or the country: the highest and lowest communes, the rest in the full
    # table (`?communes=all`, paged), so the page weighs the same at any scope.
    sample = communes_sample(by_commune, lambda column: column[1].value)
    commune_rows = [commune_row(pair) for pair in sample.rows]
    communes_page = None
    if sample.hidden and request.GET.get("communes") == "all":
        communes_page = ListPaginator(by_commune, COMMUNES_PER_PAGE).get_page(request.GET.get("page_c"))
        communes_page.rows = [commune_row(pair) for pair in communes_page.object_list]  # type: ignore[attr-defined]

    value_format = (lambda v: percent(v)) if spec.unit == "ratio" else (lambda v: number(v))
    extra: dict[str, Any] = {"integer": True} if spec.unit == "count" else {}  # whole-number gridlines (bars only)
    trend_chart = (charts.line_chart if spec.kind == "growth" else charts.bar_chart)(
        _("%(name)s qua các năm") % {"name": name}, [str(r.year) for r in trend],
        [charts.Series(name, [r.value for r in trend])], value_format=value_format, key=f"{code}-trend",
        **extra,
    )
    commune_chart = charts.hbar_chart(
        _("%(name)s theo xã, năm %(year)s") % {"name": name, "year": year},
        [row["name"] for row in commune_rows], [row["result"].value for row in commune_rows],
        value_format=value_format, key=f"{code}-communes", break_after=sample.cut,
    ) if len(commune_rows) > 1 else None

    numerator_page = _page(request, records.prepare(record_lists["numerator"])
                           if record_lists.get("numerator") is not None else None, "page_n", request.user)
    denominator_page = _page(request, records.prepare(record_lists["denominator"])
                             if record_lists.get("denominator") is not None else None, "page_d", request.user)
    growth_years = (result.year, result.baseline_year or (year - 1)) if spec.kind == "growth" else None
    value_text = format_quantity(result.value, spec.unit)
    if spec.kind == "growth":  # as the dashboard's card: +22,4%
        value_text = signed(value_text, result.value)
    return render(request, "reports/indicator.html", {
        "spec": spec, "name": name, "plan": plan, "unit": unit, "year": year, "result": result,
        "value_text": value_text,
        "judgement": _judgement(plan, spec, result, ids),
        "numerator_text": format_quantity(result.numerator, spec.part_unit),
        "denominator_text": format_quantity(result.denominator, spec.part_unit),
        "trend": [{"result": r, "value_text": format_quantity(r.value, spec.unit),
                   "numerator_text": format_quantity(r.numerator, spec.part_unit),
                   "denominator_text": format_quantity(r.denominator, spec.part_unit),
                   "url": indicator_url(code, unit_id=unit.pk if unit else None, year=r.year, plan=plan)}
                  for r in trend],
        "commune_rows": commune_rows, "trend_chart": trend_chart, "commune_chart": commune_chart,
        "communes": sample, "communes_page": communes_page,
        "numerator_page": numerator_page, "denominator_page": denominator_page,
        "growth_years": growth_years,
        "record_template": f"reports/records/{spec.record_kind}.html",
    })
