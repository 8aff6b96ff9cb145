"""Importing yearly figures: one row per collective and year."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cooperatives.models import AnnualReport, Classification, classification_for_score
from cooperatives.services import REPORT_FIELDS
from imports.services.base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Column,
    Importer,
    ParsedRow,
    chunks,
)
from imports.services.cells import ChoiceReader

CLASSIFICATION = ChoiceReader(Classification, {"TB": "average", "Chưa xếp": "unrated", "Không xếp loại": "unrated"})


class AnnualReportImporter(Importer):
    kind = "annual_reports"
    title = _l("Số liệu hằng năm (báo cáo năm)")
    sheet_name = _l("Số liệu hằng năm")
    description = _l("Mỗi dòng là số liệu một năm của một tổ chức. Dòng có cùng mã số và năm với báo cáo đã có "
                     "sẽ cập nhật báo cáo đó.")
    columns = [
        Column("registration_code", _l("Mã số HTX / mã số thuế"),
               help=_l("Với tổ hợp tác (không có mã số), ghi tên tổ chức và xã."), example="5701234567"),
        Column("collective_name", _l("Tên tổ chức"), help=_l("Chỉ dùng để tìm tổ chức khi không có mã số."),
               example="Hợp tác xã Miến dong Bình Liêu"),
        Column("unit", _l("Xã / phường / thị trấn"), "unit", help=_l("Chỉ dùng khi không có mã số.")),
        Column("year", _l("Năm"), "year", required=True, example="2023"),
        Column("members", _l("Số thành viên"), "count", example="25"),
        Column("regular_workers", _l("Lao động thường xuyên"), "count", example="12"),
        Column("revenue", _l("Doanh thu (đồng)"), "money", example="2.500.000.000"),
        Column("profit", _l("Lợi nhuận (đồng)"), "money", help=_l("Số âm nếu lỗ."), example="180.000.000"),
        Column("average_monthly_income", _l("Thu nhập bình quân tháng (đồng)"), "money", example="6.500.000"),
        Column("charter_capital_contributed", _l("Vốn điều lệ đã góp (đồng)"), "money", example="1.200.000.000"),
        Column("classification", _l("Xếp loại"), CLASSIFICATION,
               help=_l("Để trống nếu có điểm: xếp loại theo điểm (Thông tư 01/2020)."), example="Khá"),
        Column("classification_score", _l("Điểm đánh giá"), "decimal", help=_l("Từ 0 đến 100."), example="72,5"),
        Column("value_chain", _l("Gắn với chuỗi giá trị"), "bool", help=_l("Có / Không."), example="Có"),
        Column("high_tech", _l("Ứng dụng công nghệ cao"), "bool", help=_l("Có / Không."), example="Không"),
        Column("source", _l("Nguồn số liệu"), example="Báo cáo của HTX ngày 10/01/2024"),
    ]
    field_columns = {"collective": "registration_code", "__all__": ""}

    bulk_models = (AnnualReport,)
    main_model = AnnualReport
    link_name = "cooperatives:collective_detail"

    def link(self, record) -> str:
        # A report is read on its collective's page.
        return reverse(self.link_name, args=[record.collective_id])

    def prepare(self, rows: list[ParsedRow]) -> None:
        codes = {r.values["registration_code"] for r in rows if r.values.get("registration_code")}
        self.collectives.prefetch(codes)
        years = {r.values["year"] for r in rows if "year" in r.values}
        self.reports: dict[tuple[int, int], AnnualReport] = {}
        self.prefetched: set[int] = {c.pk for c in self.collectives.by_code.values()}
        for part in chunks(self.prefetched):
            for report in AnnualReport.objects.filter(collective__in=part, year__in=years).select_related(
                    "collective__unit"):
                self.reports[(report.collective_id, report.year)] = report

    def import_row(self, row: ParsedRow) -> str:
        values = row.values
        collective = self.collectives.resolve(
            code=values.get("registration_code"), name=values.get("collective_name"), unit=values.get("unit"),
        )
        year = values["year"]
        self.labels[row.number] = _("%(name)s, năm %(year)s") % {"name": collective.name, "year": year}
        self.once(("report", collective.pk, year), row, "year",
                  _("Số liệu năm %(year)s của tổ chức này trùng với dòng %%(row)s của tệp.") % {"year": year})
        figures = {k: v for k, v in values.items() if k in REPORT_FIELDS}
        if collective.pk in self.prefetched:
            existing = self.reports.get((collective.pk, year))
        else:
            existing = AnnualReport.objects.filter(collective=collective, year=year).select_related(
                "collective__unit").first()
        # A score decides the class (the model's rule); say so before comparing, so the
        # same file read twice compares equal.
        score = figures.get("classification_score")
        if score is not None and figures.get("classification", Classification.UNRATED) == Classification.UNRATED:
            figures["classification"] = classification_for_score(score)
        if existing is None:
            # What annual_report_save does for a new report, deferred to one bulk insert.
            self.create(row, AnnualReport, {"collective": collective, "year": year, **figures})
            self.count(AnnualReport, CREATED)
            return CREATED
        changes = self.changes_for(existing, figures, row)
        if not changes:
            self.count(AnnualReport, UNCHANGED)
            return UNCHANGED
        # What annual_report_save does for an existing report, deferred to one bulk update.
        self.update(row, existing, changes)
        self.count(AnnualReport, UPDATED)
        return UPDATED
