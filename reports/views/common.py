"""What every leadership page shares: resolving plan, year and unit for the user, presenting
one result row, and linking a record to its page."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.templatetags.vn import num, pct
from core.validation import today
from reports.engine import INDICATORS
from reports.forms import SelectionForm
from reports.models import Plan, Status
from reports.selectors import country_selectable, default_unit, plans_for, scope_name, unit_choices
from reports.sentences import format_target, format_value, sentence
from units.models import AdministrativeUnit


@dataclass
class Selection:
    plan: Plan | None
    year: int | None
    unit: AdministrativeUnit | None
    unit_ids: set[int] | None
    plans: list[Plan]
    years: list[int]
    units: list[AdministrativeUnit]
    form: SelectionForm | None

    @property
    def unit_pk(self) -> int | None:
        """The selected unit's id; None for the whole country (no `unit` in the query string)."""
        return self.unit.pk if self.unit is not None else None

    @property
    def unit_name(self) -> str:
        return scope_name(self.unit)

    def query(self, **extra) -> str:
        """The query string that reopens this selection (plus `extra`)."""
        params = {"plan": self.plan.code, "year": self.year, "unit": self.unit_pk} if self.plan else {}
        params.update(extra)
        return urlencode({k: v for k, v in params.items() if v is not None})


def parse_year(raw: str | None, default: int) -> int:
    """A year from the query string; anything unusable falls back to the default."""
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return default
    return year if settings.COOPREG["FIRST_YEAR"] <= year <= today().year + 1 else default


def year_choices(plan: Plan, selected: int) -> list[int]:
    first = min(plan.baseline_year - 3, selected)
    last = max(plan.target_year, today().year, selected)
    return list(range(last, first - 1, -1))


def parse_pk(raw: str | None) -> int | None:
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise Http404(_("Không tìm thấy địa bàn.")) from None


def resolve_selection(request) -> Selection:
    """Plan, year and unit from the query string, limited to what the user may see.

    Defaults: the newest plan the user may open, its target year, the plan's unit (or the
    user's own unit when the plan covers more). A unit outside the plan or the user's scope
    is a 404, the same answer as a unit that does not exist.
    """
    plans = list(plans_for(request.user))
    if not plans:
        return Selection(None, None, None, None, [], [], [], None)
    code = request.GET.get("plan")
    if code:
        plan = next((p for p in plans if p.code == code), None)
        if plan is None:
            raise Http404(_("Không tìm thấy kế hoạch."))
    else:
        plan = plans[0]
    year = parse_year(request.GET.get("year"), plan.target_year)
    units = unit_choices(request.user, plan, year)
    # A country plan opens on the whole country (unit None: no unit filter at all) for a
    # user who sees it all; everyone else reads it for their own scope.
    country = country_selectable(request.user, plan)
    wanted = parse_pk(request.GET.get("unit"))
    if wanted is None:
        unit = None if country else default_unit(request.user, plan, units)
        if unit is None and not country:
            raise Http404(_("Không tìm thấy địa bàn."))
    else:
        unit = next((u for u in units if u.pk == wanted), None)
        if unit is None:
            raise Http404(_("Không tìm thấy địa bàn."))
    years = year_choices(plan, year)
    form = SelectionForm(initial={"plan": plan.code, "year": year, "unit": unit.pk if unit else ""},
                         plans=plans, years=years, units=units, country=country)
    unit_ids = AdministrativeUnit.objects.within_ids(unit)
    return Selection(plan, year, unit, unit_ids, plans, years, units, form)


def indicator_url(code: str, *, unit_id: int | None, year: int, plan: Plan | None = None) -> str:
    params = {"year": year}
    if unit_id is not None:
        params["unit"] = unit_id
    if plan is not None:
        params["plan"] = plan.code
    return f"{reverse('reports:indicator', args=[code])}?{urlencode(params)}"


def _signed(text: str, value) -> str:
    return f"+{text}" if value is not None and value > 0 else text


