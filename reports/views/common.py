"""What every leadership page shares: resolving plan, year and unit for the user (the unit
through reports.selectors.report_unit), presenting one result row, and linking a record to
its page."""

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.scope import scope_unit_ids
from core.numbers import format_quantity, number, percent, signed
from core.validation import today, year_from_query
from reports import figures
from reports.completeness import default_plan, gaps
from reports.engine import INDICATORS
from reports.forms import SelectionForm
from reports.models import Plan, Status
from reports.registry import IndicatorResult
from reports.selectors import country_selectable, plans_for, report_unit, scope_name
from reports.sentences import format_target, sentence
from units.models import AdministrativeUnit


@dataclass
class Selection:
    plan: Plan | None
    year: int | None
    unit: AdministrativeUnit | None
    unit_ids: set[int] | None
    plans: list[Plan]
    years: list[int]
    form: SelectionForm | None

    @property
    def unit_pk(self) -> int | None:
        """The selected unit's id; None for the whole country (no `unit` in the query string)."""
        return self.unit.pk if self.unit is not None else None

    @property
    def unit_name(self) -> str:
        return scope_name(self.unit)

    @property
    def comparing(self) -> bool:
        """The plan's targets are set for its target year; another year is only compared with them."""
        return self.plan is not None and self.year != self.plan.target_year

    def chosen(self) -> tuple[Plan, int, AdministrativeUnit | None]:
        """The plan, year and unit of a selection with a plan (resolve_selection sets them;
        unit None is the whole country, for a country plan read by who sees it all)."""
        if self.plan is None or self.year is None:
            raise Http404(_("Không tìm thấy kế hoạch."))
        return self.plan, self.year, self.unit

    def query(self, **extra) -> str:
        """The query string that reopens this selection (plus `extra`)."""
        params: dict[str, Any] = {"plan": self.plan.code, "year": self.year, "unit": self.unit_pk} if self.plan else {}
        params.update(extra)
        return urlencode({k: v for k, v in params.items() if v is not None})


def year_choices(plan: Plan, selected: int) -> list[int]:
    first = min(plan.baseline_year - 3, selected)
    last = max(plan.target_year, today().year, selected)
    return list(range(last, first - 1, -1))


def year_label(plan: Plan, year: int) -> str:
    """"2023 (năm kế hoạch)" for the plan's own year, "2024 (so sánh)" for the others."""
    if year == plan.target_year:
        return _("%(year)s (năm kế hoạch)") % {"year": year}
    return _("%(year)s (so sánh)") % {"year": year}


def parse_pk(raw: str | None) -> int | None:
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise Http404(_("Không tìm thấy địa bàn.")) from None


def resolve_selection(request) -> Selection:
    """Plan, year and unit from the query string, limited to what the user may see.

    Defaults: the plan whose target year is the latest with complete data in the user's
    scope (reports.completeness.default_plan), its target year; the unit and the units
    whose records count come from reports.selectors.report_unit (a unit outside the plan
    or the user's scope is a 404, the same answer as a unit that does not exist).
    """
    plans = list(plans_for(request.user))
    if not plans:
        return Selection(None, None, None, None, [], [], None)
    code = request.GET.get("plan")
    if code:
        plan = next((p for p in plans if p.code == code), None)
        if plan is None:
            raise Http404(_("Không tìm thấy kế hoạch."))
    else:
        plan = default_plan(plans, scope_unit_id=request.user.scope_id, unit_ids=scope_unit_ids(request.user),
                            today=today())
    year = year_from_query(request.GET.get("year"), plan.target_year)
    report = report_unit(request.user, pk=parse_pk(request.GET.get("unit")), plan=plan)
    years = year_choices(plan, year)
    # The unit picker shows the unit asked for, even one not valid in `year` (a 2025 commune
    # on the 2023 page), and offers the plan's units of the year (reports.pickers). A
    # country plan read by a user who sees it all offers the whole country (unit None: no
    # unit filter at all), the empty choice.
    form = SelectionForm(initial={"plan": plan.code, "year": year, "unit": report.unit.pk if report.unit else ""},
                         plans=plans, years=years, country=country_selectable(request.user, plan))
    # SelectionForm.year is a TypedChoiceField; `fields` holds it as a plain Field.
    cast(forms.ChoiceField, form.fields["year"]).choices = [(y, year_label(plan, y)) for y in years]
    return Selection(plan, year, report.unit, report.ids, plans, years, form)


