"""The registry of collectives: list, page, register, edit, suspend, resume, dissolve,
and a collective's yearly reports, members and managers."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import scoped_create, scoped_update
from accounts.views_access import can_write, get_visible_or_404, read_page, write_required
from cooperatives import selectors, services
from cooperatives.forms import (
    PICK_OR_CREATE,
    AnnualReportForm,
    CollectiveFilterForm,
    CollectiveForm,
    DissolveForm,
    ManagementRoleForm,
    MembershipForm,
    NewPersonForm,
    ResumeForm,
    SuspendForm,
)
from cooperatives.models import AnnualReport, Classification, Collective, ManagementRole, Membership, Person
from core.forms import form_values, save_through_service
from core.listing import Column, render_list
from core.validation import today

STATUS_LABELS = {"active": gettext_lazy("Đang hoạt động"), "suspended": gettext_lazy("Tạm ngừng"),
                 "dissolved": gettext_lazy("Đã giải thể")}


def status_label(collective) -> str:
    return str(STATUS_LABELS[collective.status])


@read_page
def collective_list(request):
    form = CollectiveFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    year = filters.get("year") or today().year - 1
    classes = dict(Classification.choices)
    columns = [
        Column("code", _("Mã số HTX"), lambda c: c.registration_code, sort="registration_code"),
        Column("name", _("Tên"), lambda c: c.name, sort="name",
               link=lambda c: reverse("cooperatives:collective_detail", args=[c.pk])),
        Column("kind", _("Loại hình"), lambda c: c.get_kind_display(), sort="kind"),
        Column("unit", _("Xã / phường / thị trấn"), lambda c: c.unit.name, sort="unit__name"),
        Column("sector", _("Lĩnh vực"), lambda c: c.get_sector_display(), sort="sector"),
        Column("established", _("Ngày thành lập"), lambda c: c.established_on, sort="established_on", kind="date"),
        Column("status", _("Tình trạng"), status_label),
        Column("classification", _("Xếp loại năm %(year)s") % {"year": year},
               lambda c: classes.get(c.classification_of_year), sort="classification_of_year"),
        Column("capital", _("Vốn điều lệ (đồng)"), lambda c: c.charter_capital, sort="charter_capital", kind="num"),
    ]
    return render_list(
        request, title=_("Sổ đăng ký HTX, THT"), queryset=selectors.collective_list(request.user, **filters),
        columns=columns, filter_form=form, default_sort="name", export_name="to-chuc-kinh-te-tap-the",
        create_url=reverse("cooperatives:collective_create"),
    )


@read_page
def collective_detail(request, pk: int):
    collective = get_visible_or_404(request.user, Collective.objects.select_related("unit"), pk=pk)
    page = selectors.collective_page(collective)
    context = {"page": page, "collective": collective, "can_write": can_write(request),
               "status": collective.status}
    return render(request, "cooperatives/collective_detail.html", context)


def _form_page(request, form, *, title, back, template="cooperatives/form.html", **extra):
    return render(request, template, {"form": form, "title": title, "back": back, **extra})


@write_required
def collective_create(request):
    form = CollectiveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        collective = save_through_service(form, scoped_create, Collective, actor=request.user,
                                          data=form_values(form))
        if collective:
            messages.success(request, _("Đã đăng ký “%(name)s”.") % {"name": collective.name})
            return redirect("cooperatives:collective_detail", pk=collective.pk)
    return _form_page(request, form, title=_("Đăng ký tổ chức mới"), back=reverse("cooperatives:collective_list"))


@write_required
def collective_edit(request, pk: int):
    collective = get_visible_or_404(request.user, Collective.objects.select_related("unit"), pk=pk)
    form = CollectiveForm(request.POST or None, instance=collective, user=request.user,
                          initial={"version": collective.version})
    if request.method == "POST" and form.is_valid():
        saved = save_through_service(form, services.collective_update, collective, actor=request.user,
                                     changes=form_values(form), expected_version=form.cleaned_data["version"])
        if saved:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("cooperatives:collective_detail", pk=pk)
    back = reverse("cooperatives:collective_detail", args=[pk])
    return _form_page(request, form, title=_("Sửa thông tin: %(name)s") % {"name": collective.name}, back=back)


@write_required
def collective_suspend(request, pk: int):
    collective = get_visible_or_404(request.user, Collective.objects.all(), pk=pk)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if save_through_service(form, services.collective_suspend, collective, actor=request.user,
                                **form.cleaned_data):
            messages.success(request, _("Đã ghi nhận tạm ngừng hoạt động."))
            return redirect("cooperatives:collective_detail", pk=pk)
    return _form_page(request, form, title=_("Tạm ngừng hoạt động: %(name)s") % {"name": collective.name},
                      back=reverse("cooperatives:collective_detail", args=[pk]))


@write_required
def collective_resume(request, pk: int):
    collective = get_visible_or_404(request.user, Collective.objects.all(), pk=pk)
    suspension = services.open_suspension(collective)
    form = ResumeForm(request.POST or None, initial={"version": suspension.version if suspension else 0})
    if request.method == "POST" and form.is_valid():
        if save_through_service(form, services.collective_resume, collective, actor=request.user,
                                resumed_on=form.cleaned_data["ends_on"], expected_version=form.cleaned_data["version"]):
            messages.success(request, _("Đã ghi nhận hoạt động trở lại."))
            return redirect("cooperatives:collective_detail", pk=pk)
    return _form_page(request, form, title=_("Hoạt động trở lại: %(name)s") % {"name": collective.name},
                      back=reverse("cooperatives:collective_detail", args=[pk]))


@write_required
def collective_dissolve(request, pk: int):
    collective = get_visible_or_404(request.user, Collective.objects.all(), pk=pk)
    form = DissolveForm(request.POST or None, initial={"version": collective.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if save_through_service(form, services.collective_dissolve, collective, actor=request.user,
                                dissolved_on=data["dissolved_on"], decision=data["dissolution_decision"],
                                kind=data["dissolution_kind"], expected_version=data["version"]):
            messages.success(request, _("Đã ghi nhận giải thể."))
            return redirect("cooperatives:collective_detail", pk=pk)
    return _form_page(request, form, title=_("Giải thể: %(name)s") % {"name": collective.name},
                      back=reverse("cooperatives:collective_detail", args=[pk]))


# --- Records hanging off a collective: yearly report, membership, management role. ---


def _child_create(request, pk, form_class, model, title, *, with_user=True, success):
    collective = get_visible_or_404(request.user, Collective.objects.all(), pk=pk)
    kwargs = {"user": request.user} if with_user else {}
    form = form_class(request.POST or None, instance=model(collective=collective), **kwargs)
    if request.method == "POST" and form.is_valid():
        if save_through_service(form, scoped_create, model, actor=request.user,
                                data={"collective": collective, **form_values(form)}):
            messages.success(request, success)
            return redirect("cooperatives:collective_detail", pk=pk)
    return _form_page(request, form, title=f"{title}: {collective.name}",
                      back=reverse("cooperatives:collective_detail", args=[pk]))


def _child_edit(request, pk, form_class, model, title, *, with_user=True):
    obj = get_visible_or_404(request.user, model.objects.select_related("collective"), pk=pk)
    kwargs = {"user": request.user} if with_user else {}
    form = form_class(request.POST or None, instance=obj, initial={"version": obj.version}, **kwargs)
    back = reverse("cooperatives:collective_detail", args=[obj.collective_id])
    if request.method == "POST" and form.is_valid():
        if save_through_service(form, scoped_update, obj, actor=request.user, changes=form_values(form),
                                expected_version=form.cleaned_data["version"]):
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(back)
    return _form_page(request, form, title=f"{title}: {obj.collective.name}", back=back)


@write_required
def annual_report_create(request, pk: int):
    return _child_create(request, pk, AnnualReportForm, AnnualReport, _("Thêm báo cáo năm"), with_user=False,
                         success=_("Đã lưu báo cáo năm."))


@write_required
def annual_report_edit(request, pk: int):
    return _child_edit(request, pk, AnnualReportForm, AnnualReport, _("Sửa báo cáo năm"), with_user=False)


# --- Memberships and roles: a person chosen with the picker, or created in place. ---


def _save_person_record(request, form, person_form, write):
    """Save a membership or role through `write(person)` (a service call), for the chosen
    person or for the new person of `person_form`, created through the person service;
    and, on the manager form, the person's education level. One transaction: a refusal of
    any part leaves nothing saved, and each refusal is shown next to its own fields."""
    data = form.cleaned_data
    person = data.get("person")
    creating = person is None and person_form.is_used()
    if person is None and not creating:
        form.add_error("person", PICK_OR_CREATE)
        return None
    if creating and not person_form.is_valid():
        return None
    education = data.get("education") or None
    with transaction.atomic():
        if creating:
            # What was left empty takes the model's default (an individual, untrained).
            values = {name: value for name, value in form_values(person_form).items() if value not in ("", None)}
            if education:
                values["education"] = education
            person = save_through_service(person_form, scoped_create, Person, actor=request.user, data=values)
        elif education and education != person.education:
            person = save_through_service(form, scoped_update, person, actor=request.user,
                                          changes={"education": education}, expected_version=person.version)
        saved = write(person) if person is not None else None
        if saved is None:
            transaction.set_rollback(True)
    return saved


def _person_record_page(request, form_class, model, *, collective, instance, title, success):
    form = form_class(request.POST or None, instance=instance, user=request.user,
                      initial={"version": instance.version} if instance.pk else None)
    person_form = NewPersonForm(request.POST or None, user=request.user, initial={"unit": collective.unit_id})
    back = reverse("cooperatives:collective_detail", args=[collective.pk])
    if request.method == "POST" and form.is_valid():
        def write(person):
            values = {**form_values(form, exclude=("version", "education")), "person": person}
            if instance.pk:
                return save_through_service(form, scoped_update, instance, actor=request.user, changes=values,
                                            expected_version=form.cleaned_data["version"])
            return save_through_service(form, scoped_create, model, actor=request.user,
                                        data={"collective": collective, **values})

        if _save_person_record(request, form, person_form, write):
            messages.success(request, success)
            return redirect(back)
    return _form_page(request, form, title=f"{title}: {collective.name}", back=back,
                      template="cooperatives/person_record_form.html", person_form=person_form)


@write_required
def membership_create(request, pk: int):
    collective = get_visible_or_404(request.user, Collective.objects.select_related("unit"), pk=pk)
    return _person_record_page(request, MembershipForm, Membership, collective=collective,
                               instance=Membership(collective=collective), title=_("Thêm thành viên"),
                               success=_("Đã thêm thành viên."))


@write_required
def membership_edit(request, pk: int):
    obj = get_visible_or_404(request.user, Membership.objects.select_related("collective", "person"), pk=pk)
    return _person_record_page(request, MembershipForm, Membership, collective=obj.collective, instance=obj,
                               title=_("Sửa tư cách thành viên"), success=_("Đã lưu thay đổi."))


@write_required
def role_create(request, pk: int):
    collective = get_visible_or_404(request.user, Collective.objects.select_related("unit"), pk=pk)
    return _person_record_page(request, ManagementRoleForm, ManagementRole, collective=collective,
                               instance=ManagementRole(collective=collective), title=_("Thêm cán bộ quản lý"),
                               success=_("Đã thêm cán bộ quản lý."))


@write_required
def role_edit(request, pk: int):
    obj = get_visible_or_404(request.user, ManagementRole.objects.select_related("collective", "person"), pk=pk)
    return _person_record_page(request, ManagementRoleForm, ManagementRole, collective=obj.collective,
                               instance=obj, title=_("Sửa chức danh quản lý"), success=_("Đã lưu thay đổi."))
