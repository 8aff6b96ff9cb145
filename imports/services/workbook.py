"""The Excel template of each kind of import: the data sheet, named after the kind, with its
headers and a drop-down list in every coded column; a “Hướng dẫn” sheet explaining every
column in Vietnamese (labels, never the codes stored behind them); the lists themselves
(“Danh mục”); and the communes of the officer's scope (“Danh mục xã”).

A column gets its drop-down by declaring its choices (Column.choices): a ChoiceReader, a
unit, a yes/no column or `options`. The error file (error_file.py) puts the same
drop-downs on the officer's own rows.
"""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.tabular import new_workbook, sheet_title, workbook_to_bytes, write_cell, write_row
from imports.services.base import GUIDE_SHEET, LISTS_SHEET, UNITS_SHEET, Column, Importer
from imports.services.cells import ChoiceReader
from units.models import AdministrativeUnit, UnitLevel

# Rows of the data sheet formatted as text where Excel would otherwise "help" (codes keep
# their leading zeros, and 05/03/2021 is not turned into the 3rd of May by an English
# Excel), and offering the drop-downs.
TEXT_ROWS = 2000
BOLD = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
# Excel's limits on a data validation's messages.
PROMPT_TITLE_CHARS, PROMPT_CHARS = 32, 255


def _format_text(column: Column, importer: Importer) -> str:
    kind = column.kind
    if column.options:
        return _("Chọn trong danh sách: %(allowed)s.") % {"allowed": "; ".join(str(o) for o in column.options)}
    if isinstance(kind, ChoiceReader):
        return _("Chọn trong danh sách: %(allowed)s.") % {"allowed": kind.allowed_text()}
    return {
        "text": _("Chữ."),
        "int": _("Số nguyên, ví dụ 1.234.567."),
        "count": _("Số nguyên không âm."),
        "money": _("Số tiền bằng đồng, số nguyên, ví dụ 1.234.567."),
        "decimal": _("Số, dùng dấu phẩy cho phần lẻ, ví dụ 72,5."),
        "year": _("Năm, 4 chữ số."),
        "date": _("Ngày/tháng/năm, ví dụ 05/03/2021; không được ở tương lai."),
        "bool": _("Chọn Có hoặc Không (để trống là Không)."),
        "unit": _("Chọn xã trong danh sách (tên và mã), hoặc ghi tên hoặc mã xã (xem trang “Danh mục xã”)."),
    }[kind]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def add_choice_lists(workbook: Workbook, sheet: Worksheet, importer: Importer, columns: dict[int, Column],
                     first_row: int, last_row: int) -> int:
    """A drop-down in each coded column of `sheet` (1-based column index → Column) from
    `first_row` to `last_row`, its list on the “Danh mục” sheet, one column per list.
    The drop-down warns, without refusing, a value typed by hand: a code or another name
    the importer accepts (“HTX”, a commune's code) stays allowed. Returns how many."""
    lists: Worksheet | None = None
    added = 0
    for index, column in sorted(columns.items()):
        options = column.choices(importer)
        if not options:
            continue
        if lists is None:
            lists = workbook.create_sheet(sheet_title(str(LISTS_SHEET)))
        added += 1
        letter = get_column_letter(added)
        write_cell(lists, 1, added, str(column.header)).font = BOLD
        for offset, option in enumerate(options, start=2):
            write_cell(lists, offset, added, option)
        lists.column_dimensions[letter].width = max(18, min(max(len(str(o)) for o in options) + 2, 50))
        validation = DataValidation(
            type="list", formula1=f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(options) + 1}",
            allow_blank=True, showDropDown=False,
            showErrorMessage=True, errorStyle="warning",
            errorTitle=_clip(str(column.header), PROMPT_TITLE_CHARS),
            error=_clip(_("Giá trị này không có trong danh sách của cột. Hãy chọn trong danh sách (bấm mũi tên "
                          "bên phải ô)."), PROMPT_CHARS),
            showInputMessage=True, promptTitle=_clip(str(column.header), PROMPT_TITLE_CHARS),
            prompt=_clip(" ".join(filter(None, [str(column.help), _("Chọn trong danh sách.")])), PROMPT_CHARS),
        )
        data_letter = get_column_letter(index)
        validation.add(f"{data_letter}{first_row}:{data_letter}{last_row}")
        sheet.add_data_validation(validation)
    if lists is not None:
        lists.freeze_panes = "A2"
    return added


def template_bytes(importer: Importer) -> bytes:
    wb = new_workbook()
    data = wb.active
    data.title = sheet_title(str(importer.sheet_name))
    for index, column in enumerate(importer.columns, start=1):
        cell = write_cell(data, 1, index, str(column.header))
        cell.font = BOLD
        if column.required:
            cell.fill = REQUIRED_FILL
        note = " ".join(filter(None, [str(column.help), _format_text(column, importer)]))
        cell.comment = Comment(note, "Coopreg")
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(14, min(len(str(column.header)) + 4, 40))
        if column.kind in ("text", "date", "unit") or isinstance(column.kind, ChoiceReader):
            # The column's own format (<col style>), which Excel gives every cell typed in it:
            # one element instead of thousands of formatted empty cells.
            data.column_dimensions[letter].number_format = "@"
    data.freeze_panes = "A2"

    guide = wb.create_sheet(sheet_title(str(GUIDE_SHEET)))
    write_row(guide, [_("Nhập vào trang “%(sheet)s”; mỗi dòng một bản ghi. Giữ nguyên dòng tiêu đề. Ô vàng là "
                        "bắt buộc. Ô để trống giữ nguyên giá trị đang có khi cập nhật.") % {"sheet": data.title}])
    write_row(guide, [_("Ô có danh sách chọn: bấm vào ô rồi bấm mũi tên bên phải ô để chọn. Khi tệp có lỗi, trang "
                        "xem trước chỉ ra từng ô (ví dụ F7) và cho tải lại tệp của bạn kèm cột “Lỗi” để sửa.")])
    write_row(guide, [str(importer.description)])
    write_row(guide, [])
    write_row(guide, [_("Cột Excel"), _("Tên cột"), _("Bắt buộc"), _("Cách ghi"), _("Ghi chú"), _("Ví dụ")])
    header_row = guide.max_row
    for cell in guide[header_row]:
        cell.font = BOLD
    for index, column in enumerate(importer.columns, start=1):
        write_row(guide, [get_column_letter(index), str(column.header), _("Có") if column.required else "",
                          _format_text(column, importer), str(column.help), column.example])
    for letter, width in zip("ABCDEF", (10, 34, 10, 70, 50, 30), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    add_choice_lists(wb, data, importer, dict(enumerate(importer.columns, start=1)), 2, TEXT_ROWS + 1)

    communes = wb.create_sheet(sheet_title(str(UNITS_SHEET)))
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
