"""OCOP pages: products (list, page with rating history and stars in force, add, edit),
recording a rating decision, and the ratings that lapse soon."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.services import scoped_update
from accounts.views_access import can_write, get_visible_or_404, read_page, write_required
from cooperatives.selectors import history_of
from core.forms import form_values, save_through_service
from core.listing import Column, render_list
from core.validation import today
from ocop import selectors, services
from ocop.forms import OcopProductForm, OcopRatingForm, ProductFilterForm
from ocop.models import OcopProduct, OcopRating, lapsing_days


def _stars(value) -> str | None:
    return f"{value}★" if value else None


@read_page
def product_list(request):
    form = ProductFilterForm(request.GET or None, user=request.user)
    columns = [
        Column("name", _("Tên sản phẩm"), lambda p: p.name, sort="name",
               link=lambda p: reverse("ocop:product_detail", args=[p.pk])),
        Column("group", _("Nhóm"), lambda p: p.get_group_display(), sort="group"),
        Column("category", _("Loại sản phẩm"), lambda p: p.category, sort="category"),
        Column("producer", _("Chủ thể"), lambda p: p.producer_display, sort="producer__name"),
        Column("unit", _("Xã / phường / thị trấn"), lambda p: p.unit.name, sort="unit__name"),
        Column("stars", _("Hạng sao"), lambda p: _stars(p.stars_on), sort="stars_on"),
        Column("valid_until", _("Hiệu lực đến"), lambda p: p.valid_until_on, sort="valid_until_on", kind="date"),
        Column("registered_on", _("Ngày tham gia"), lambda p: p.registered_on, sort="registered_on", kind="date"),
        Column("withdrawn_on", _("Ngày rút"), lambda p: p.withdrawn_on, sort="withdrawn_on", kind="date"),
    ]
    return render_list(
        request, title=_("Sản phẩm OCOP"), queryset=selectors.product_list(request.user, **form.filters()),
        columns=columns, filter_form=form, default_sort="name", export_name="san-pham-ocop",
        create_url=reverse("ocop:product_create"),
        extra={"lapsing_url": reverse("ocop:lapsing")}, template="ocop/product_list.html",
    )


@read_page
def lapsing(request):
    day = today()
    days = lapsing_days()
    columns = [
        Column("product", _("Sản phẩm"), lambda r: r.product.name, sort="product__name",
               link=lambda r: reverse("ocop:product_detail", args=[r.product_id])),
        Column("producer", _("Chủ thể"), lambda r: r.product.producer_display),
        Column("unit", _("Xã / phường / thị trấn"), lambda r: r.product.unit.name, sort="product__unit__name"),
        Column("stars", _("Hạng sao"), lambda r: _stars(r.stars), sort="stars"),
        Column("decision", _("Số quyết định"), lambda r: r.decision_number, sort="decision_number"),
        Column("decided_on", _("Ngày quyết định"), lambda r: r.decided_on, sort="decided_on", kind="date"),
        Column("valid_until", _("Hiệu lực đến"), lambda r: r.valid_until, sort="valid_until", kind="date"),
        Column("days_left", _("Còn (ngày)"), lambda r: (r.valid_until - day).days, kind="num"),
    ]
    return render_list(
        request, title=_("Sản phẩm OCOP sắp hết hiệu lực (trong %(days)s ngày)") % {"days": days},
        queryset=selectors.lapsing_ratings(request.user), columns=columns, filter_form=None,
        default_sort="valid_until", export_name="ocop-sap-het-hieu-luc", template="ocop/lapsing.html",
    )


@read_page
def product_detail(request, pk: int):
    product = get_visible_or_404(request.user, OcopProduct.objects.select_related("producer", "unit"), pk=pk)
    ratings = selectors.product_ratings(product)
    current = next((r for r in ratings if r.giving_stars), None)
    return render(request, "ocop/product_detail.html", {
        "product": product, "ratings": ratings, "current": current,
        "lapsing_soon": current is not None and current.lapsing,
        "history": history_of(product), "can_write": can_write(request),
    })


@write_required
def product_create(request):
    form = OcopProductForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        product = save_through_service(form, services.product_create, actor=request.user,
                                       data=form_values(form))
        if product:
            messages.success(request, _("Đã thêm sản phẩm “%(name)s”.") % {"name": product.name})
            return redirect("ocop:product_detail", pk=product.pk)
    return render(request, "cooperatives/form.html", {"form": form, "title": _("Thêm sản phẩm OCOP"),
                                                      "back": reverse("ocop:product_list")})


@write_required
def product_edit(request, pk: int):
    product = get_visible_or_404(request.user, OcopProduct.objects.all(), pk=pk)
    form = OcopProductForm(request.POST or None, instance=product, user=request.user,
                           initial={"version": product.version})
    if request.method == "POST" and form.is_valid():
        if save_through_service(form, services.product_update, product, actor=request.user,
                                changes=form_values(form), expected_version=form.cleaned_data["version"]):
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("ocop:product_detail", pk=pk)
    return render(request, "cooperatives/form.html", {
        "form": form, "title": _("Sửa: %(name)s") % {"name": product.name},
        "back": reverse("ocop:product_detail", args=[pk])})


@write_required
def rating_create(request, pk: int):
    product = get_visible_or_404(request.user, OcopProduct.objects.all(), pk=pk)
    form = OcopRatingForm(request.POST or None, instance=OcopRating(product=product))
    if request.method == "POST" and form.is_valid():
        if save_through_service(form, services.rating_record, product, actor=request.user,
                                data=form_values(form)):
            messages.success(request, _("Đã ghi nhận quyết định công nhận OCOP."))
            return redirect("ocop:product_detail", pk=pk)
    return render(request, "cooperatives/form.html", {
        "form": form, "title": _("Ghi nhận quyết định công nhận OCOP: %(name)s") % {"name": product.name},
        "back": reverse("ocop:product_detail", args=[pk])})


@write_required
def rating_edit(request, pk: int):
    rating = get_visible_or_404(request.user, OcopRating.objects.select_related("product"), pk=pk)
    form = OcopRatingForm(request.POST or None, instance=rating, initial={"version": rating.version})
    back = reverse("ocop:product_detail", args=[rating.product_id])
    if request.method == "POST" and form.is_valid():
        if save_through_service(form, scoped_update, rating, actor=request.user, changes=form_values(form),
                                expected_version=form.cleaned_data["version"]):
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(back)
    return render(request, "cooperatives/form.html", {
        "form": form, "title": _("Sửa quyết định %(n)s") % {"n": rating.decision_number}, "back": back})
