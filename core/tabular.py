"""The one writer of every spreadsheet the project hands out: the list and yearly-sheet
exports (core.listing, cooperatives.views.sheet), the plan export (reports), the
import templates (imports) and the API's `?format=xlsx` and `?format=csv`
(core.api.renderers). Whatever a record holds, every one of them is safe alike:

- A text beginning like a formula (=, +, -, @, tab, carriage return) stays text, never a
  formula that runs or links when the file is opened (OWASP "CSV injection"): in xlsx a
  typed string cell with Excel's quote prefix (so it stays text even when edited), in
  CSV behind a leading apostrophe. Every other text is a string cell too ("#N/A" is not an
  Excel error).
- Numbers, dates and booleans keep their type: a loss of -15 000 đ is a number a reader
  can sum, and no apostrophe is put before it.
- Control characters that older records may still hold (the models refuse them now:
  core.models.CleanText) are dropped, since openpyxl refuses to write them: an export
  never answers 500 for a stray character.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.text import without_unstorable_characters

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limits on a sheet's name.
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)
WIDEST_COLUMN = 60


@dataclass(frozen=True)
class Formatted:
    """A value with the Excel number format it is shown in (0.0% for a ratio, #,##0 for
    money), while the cell keeps the exact number."""

    value: Any
    number_format: str


def _value(value: Any) -> Any:
    """What a cell holds: None, a number, a date, a boolean, or a text with no control
    character. Anything else (a lazy translation, a model) is its text."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date | datetime.time):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            # Excel has no time zones: the local wall-clock time, as the pages show it.
            return timezone.make_naive(value)
        return value
    return without_unstorable_characters(str(value))


def _is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


# --- xlsx ---------------------------------------------------------------------------------


def new_workbook() -> Workbook:
    """An empty workbook; fill its sheets with `write_row` and `write_cell` only."""
    return Workbook()


def sheet_title(title: str) -> str:
    return _SHEET_TITLE_FORBIDDEN.sub("-", without_unstorable_characters(str(title))).strip("'")[:31] or "Sheet1"


def _fill(cell: Cell, value: Any) -> Cell:
    number_format = None
    if isinstance(value, Formatted):
        value, number_format = value.value, value.number_format
    value = _value(value)
    cell.value = value
    if isinstance(value, str):
        # openpyxl makes "=…" a formula and "#N/A" an error: a text is a string cell.
        cell.data_type = "s"
        if _is_formula_like(value):
            cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, datetime.date):
        cell.number_format = "dd/mm/yyyy" if not isinstance(value, datetime.datetime) else "dd/mm/yyyy hh:mm"
    return cell


def write_row(sheet: Worksheet, values: Iterable[Any]) -> list[Cell]:
    """Append one row to `sheet`; a value may be `Formatted`."""
    cells = [_fill(Cell(sheet), value) for value in values]
    sheet.append(cells)
    return cells


def write_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one value at (row, column) as `write_row` does; returns the cell, to style it."""
    return _fill(sheet.cell(row=row, column=column), value)


def workbook_to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet1") -> bytes:
    """One sheet: bold headers, frozen, with a filter, then one line per row; columns as
    wide as their text."""
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    for cell in write_row(sheet, headers):
        cell.font = BOLD
    widths = [len(str(h)) for h in headers]
    for row in rows:
        cells = write_row(sheet, row)
        for i, cell in enumerate(cells[: len(widths)]):
            if cell.value is not None:
                widths[i] = max(widths[i], min(len(str(cell.value)), WIDEST_COLUMN))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{max(sheet.max_row, 1)}"
    return workbook_to_bytes(workbook)


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, title: str = "Sheet1"):
    return attachment(workbook_bytes(headers, rows, title=title), filename, XLSX_MIME)


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- CSV ----------------------------------------------------------------------------------


def _csv_value(value: Any) -> Any:
    if isinstance(value, Formatted):
        value = value.value
    value = _value(value)
    if isinstance(value, str) and _is_formula_like(value):
        return "'" + value
    return value


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV, with the BOM that makes Excel read the Vietnamese letters as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([_csv_value(h) for h in headers])
    writer.writerows([_csv_value(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8")
