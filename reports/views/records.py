"""The records behind an indicator's number, as the indicator page lists them and as its
"Xuất Excel" exports them: one column specification per kind of record (core.listing.Column),
the columns of templates/reports/records/<kind>.html."""

from django.utils.translation import gettext_lazy as _

from core.listing import Column, export_response

COLUMNS: dict[str, list[Column]] = {
    "collective": [
        Column("name", _("Tên"), lambda o: o.name),
        Column("kind", _("Loại hình"), lambda o: o.get_kind_display()),
        Column("unit", _("Xã"), lambda o: o.unit.name),
        Column("established_on", _("Thành lập"), lambda o: o.established_on, kind="date"),
        Column("dissolved_on", _("Giải thể"), lambda o: o.dissolved_on, kind="date"),
    ],
    "annual_report": [
        Column("collective", _("Tổ chức"), lambda o: o.collective.name),
        Column("unit", _("Xã"), lambda o: o.collective.unit.name),
        Column("year", _("Năm"), lambda o: o.year),
        Column("members", _("Thành viên"), lambda o: o.members, kind="num"),
        Column("regular_workers", _("Lao động"), lambda o: o.regular_workers, kind="num"),
        Column("revenue", _("Doanh thu"), lambda o: o.revenue, kind="num"),
        Column("profit", _("Lợi nhuận"), lambda o: o.profit, kind="num"),
        Column("average_monthly_income", _("Thu nhập BQ/tháng"), lambda o: o.average_monthly_income, kind="num"),
        Column("classification", _("Xếp loại"), lambda o: o.get_classification_display()),
        Column("value_chain", _("Chuỗi giá trị"), lambda o: o.value_chain, kind="bool"),
        Column("high_tech", _("Công nghệ cao"), lambda o: o.high_tech, kind="bool"),
    ],
    "person": [
        Column("full_name", _("Họ và tên"), lambda o: o.full_name),
        Column("education", _("Trình độ"), lambda o: o.get_education_display()),
        Column("unit", _("Xã"), lambda o: o.unit.name if o.unit_id else None),
    ],
    "training": [
        Column("title", _("Lớp"), lambda o: o.title),
        Column("held_on", _("Ngày"), lambda o: o.held_on, kind="date"),
        Column("unit", _("Địa bàn"), lambda o: o.unit.name),
        Column("named_attendees", _("Học viên có tên"), lambda o: o.named_attendees, kind="num"),
        Column("extra_attendees", _("Học viên khác"), lambda o: o.extra_attendees, kind="num"),
    ],
    "trade_event": [
        Column("name", _("Sự kiện"), lambda o: o.name),
        Column("held_on", _("Ngày"), lambda o: o.held_on, kind="date"),
        Column("kind", _("Loại"), lambda o: o.get_kind_display()),
        Column("location", _("Địa điểm"), lambda o: o.location),
    ],
    "ocop_product": [
        Column("name", _("Sản phẩm"), lambda o: o.name),
        Column("producer", _("Chủ thể"), lambda o: o.producer_display),
        Column("unit", _("Xã"), lambda o: o.unit.name if o.unit_id else None),
        Column("stars_on", _("Số sao cuối năm"), lambda o: o.stars_on, kind="num"),
        Column("registered_on", _("Tham gia"), lambda o: o.registered_on, kind="date"),
        Column("withdrawn_on", _("Rút khỏi"), lambda o: o.withdrawn_on, kind="date"),
    ],
    "unit_statistic": [
        Column("unit", _("Đơn vị"), lambda o: o.unit.name),
        Column("year", _("Năm"), lambda o: o.year),
        Column("collective_sector_product", _("Tổng sản phẩm KTTT"), lambda o: o.collective_sector_product, kind="num"),
        Column("domestic_budget_revenue", _("Thu ngân sách nội địa"), lambda o: o.domestic_budget_revenue, kind="num"),
        Column("source", _("Nguồn"), lambda o: o.source),
    ],
}


def prepare(qs):
    """A stable order to page through or export (the engine's records come with their related
    rows joined and the annotations the columns read: reports.indicators)."""
    if not qs.ordered:
        qs = qs.order_by("pk")
    return qs


def export(qs, record_kind: str, *, name: str, title: str):
    """The records as an Excel workbook, the columns of the page."""
    return export_response(name, COLUMNS[record_kind], qs, title=title)
