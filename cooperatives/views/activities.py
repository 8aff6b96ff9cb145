"""Training courses (with attendees) and trade-promotion events (with participants)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.services import scoped_create, scoped_update
from accounts.views_access import can_write, get_visible_or_404, read_page, write_required
from cooperatives import selectors
from cooperatives.forms import EventFilterForm, TradeEventForm, TrainingCourseForm, TrainingFilterForm
from cooperatives.models import TradeEvent, TrainingCourse
from core.collation import collated
from core.forms import form_values, save_through_service
from core.listing import Column, render_list


@read_page
def training_list(request):
    form = TrainingFilterForm(request.GET or None, user=request.user)
    columns = [
        Column("title", _("Tên lớp"), lambda c: c.title, sort="title",
               link=lambda c: reverse("cooperatives:training_detail", args=[c.pk])),
        Column("held_on", _("Ngày tổ chức"), lambda c: c.held_on, sort="held_on", kind="date"),
        Column("organizer", _("Đơn vị tổ chức"), lambda c: c.organizer, sort="organizer"),
        Column("unit", _("Địa bàn"), lambda c: c.unit.name, sort="unit__name"),
        Column("attendees", _("Học viên có tên"), lambda c: c.attendee_count, sort="attendee_count", kind="num"),
        Column("extra", _("Học viên khác"), lambda c: c.extra_attendees, sort="extra_attendees", kind="num"),
    ]
    return render_list(
        request, title=_("Đào tạo, tập huấn"), queryset=selectors.training_list(request.user, **form.filters()),
        columns=columns, filter_form=form, default_sort="-held_on", export_name="dao-tao-tap-huan",
        create_url=reverse("cooperatives:training_create"),
    )


@read_page
def event_list(request):
    form = EventFilterForm(request.GET or None, user=request.user)
    columns = [
        Column("name", _("Tên sự kiện"), lambda e: e.name, sort="name",
               link=lambda e: reverse("cooperatives:event_detail", args=[e.pk])),
        Column("held_on", _("Ngày tổ chức"), lambda e: e.held_on, sort="held_on", kind="date"),
        Column("kind", _("Loại"), lambda e: e.get_kind_display(), sort="kind"),
        Column("location", _("Địa điểm"), lambda e: e.location, sort="location"),
        Column("unit", _("Đơn vị ghi nhận"), lambda e: e.unit.name if e.unit else None, sort="unit__name"),
        Column("participants", _("Số tổ chức tham gia"), lambda e: e.participant_count,
               sort="participant_count", kind="num"),
    ]
    return render_list(
        request, title=_("Xúc tiến thương mại"), queryset=selectors.event_list(request.user, **form.filters()),
        columns=columns, filter_form=form, default_sort="-held_on", export_name="xuc-tien-thuong-mai",
        create_url=reverse("cooperatives:event_create"),
    )


@read_page
def training_detail(request, pk: int):
    course = get_visible_or_404(request.user, TrainingCourse.objects.select_related("unit"), pk=pk)
    return render(request, "cooperatives/training_detail.html", {
        "course": course, "attendees": course.attendees.select_related("unit").order_by(collated("full_name")),
        "history": selectors.history_of(course), "can_write": can_write(request)})


@read_page
def event_detail(request, pk: int):
    event = get_visible_or_404(request.user, TradeEvent.objects.select_related("unit"), pk=pk)
    return render(request, "cooperatives/event_detail.html", {
        "event": event, "participants": event.participants.select_related("unit").order_by(collated("name")),
        "history": selectors.history_of(event), "can_write": can_write(request)})


def _create(request, form_class, model, *, title, m2m: str, back: str, detail: str):
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form_values(form, exclude=("version", m2m))
        obj = save_through_service(form, scoped_create, model, actor=request.user, data=data,
                                   m2m={m2m: form.cleaned_data[m2m]})
        if obj:
            messages.success(request, _("Đã lưu."))
            return redirect(detail, pk=obj.pk)
    return render(request, "cooperatives/form.html", {"form": form, "title": title, "back": back})


def _edit(request, pk, form_class, model, *, title, m2m: str, detail: str):
    obj = get_visible_or_404(request.user, model.objects.all(), pk=pk)
    form = form_class(request.POST or None, instance=obj, user=request.user, initial={"version": obj.version})
    if request.method == "POST" and form.is_valid():
        changes = form_values(form, exclude=("version", m2m))
        if save_through_service(form, scoped_update, obj, actor=request.user, changes=changes,
                                expected_version=form.cleaned_data["version"],
                                m2m={m2m: form.cleaned_data[m2m]}):
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(detail, pk=pk)
    return render(request, "cooperatives/form.html", {"form": form, "title": f"{title}: {obj}",
                                                      "back": reverse(detail, args=[pk])})


@write_required
def training_create(request):
    return _create(request, TrainingCourseForm, TrainingCourse, title=_("Thêm lớp đào tạo, tập huấn"),
                   m2m="attendees", back=reverse("cooperatives:training_list"),
                   detail="cooperatives:training_detail")


@write_required
def training_edit(request, pk: int):
    return _edit(request, pk, TrainingCourseForm, TrainingCourse, title=_("Sửa lớp"), m2m="attendees",
                 detail="cooperatives:training_detail")


@write_required
def event_create(request):
    return _create(request, TradeEventForm, TradeEvent, title=_("Thêm sự kiện xúc tiến thương mại"),
                   m2m="participants", back=reverse("cooperatives:event_list"), detail="cooperatives:event_detail")


@write_required
def event_edit(request, pk: int):
    return _edit(request, pk, TradeEventForm, TradeEvent, title=_("Sửa sự kiện"), m2m="participants",
                 detail="cooperatives:event_detail")
