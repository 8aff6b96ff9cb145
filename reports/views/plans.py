"""Plans are data: an admin lists, creates, edits (targets included) and clones them here.
Writes go through reports.services; everyone but an admin gets 403."""

import re
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.scope import ensure_admin
from core.forms import save_through_service
from reports.forms import PlanCloneForm, PlanForm, TargetFormSet
from reports.models import Plan
from reports.services import plan_clone, plan_create, plan_update

PLAN_FIELDS = ("code", "title", "unit", "baseline_year", "target_year", "legal_basis", *Plan.DOCUMENT_FIELDS)


def admin_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        ensure_admin(request.user)  # PermissionDenied → 403
        return view(request, *args, **kwargs)

    return wrapper


def _targets(formset) -> list[dict]:
    """The formset's targets in the order of their `position`, deleted and empty rows left out."""
    rows = [f.cleaned_data for f in formset.forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("indicator")]
    rows.sort(key=lambda d: d.get("position") or 0)
    return [{k: d.get(k) for k in ("indicator", "comparator", "low", "high")} for d in rows]


def _form_context(form, formset, plan) -> dict:
    """The plan's own fields, then the settings of its report as a document, in their own group."""
    return {"form": form, "formset": formset, "plan": plan,
            "plan_fields": [form[name] for name in form.fields if name not in Plan.DOCUMENT_FIELDS],
            "document_fields": [form[name] for name in Plan.DOCUMENT_FIELDS]}


@admin_required
def plan_list(request):
    plans = Plan.objects.select_related("unit").order_by("-target_year", "code")
    return render(request, "reports/plan_list.html", {"plans": plans})


@admin_required
def plan_create_view(request):
    form = PlanForm(request.POST or None)
    formset = TargetFormSet(request.POST or None, instance=Plan(), prefix="targets")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        plan = save_through_service(form, plan_create, actor=request.user,
                                    data={k: form.cleaned_data[k] for k in PLAN_FIELDS}, targets=_targets(formset))
        if plan:
            messages.success(request, _("Đã tạo kế hoạch “%(title)s”.") % {"title": plan.title})
            return redirect("reports:plan_list")
    return render(request, "reports/plan_form.html", _form_context(form, formset, None))


@admin_required
def plan_edit(request, code: str):
    plan = get_object_or_404(Plan.objects.select_related("unit"), code=code)
    form = PlanForm(request.POST or None, instance=plan, initial={"version": plan.version})
    formset = TargetFormSet(request.POST or None, instance=plan, prefix="targets")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = save_through_service(form, plan_update, plan, actor=request.user,
                                     changes={k: form.cleaned_data[k] for k in PLAN_FIELDS},
                                     expected_version=form.cleaned_data["version"], targets=_targets(formset))
        if saved:
            messages.success(request, _("Đã lưu kế hoạch “%(title)s”.") % {"title": saved.title})
            return redirect("reports:plan_list")
    return render(request, "reports/plan_form.html", _form_context(form, formset, plan))


def suggested_code(plan: Plan) -> str:
    """binh-lieu-2023 → binh-lieu-2024; otherwise the code with the new year appended."""
    old, new = str(plan.target_year), str(plan.target_year + 1)
    if re.search(old, plan.code):
        return plan.code.replace(old, new)
    return f"{plan.code}-{new}"


@admin_required
def plan_clone_view(request, code: str):
    plan = get_object_or_404(Plan.objects.select_related("unit"), code=code)
    form = PlanCloneForm(request.POST or None, initial={"code": suggested_code(plan)})
    if request.method == "POST" and form.is_valid():
        clone = save_through_service(form, plan_clone, plan, actor=request.user, code=form.cleaned_data["code"],
                                     title=form.cleaned_data.get("title") or None)
        if clone:
            messages.success(request, _("Đã tạo kế hoạch “%(title)s” từ kế hoạch năm %(year)s. Hãy xem lại các chỉ tiêu.")
                             % {"title": clone.title, "year": plan.target_year})
            return redirect("reports:plan_edit", code=clone.code)
    return render(request, "reports/plan_clone.html", {"form": form, "plan": plan})