def format_change(row, kind: str) -> str:
    """The change against the baseline year as a reader expects it for the indicator's kind:
    growth rows are a change already; shares move in percentage points; counts and money
    by an amount and, when the baseline is not zero, a percentage."""
    if kind == "growth" or row.change is None:
        return ""
    if row.unit == "ratio":
        return _("%(points)s điểm %%") % {"points": _signed(num(row.change * 100, 1), row.change)}
    text = _signed(format_value(row.change, row.unit), row.change)
    if row.change_relative is not None:
        text += f" ({_signed(pct(row.change_relative), row.change_relative)})"
    return text


# What the numerator and denominator are counted in, where it is not a head count: the
# yearly sums of growth indicators are money, and so are both parts of collective_gdp_share.
MONEY_PARTS = {"htx_income_growth", "avg_income_growth", "htx_revenue_growth", "collective_gdp_share"}


def part_unit(code: str) -> str:
    return "vnd" if code in MONEY_PARTS else "count"


def present(row, *, plan: Plan, unit_id: int | None, year: int) -> dict[str, Any]:
    """One plan row ready for a template, the print page and the export alike."""
    spec = INDICATORS[row.indicator]
    value_text = format_value(row.value, row.unit)
    if spec.kind == "growth" and row.value is not None:
        value_text = _signed(value_text, row.value)
    return {
        "row": row,
        "spec": spec,
        "code": row.indicator,
        "name": row.name_en if get_language() == "en" else row.name_vi,
        "kind": spec.kind,
        "value_text": value_text,
        "baseline_text": format_value(row.baseline, row.unit),
        "change_text": format_change(row, spec.kind),
        "numerator_text": format_value(row.numerator, part_unit(row.indicator)) if row.numerator is not None else "",
        "denominator_text": format_value(row.denominator, part_unit(row.indicator))
        if row.denominator is not None else "",
        "target_text": format_target(row.target, row.unit),
        "status": row.status,
        "status_label": Status(row.status).label if row.status else "",
        "sentence": sentence(row, kind=spec.kind, baseline_year=plan.baseline_year),
        "url": indicator_url(row.indicator, unit_id=unit_id, year=year, plan=plan),
        "baseline_url": indicator_url(row.indicator, unit_id=unit_id, year=plan.baseline_year, plan=plan),
    }


def commune_columns(results, year: int) -> list[tuple[AdministrativeUnit, object]]:
    """(commune, result) for the by-commune results of the engine, leaving out communes that did
    not exist in `year` and count nothing in it (the 2025 communes in a 2023 chart). One query."""
    units = AdministrativeUnit.objects.in_bulk({r.unit_id for r in results})
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    kept = []
    for r in results:
        unit = units.get(r.unit_id)
        if unit is None:
            continue
        existed = (unit.valid_from is None or unit.valid_from <= end) and (
            unit.valid_until is None or unit.valid_until >= start)
        if existed or r.value:
            kept.append((unit, r))
    return kept


# Pages for each kind of record, first match wins: the app's own page, else the admin's
# (shown only to staff, who can open it).
RECORD_URLS: dict[str, list[str]] = {
    "collective": ["cooperatives:collective_detail", "admin:cooperatives_collective_change"],
    "annualreport": ["cooperatives:annual_report_detail", "admin:cooperatives_annualreport_change"],
    "person": ["cooperatives:person_detail", "admin:cooperatives_person_change"],
    "trainingcourse": ["cooperatives:training_detail", "admin:cooperatives_trainingcourse_change"],
    "tradeevent": ["cooperatives:trade_event_detail", "admin:cooperatives_tradeevent_change"],
    "ocopproduct": ["ocop:product_detail", "admin:ocop_ocopproduct_change"],
    "unitstatistic": ["statistics:statistic_detail", "admin:units_unitstatistic_change"],
}


def record_url(obj, user) -> str | None:
    """The page of a record behind a number, or None when the user has none to open."""
    if obj is None:
        return None
    for name in RECORD_URLS.get(obj._meta.model_name, []):
        if name.startswith("admin:") and not getattr(user, "is_staff", False):
            continue
        try:
            return reverse(name, args=[obj.pk])
        except NoReverseMatch:
            continue
    return None
