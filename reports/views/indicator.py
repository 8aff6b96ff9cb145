"""One indicator: its definition, its value over the years, by commune, and the records
behind the number (what the numerator and the denominator counted), with links to them."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.scope import scope_unit_ids
from core.templatetags.vn import num, pct
from core.validation import today, year_end, year_from_query
from reports import charts
from reports.engine import INDICATORS, compute_indicator, indicator_values
from reports.selectors import plans_for
from reports.sentences import format_value
from reports.views.common import commune_columns, indicator_url, parse_pk, part_unit, record_url
from units.models import AdministrativeUnit

RECORDS_PER_PAGE = 50

# select_related per kind of record, so a page of records is one query.
RELATED = {
    "collective": ("unit",),
    "annual_report": ("collective", "collective__unit"),
    "person": ("unit",),
    "training": ("unit",),
    "trade_event": ("unit",),
    "ocop_product": ("producer", "unit"),
    "unit_statistic": ("unit",),
}


def _unit_for(request, plan):
    """The unit asked for, if the user may see it; else the plan's, the user's, or the country."""
    ids = scope_unit_ids(request.user)
    wanted = parse_pk(request.GET.get("unit"))
    if wanted is not None:
        unit = AdministrativeUnit.objects.filter(pk=wanted).first()
        if unit is None or (ids is not None and unit.pk not in ids):
            # A plan's district answers for a commune user only through their commune.
            raise Http404(_("Không tìm thấy địa bàn."))
        return unit
    if plan is not None and (ids is None or plan.unit_id in ids):
        return plan.unit
    if request.user.scope_id is not None:
        return request.user.scope
    if ids is None:
        return None
    raise Http404(_("Không tìm thấy địa bàn."))


def _prepare(qs, record_kind: str, year: int):
    """Make a lazy record queryset cheap to page through: related rows joined, a stable order."""
    related = RELATED.get(record_kind)
    try:
        if related:
            qs = qs.select_related(*related)
        if record_kind == "training":
            qs = qs.annotate(named_attendees=Count("attendees", distinct=True))
        if record_kind == "ocop_product" and hasattr(qs, "with_stars_on") and "stars_on" not in qs.query.annotations:
            qs = qs.with_stars_on(year_end(year))
    except TypeError:  # a values() or combined queryset: show it as it comes
        pass
    if not qs.ordered:
        qs = qs.order_by("pk")
    return qs


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
    unit = _unit_for(request, plan)
    year = year_from_query(request.GET.get("year"), plan.target_year if plan else today().year - 1)
    baseline_year = plan.baseline_year if plan and year > plan.baseline_year else None

    result = compute_indicator(code, unit=unit, year=year, baseline_year=baseline_year)
    years = list(range(year - 5, year + 1))
    trend = indicator_values(code, unit=unit, years=years)
    by_commune = commune_columns(indicator_values(code, unit=unit, years=[year], by_commune=True,
                                                  baseline_year=baseline_year), year) if unit is not None else []
    ids = scope_unit_ids(request.user)
    commune_rows = [{
        "result": r, "name": commune.name,
        "value_text": format_value(r.value, spec.unit),
        "url": indicator_url(code, unit_id=r.unit_id, year=year, plan=plan)
        if ids is None or r.unit_id in ids else None,
    } for commune, r in by_commune]

    name = spec.name_en if get_language() == "en" else spec.name_vi
    value_format = (lambda v: pct(v)) if spec.unit == "ratio" else (lambda v: num(v))
    trend_chart = (charts.line_chart if spec.kind == "growth" else charts.bar_chart)(
        _("%(name)s qua các năm") % {"name": name}, [str(r.year) for r in trend],
        [charts.Series(name, [r.value for r in trend])], value_format=value_format,
        **({"integer": True} if spec.unit == "count" else {}),
    )
    commune_chart = charts.hbar_chart(
        _("%(name)s theo xã, năm %(year)s") % {"name": name, "year": year},
        [row["name"] for row in commune_rows], [row["result"].value for row in commune_rows],
        value_format=value_format,
    ) if len(commune_rows) > 1 else None

    records = result.records or {}
    numerator_page = _page(request, _prepare(records["numerator"], spec.record_kind, year)
                           if records.get("numerator") is not None else None, "page_n", request.user)
    denominator_page = _page(request, _prepare(records["denominator"], spec.record_kind, year)
                             if records.get("denominator") is not None else None, "page_d", request.user)
    growth_years = (result.year, result.baseline_year or (year - 1)) if spec.kind == "growth" else None
    return render(request, "reports/indicator.html", {
        "spec": spec, "name": name, "plan": plan, "unit": unit, "year": year, "result": result,
        "value_text": format_value(result.value, spec.unit),
        "numerator_text": format_value(result.numerator, part_unit(code)),
        "denominator_text": format_value(result.denominator, part_unit(code)),
        "trend": [{"result": r, "value_text": format_value(r.value, spec.unit),
                   "numerator_text": format_value(r.numerator, part_unit(code)),
                   "denominator_text": format_value(r.denominator, part_unit(code)),
                   "url": indicator_url(code, unit_id=unit.pk if unit else None, year=r.year, plan=plan)}
                  for r in trend],
        "commune_rows": commune_rows, "trend_chart": trend_chart, "commune_chart": commune_chart,
        "numerator_page": numerator_page, "denominator_page": denominator_page,
        "growth_years": growth_years,
        "record_template": f"reports/records/{spec.record_kind}.html",
    })
