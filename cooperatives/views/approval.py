"""Approval of each unit's year: the completeness page of a scope (overdue units first), the
page of one unit-year (state, what is missing, every step, the actions the user may take)
and the transitions, which go through cooperatives.approval like the API."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.scope import unit_in_scope, visible
from accounts.views_access import read_page, write_required
from cooperatives import approval
from cooperatives.models import ApprovalAction
from core.collation import sort_key
from core.forms import VNForm
from core.services import VersionConflict
from core.validation import today, year_end, year_from_query, year_start
from units.models import AdministrativeUnit, UnitLevel


def _year(raw, default: int) -> int:
    """A year from the query string or the URL, in the years figures are entered for; else `default`."""
    return year_from_query(None if raw is None else str(raw), default)


def _unit_or_404(user, pk) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(pk=pk).select_related("parent").first()
    if unit is None or not unit_in_scope(user, unit):
        raise Http404(_("Không tìm thấy đơn vị."))
    return unit


def _scope_choices(user, year: int) -> list[AdministrativeUnit]:
    """Units whose year a user may open as a whole: the own scope, and the provinces and
    districts in it that existed at some time in the year."""
    existed = (Q(valid_from__isnull=True) | Q(valid_from__lte=year_end(year))) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=year_start(year)))
    chosen = {u.pk: u for u in visible(user, AdministrativeUnit.objects.exclude(level=UnitLevel.COMMUNE))
              .filter(existed)}
    if user.scope_id:
        chosen.setdefault(user.scope_id, user.scope)
    order = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2}
    return sorted(chosen.values(), key=lambda u: (order.get(u.level, 3), sort_key(u.name)))


@read_page
def approval_overview(request):
    """Per scope and year: reports expected, received, submitted, approved; classification;
    the deadlines; overdue units first."""
    year = _year(request.GET.get("year"), today().year - 1)
    choices = _scope_choices(request.user, year)
    wanted = request.GET.get("unit")
    if wanted:
        scope = next((u for u in choices if str(u.pk) == wanted), None)
        if scope is None:
            raise Http404(_("Không tìm thấy đơn vị."))
    else:
        scope = request.user.scope
        if scope is None and not request.user.is_admin:
            raise Http404(_("Không tìm thấy đơn vị."))
    rows = approval.overdue_first(approval.completeness(scope, year, today=today()))
    return render(request, "cooperatives/approval_overview.html", {
        "scope": scope, "year": year, "rows": rows, "choices": choices,
        "years": list(range(today().year, today().year - 8, -1)),
        "overdue": sum(1 for r in rows if r.overdue), "due_soon": sum(1 for r in rows if r.due_soon),
        "report_due_on": approval.report_deadline(year), "classification_due_on": approval.classification_deadline(year),
        "district_due_on": approval.level_deadline(UnitLevel.DISTRICT, year),
        "province_due_on": approval.level_deadline(UnitLevel.PROVINCE, year),
    })


class TransitionForm(VNForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    comment = forms.CharField(label=gettext_lazy("Ý kiến"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


ACTION_LABELS = {
    ApprovalAction.SUBMIT: gettext_lazy("Gửi duyệt"),
    ApprovalAction.APPROVE: gettext_lazy("Duyệt"),
    ApprovalAction.RETURN: gettext_lazy("Trả lại để sửa"),
    ApprovalAction.UNAPPROVE: gettext_lazy("Bỏ duyệt"),
}
ACTION_DONE = {
    ApprovalAction.SUBMIT: gettext_lazy("Đã gửi duyệt số liệu năm %(year)s của %(unit)s."),
    ApprovalAction.APPROVE: gettext_lazy("Đã duyệt số liệu năm %(year)s của %(unit)s: số liệu đã được khoá."),
    ApprovalAction.RETURN: gettext_lazy("Đã trả lại số liệu năm %(year)s của %(unit)s."),
    ApprovalAction.UNAPPROVE: gettext_lazy("Đã bỏ duyệt số liệu năm %(year)s của %(unit)s: có thể sửa lại."),
}
COMMENT_REQUIRED = {ApprovalAction.RETURN, ApprovalAction.UNAPPROVE}


@read_page
def approval_unit(request, pk: int, year: int):
    unit = _unit_or_404(request.user, pk)
    year = _year(year, 0)
    if not year:
        raise Http404(_("Không tìm thấy đơn vị."))
    row = approval.unit_year(unit, year, today=today())
    lock = approval.covering_approval(unit, year)
    actions = [{"code": code, "label": ACTION_LABELS[code], "comment_required": code in COMMENT_REQUIRED,
                "form": TransitionForm(initial={"version": row.approval.version}, prefix=code)}
               for code in approval.allowed_actions(request.user, row)]
    return render(request, "cooperatives/approval_unit.html", {
        "unit": unit, "year": year, "row": row, "lock": lock,
        "lock_message": approval.lock_message(lock) if lock else "",
        "missing": list(approval.missing_reports(row)), "blockers": approval.blockers(row),
        "events": list(approval.events_of(unit, year)), "actions": actions,
    })


@require_POST
@write_required
def approval_transition(request, pk: int, year: int, action: str):
    unit = _unit_or_404(request.user, pk)
    if action not in approval.TRANSITIONS or not _year(year, 0):
        raise Http404(_("Không có thao tác này."))
    form = TransitionForm(request.POST, prefix=action)
    back = redirect("cooperatives:approval_unit", pk=unit.pk, year=year)
    if not form.is_valid():
        messages.error(request, _("Không thực hiện được: hãy tải lại trang rồi làm lại."))
        return back
    try:
        approval.TRANSITIONS[action](unit, year, actor=request.user, expected_version=form.cleaned_data["version"],
                                     comment=form.cleaned_data["comment"])
    except VersionConflict:
        messages.error(request, _("Trạng thái năm này vừa được người khác thay đổi; thao tác của bạn chưa được "
                                  "thực hiện. Hãy xem lại rồi làm lại."))
        return back
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return back
    messages.success(request, ACTION_DONE[action] % {"year": year, "unit": unit})
    return back
