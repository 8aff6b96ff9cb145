"""People (members and managers): list, page, add, edit."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.services import scoped_create, scoped_update
from accounts.views_access import can_write, get_visible_or_404, read_page, write_required
from cooperatives import selectors
from cooperatives.forms import PeopleFilterForm, PersonForm
from cooperatives.models import Person
from core.forms import form_values, save_through_service
from core.listing import Column, render_list


@read_page
def person_list(request):
    form = PeopleFilterForm(request.GET or None, user=request.user)
    columns = [
        Column("name", _("Họ và tên"), lambda p: p.full_name, sort="full_name",
               link=lambda p: reverse("cooperatives:person_detail", args=[p.pk])),
        Column("kind", _("Loại"), lambda p: p.get_kind_display(), sort="kind"),
        Column("gender", _("Giới tính"), lambda p: p.get_gender_display(), sort="gender"),
        Column("ethnicity", _("Dân tộc"), lambda p: p.get_ethnicity_display(), sort="ethnicity"),
        Column("birth_year", _("Năm sinh"), lambda p: p.birth_year, sort="birth_year"),
        Column("education", _("Trình độ"), lambda p: p.get_education_display(), sort="education"),
        Column("unit", _("Xã / phường / thị trấn"), lambda p: p.unit.name, sort="unit__name"),
        Column("memberships", _("Số tổ chức tham gia"), lambda p: p.membership_count, sort="membership_count",
               kind="num"),
        Column("roles", _("Số chức danh quản lý"), lambda p: p.role_count, sort="role_count", kind="num"),
    ]
    return render_list(
        request, title=_("Thành viên, cán bộ quản lý"),
        queryset=selectors.people_list(request.user, **form.filters()), columns=columns, filter_form=form,
        default_sort="name", export_name="thanh-vien-can-bo", create_url=reverse("cooperatives:person_create"),
    )


@read_page
def person_detail(request, pk: int):
    person = get_visible_or_404(request.user, Person.objects.select_related("unit"), pk=pk)
    context = {
        "person": person,
        "memberships": person.memberships.select_related("collective").order_by("-joined_on"),
        "roles": person.management_roles.select_related("collective").order_by("-started_on"),
        "courses": person.training_courses.order_by("-held_on"),
        "history": selectors.history_of(person),
        "can_write": can_write(request),
    }
    return render(request, "cooperatives/person_detail.html", context)


@write_required
def person_create(request):
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        person = save_through_service(form, scoped_create, Person, actor=request.user, data=form_values(form))
        if person:
            messages.success(request, _("Đã thêm “%(name)s”.") % {"name": person.full_name})
            return redirect("cooperatives:person_detail", pk=person.pk)
    return render(request, "cooperatives/form.html", {"form": form, "title": _("Thêm người"),
                                                      "back": reverse("cooperatives:person_list")})


@write_required
def person_edit(request, pk: int):
    person = get_visible_or_404(request.user, Person.objects.all(), pk=pk)
    form = PersonForm(request.POST or None, instance=person, user=request.user, initial={"version": person.version})
    if request.method == "POST" and form.is_valid():
        if save_through_service(form, scoped_update, person, actor=request.user, changes=form_values(form),
                                expected_version=form.cleaned_data["version"]):
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("cooperatives:person_detail", pk=pk)
    return render(request, "cooperatives/form.html", {
        "form": form, "title": _("Sửa: %(name)s") % {"name": person.full_name},
        "back": reverse("cooperatives:person_detail", args=[pk])})
