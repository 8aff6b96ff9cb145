"""The Excel template of each kind of import: an empty data sheet with the headers, a
“Hướng dẫn” sheet explaining every column, and the communes of the officer's scope."""

from django.utils.translation import gettext as _
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.tabular import new_workbook, workbook_to_bytes, write_cell, write_row
from imports.services.base import Column, Importer
from imports.services.cells import ChoiceReader
from units.models import AdministrativeUnit, UnitLevel

# Rows of the data sheet formatted as text where Excel would otherwise "help": codes keep
# their leading zeros, and 05/03/2021 is not turned into the 3rd of May by an English Excel.
TEXT_ROWS = 2000
BOLD = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")


def _format_text(column: Column) -> str:
    kind = column.kind
    if isinstance(kind, ChoiceReader):
        return _("Một trong: %(allowed)s. Ghi tên hoặc mã.") % {"allowed": kind.allowed_text()}
    return {
        "text": _("Chữ."),
        "int": _("Số nguyên, ví dụ 1.234.567."),
        "count": _("Số nguyên không âm."),
        "money": _("Số tiền bằng đồng, số nguyên, ví dụ 1.234.567."),
        "decimal": _("Số, dùng dấu phẩy cho phần lẻ, ví dụ 72,5."),
        "year": _("Năm, 4 chữ số."),
        "date": _("Ngày/tháng/năm, ví dụ 05/03/2021; không được ở tương lai."),
        "bool": _("Có hoặc Không (để trống là Không)."),
        "unit": _("Tên hoặc mã xã, phường, thị trấn (xem trang “Danh mục xã”)."),
    }[kind]


def template_bytes(importer: Importer) -> bytes:
    wb = new_workbook()
    data = wb.active
    data.title = str(importer.title)[:31].replace("/", "-").replace(":", "")
    for index, column in enumerate(importer.columns, start=1):
        cell = write_cell(data, 1, index, str(column.header))
        cell.font = BOLD
        if column.required:
            cell.fill = REQUIRED_FILL
        note = " ".join(filter(None, [str(column.help), _format_text(column)]))
        cell.comment = Comment(note, "Coopreg")
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(14, min(len(str(column.header)) + 4, 40))
        if column.kind in ("text", "date"):
            for row in range(2, TEXT_ROWS + 2):
                data.cell(row=row, column=index).number_format = "@"
    data.freeze_panes = "A2"

    guide = wb.create_sheet(_("Hướng dẫn"))
    write_row(guide, [_("Nhập vào trang đầu tiên; mỗi dòng một bản ghi. Giữ nguyên dòng tiêu đề. Ô vàng là bắt "
                            "buộc. Ô để trống giữ nguyên giá trị đang có khi cập nhật.")])
    write_row(guide, [str(importer.description)])
    write_row(guide, [])
    write_row(guide, [_("Cột"), _("Bắt buộc"), _("Cách ghi"), _("Ghi chú"), _("Ví dụ")])
    for cell in guide[4]:
        cell.font = BOLD
    for column in importer.columns:
        write_row(guide, [str(column.header), _("Có") if column.required else "", _format_text(column),
                              str(column.help), column.example])
    for letter, width in zip("ABCDE", (34, 10, 70, 50, 30), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    communes = wb.create_sheet(_("Danh mục xã"))
    write_row(communes, [_("Mã"), _("Tên"), _("Thuộc"), _("Hiệu lực đến")])
    for cell in communes[1]:
        cell.font = BOLD
    units = AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).select_related("parent").order_by("code")
    if importer.scope_ids is not None:
        units = units.filter(pk__in=importer.scope_ids)
    for unit in units:
        write_row(communes, [unit.code, unit.name, unit.parent.name if unit.parent else "",
                             f"{unit.valid_until:%d/%m/%Y}" if unit.valid_until else ""])
    for letter, width in zip("ABCD", (12, 30, 30, 14), strict=True):
        communes.column_dimensions[letter].width = width

    return workbook_to_bytes(wb)
