"""The officer's own file sent back with its errors, to fix in Excel and upload again.

Every row of the file stays where it was (the addresses the preview names, F7, are the
same in both files), under the same headers, with a “Lỗi” column added at the end that
says what is wrong in the row, each bad cell filled red with its message as a comment,
and the template's drop-downs on the coded columns. The reader ignores the “Lỗi” column,
so the file, once fixed, imports as it is. Written through core.tabular (formula-safe).
"""

import datetime

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.tabular import BOLD, new_workbook, sheet_title, workbook_to_bytes, write_cell
from imports.services.base import ERROR_COLUMN, Importer
from imports.services.engine import ImportResult, Issue, match_columns
from imports.services.limits import EXCEL_CELL_CHARS
from imports.services.reader import Table
from imports.services.workbook import add_choice_lists

ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's own "bad" style
ERROR_FONT = Font(color="9C0006")
ERROR_HEADER_FONT = Font(bold=True, color="9C0006")
# Rows under the last one that keep the drop-downs, for rows the officer adds.
SPARE_ROWS = 200


def describe(issue: Issue) -> str:
    """One error as the “Lỗi” column says it: "D3 – Xã / phường / thị trấn: Không tìm thấy …"."""
    where = " – ".join(filter(None, [issue.cell, issue.column]))
    return f"{where}: {issue.message}" if where else issue.message


def _cell_value(value):
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()  # a date Excel typed: shown as a date, not "00:00"
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, str) and len(value) > EXCEL_CELL_CHARS:
        return value[:EXCEL_CELL_CHARS]  # already an error; the file must still open
    return value


def error_file_bytes(importer: Importer, table: Table, result: ImportResult) -> bytes:
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = sheet_title(table.sheet or str(importer.sheet_name))
    header_row = table.header_row
    for index, header in enumerate(table.headers, start=1):
        write_cell(sheet, header_row, index, header).font = BOLD
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(len(header) + 4, 40))
    error_column = len(table.headers) + 1
    error_letter = get_column_letter(error_column)
    error_header = write_cell(sheet, header_row, error_column, str(ERROR_COLUMN))
    error_header.font = ERROR_HEADER_FONT
    sheet.column_dimensions[error_letter].width = 70

    by_row: dict[int | None, list[Issue]] = {}
    for issue in result.issues:
        by_row.setdefault(issue.row, []).append(issue)
    whole_file = by_row.pop(None, [])
    if whole_file:
        error_header.comment = Comment("\n".join(i.message for i in whole_file), "Coopreg")

    last_row = header_row
    for number, values in table.rows:
        last_row = number
        for index, value in enumerate(values, start=1):
            if value is not None:
                write_cell(sheet, number, index, _cell_value(value))
        issues = by_row.get(number, [])
        if not issues:
            continue
        message = write_cell(sheet, number, error_column, "\n".join(describe(i) for i in issues))
        message.font = ERROR_FONT
        message.alignment = Alignment(wrap_text=True, vertical="top")
        for issue in issues:
            if issue.cell:
                cell = sheet[issue.cell]
                cell.fill = ERROR_FILL
                cell.font = ERROR_FONT
                cell.comment = Comment(issue.message, "Coopreg")

    matched, _ignored, _problems = match_columns(importer, table.headers)
    add_choice_lists(workbook, sheet, importer, {index + 1: column for index, column in matched.items()},
                     header_row + 1, last_row + SPARE_ROWS)
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{error_letter}{max(last_row, header_row + 1)}"
    return workbook_to_bytes(workbook)