def indicator_url(code: str, *, unit_id: int | None, year: int, plan: Plan | None = None) -> str:
    params: dict[str, Any] = {"year": year}
    if unit_id is not None:
        params["unit"] = unit_id
    if plan is not None:
        params["plan"] = plan.code
    return f"{reverse('reports:indicator', args=[code])}?{urlencode(params)}"


def format_change(row, kind: str) -> str:
    """The change against the baseline year as a reader expects it for the indicator's kind:
    growth rows are a change already; shares move in percentage points; counts and money
    by an amount and, when the baseline is not zero, a percentage."""
    if kind == "growth" or row.change is None:
        return ""
    if row.unit == "ratio":
        return _("%(points)s điểm %%") % {"points": signed(number(row.change * 100, 1), row.change)}
    text = signed(format_quantity(row.change, row.unit), row.change)
    if row.change_relative is not None:
        text += f" ({signed(percent(row.change_relative), row.change_relative)})"
    return text


def present(row, *, plan: Plan, unit_id: int | None, year: int) -> dict[str, Any]:
    """One plan row ready for a template, the print page and the export alike."""
    spec = INDICATORS[row.indicator]
    value_text = format_quantity(row.value, row.unit)
    if spec.kind == "growth" and row.value is not None:
        value_text = signed(value_text, row.value)
    return {
        "row": row,
        "spec": spec,
        "code": row.indicator,
        "name": row.name_en if get_language() == "en" else row.name_vi,
        "kind": spec.kind,
        "value_text": value_text,
        "baseline_text": signed(format_quantity(row.baseline, row.unit), row.baseline)
        if spec.kind == "growth" else format_quantity(row.baseline, row.unit),
        "change_text": format_change(row, spec.kind),
        "numerator_text": format_quantity(row.numerator, spec.part_unit) if row.numerator is not None else "",
        "denominator_text": format_quantity(row.denominator, spec.part_unit) if row.denominator is not None else "",
        "target_text": format_target(row.target, row.unit),
        "status": row.status,
        "status_label": Status(row.status).label if row.status else "",
        "provisional_label": Status(row.provisional_status).label if row.provisional_status else "",
        "gaps": gaps(row.coverage),
        "sentence": sentence(row, kind=spec.kind, baseline_year=plan.baseline_year),
        "url": indicator_url(row.indicator, unit_id=unit_id, year=year, plan=plan),
        "baseline_url": indicator_url(row.indicator, unit_id=unit_id, year=plan.baseline_year, plan=plan),
    }


def commune_columns(results, year: int, unit: AdministrativeUnit | None,
                    ids: set[int] | None) -> list[tuple[AdministrativeUnit, IndicatorResult, str]]:
    """(commune, result, label) for the by-commune results of the engine for `unit` and its
    record units `ids` (as the engine was asked), which are the communes valid in `year` and
    a commune not valid in it only when it counts something in it (records of a commune
    abolished before the year with no whole successor, or filed under a commune created
    after it: reports.engine.indicator_values); such a commune is labelled with its validity
    so a chart of 2023 never shows a 2025 commune as if it existed then. The communes are
    the engine's own (reports.figures.commune_columns, in the shared cache): no query."""
    communes = {c.pk: c for c in figures.commune_columns(unit, ids, year)[0]}
    return [(communes[r.unit_id], r, column_label(communes[r.unit_id])) for r in results if r.unit_id in communes]


def column_label(unit: AdministrativeUnit) -> str:
    """A commune column's name; with its validity when it did not exist in the year shown
    (`is_valid` from with_validity): "Xã Bình Liêu (hiệu lực từ 01/07/2025)"."""
    if getattr(unit, "is_valid", True):
        return unit.name
    return _("%(name)s (hiệu lực %(validity)s)") % {"name": unit.name, "validity": unit.validity_display()}


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
