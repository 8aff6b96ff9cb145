"""One indicator: its definition, its value over the years, by commune, and the records
behind the number (what the numerator and the denominator counted), with links to them."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.templatetags.vn import num, pct
from core.validation import today
from reports import charts
from reports.engine import INDICATORS, compute_indicator, indicator_values
from reports.selectors import plans_for, report_unit
from reports.sentences import format_value
from reports.views.common import commune_columns, indicator_url, parse_pk, parse_year, record_url

RECORDS_PER_PAGE = 50


def _ordered(qs):
    """A stable order to page through (the engine's records come with their related rows)."""
    return qs if qs.ordered else qs.order_by("pk")


def _page(request, qs, param: str, user):
    if qs is None:
        return None
    page = Paginator(qs, RECORDS_PER_PAGE).get_page(request.GET.get(param))
    # (record, its page, its collective's page): an annual report links to its collective,
    # an OCOP product to its producer.
    page.items = [(obj, record_url(obj, user),
                   record_url(getattr(obj, "collective", None) or getattr(obj, "producer", None), user))
                  for obj in page.object_list]
    page.param = param
    return page


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
    year = parse_year(request.GET.get("year"), plan.target_year if plan else today().year - 1)
    baseline_year = plan.baseline_year if plan and year > plan.baseline_year else None

    result = compute_indicator(code, unit=unit, year=year, baseline_year=baseline_year, unit_ids=ids)
    years = list(range(year - 5, year + 1))
    trend = indicator_values(code, unit=unit, years=years, unit_ids=ids)
    by_commune = commune_columns(indicator_values(code, unit=unit, years=[year], by_commune=True,
                                                  baseline_year=baseline_year, unit_ids=ids),
                                 year) if unit is not None else []
    # Every commune column lies in the reader's scope (report.ids), so each opens.
    commune_rows = [{
        "result": r, "name": commune.name,
        "value_text": format_value(r.value, spec.unit),
        "url": indicator_url(code, unit_id=r.unit_id, year=year, plan=plan),
    } for commune, r in by_commune]

    name = spec.name_en if get_language() == "en" else spec.name_vi
    value_format = (lambda v: pct(v)) if spec.unit == "ratio" else (lambda v: num(v))
    trend_chart = (charts.line_chart if spec.kind == "growth" else charts.bar_chart)(
        _("%(name)s qua các năm") % {"name": name}, [str(r.year) for r in trend],
        [charts.Series(name, [r.value for r in trend])], value_format=value_format, key=f"{code}-trend",
        **({"integer": True} if spec.unit == "count" else {}),
    )
    commune_chart = charts.hbar_chart(
        _("%(name)s theo xã, năm %(year)s") % {"name": name, "year": year},
        [row["name"] for row in commune_rows], [row["result"].value for row in commune_rows],
        value_format=value_format, key=f"{code}-communes",
    ) if len(commune_rows) > 1 else None

    records = result.records or {}
    numerator_page = _page(request, _ordered(records["numerator"])
                           if records.get("numerator") is not None else None, "page_n", request.user)
    denominator_page = _page(request, _ordered(records["denominator"])
                             if records.get("denominator") is not None else None, "page_d", request.user)
    growth_years = (result.year, result.baseline_year or (year - 1)) if spec.kind == "growth" else None
    return render(request, "reports/indicator.html", {
        "spec": spec, "name": name, "plan": plan, "unit": unit, "year": year, "result": result,
        "value_text": format_value(result.value, spec.unit),
        "numerator_text": format_value(result.numerator, spec.part_unit),
        "denominator_text": format_value(result.denominator, spec.part_unit),
        "trend": [{"result": r, "value_text": format_value(r.value, spec.unit),
                   "numerator_text": format_value(r.numerator, spec.part_unit),
                   "denominator_text": format_value(r.denominator, spec.part_unit),
                   "url": indicator_url(code, unit_id=unit.pk if unit else None, year=r.year, plan=plan)}
                  for r in trend],
        "commune_rows": commune_rows, "trend_chart": trend_chart, "commune_chart": commune_chart,
        "numerator_page": numerator_page, "denominator_page": denominator_page,
        "growth_years": growth_years,
        "record_template": f"reports/records/{spec.record_kind}.html",
    })
