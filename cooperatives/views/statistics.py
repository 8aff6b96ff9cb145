"""Unit statistics: figures an officer enters by hand for a unit and year (budget revenue,
the collective sector's product), each with the document it comes from and who entered it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.scope import visible
from accounts.views_access import get_visible_or_404, read_page, write_required
from cooperatives import services
from cooperatives.forms import StatisticFilterForm, UnitStatisticForm
from core.forms import form_values, save_through_service
from core.listing import Column, render_list
from units.models import UnitStatistic


def statistic_list_queryset(user, *, unit=None, year=None):
    qs = visible(user, UnitStatistic.objects.all()).select_related("unit", "entered_by")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if year:
        qs = qs.filter(year=year)
    return qs


@read_page
def statistic_list(request):
    form = StatisticFilterForm(request.GET or None, user=request.user)
    who = lambda s: (s.entered_by.get_full_name() or s.entered_by.username) if s.entered_by else None  # noqa: E731
    columns = [
        Column("unit", _("Đơn vị"), lambda s: s.unit.name, sort="unit__name",
               link=lambda s: reverse("statistics:statistic_edit", args=[s.pk]) if request.user.can_write else None),
        Column("year", _("Năm"), lambda s: s.year, sort="year"),
        Column("budget", _("Thu ngân sách nội địa (đồng)"), lambda s: s.domestic_budget_revenue,
               sort="domestic_budget_revenue", kind="num"),
        Column("product", _("Tổng sản phẩm khu vực KTTT (đồng)"), lambda s: s.collective_sector_product,
               sort="collective_sector_product", kind="num"),
        Column("source", _("Nguồn số liệu"), lambda s: s.source, sort="source"),
        Column("entered_by", _("Người nhập"), who, sort="entered_by__username"),
    ]
    return render_list(
        request, title=_("Số liệu thống kê của đơn vị"),
        queryset=statistic_list_queryset(request.user, **form.filters()), columns=columns, filter_form=form,
        default_sort="-year", export_name="so-lieu-thong-ke", create_url=reverse("statistics:statistic_create"),
    )


@write_required
def statistic_create(request):
    form = UnitStatisticForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if save_through_service(form, services.statistic_create, actor=request.user, data=form_values(form)):
            messages.success(request, _("Đã lưu số liệu."))
            return redirect("statistics:statistic_list")
    return render(request, "cooperatives/form.html", {"form": form, "title": _("Nhập số liệu thống kê"),
                                                      "back": reverse("statistics:statistic_list")})


@write_required
def statistic_edit(request, pk: int):
    statistic = get_visible_or_404(request.user, UnitStatistic.objects.select_related("unit"), pk=pk)
    form = UnitStatisticForm(request.POST or None, instance=statistic, user=request.user,
                             initial={"version": statistic.version})
    if request.method == "POST" and form.is_valid():
        if save_through_service(form, services.statistic_update, statistic, actor=request.user, changes=form_values(form),
                                expected_version=form.cleaned_data["version"]):
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("statistics:statistic_list")
    return render(request, "cooperatives/form.html", {
        "form": form, "title": _("Sửa số liệu: %(s)s") % {"s": statistic}, "back": reverse("statistics:statistic_list")})
