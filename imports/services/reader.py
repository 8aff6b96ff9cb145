"""Turning an uploaded .xlsx or .csv into a header row and numbered data rows."""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from imports.services.cells import is_blank

MAX_ROWS = 50_000


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, too many rows)."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Table:
    headers: list[str]
    # (row number as the officer sees it in Excel, cell values in header order)
    rows: list[tuple[int, list]]


def read_table(content: bytes, filename: str) -> Table:
    name = filename.lower()
    if name.endswith(".csv"):
        return _read_csv(content)
    if name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content)
    raise ImportFileError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))


def _table(raw_rows) -> Table:
    iterator = iter(raw_rows)
    header_row = None
    for _number, values in iterator:
        if not all(is_blank(v) for v in values):
            header_row = values
            break
    if header_row is None:
        raise ImportFileError(_("Tệp không có dữ liệu: dòng đầu tiên phải là dòng tiêu đề cột."))
    headers = ["" if is_blank(h) else " ".join(str(h).split()) for h in header_row]
    while headers and not headers[-1]:
        headers.pop()
    rows = []
    for number, values in iterator:
        values = list(values[: len(headers)]) + [None] * (len(headers) - len(values))
        if all(is_blank(v) for v in values):
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("Tệp có hơn %(n)s dòng; hãy chia thành nhiều tệp.") % {"n": f"{MAX_ROWS:,}".replace(",", ".")})
    return Table(headers=headers, rows=rows)


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("Không đọc được tệp Excel này (tệp hỏng hoặc không phải .xlsx).")) from exc
    try:
        sheet = workbook.worksheets[0]
        return _table((number, list(values)) for number, values in
                      enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        workbook.close()


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")  # with or without the BOM Excel writes
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: Lưu thành… “CSV UTF-8”).")
        ) from exc
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _table((number, row) for number, row in enumerate(reader, start=1))
    except csv.Error as exc:
        raise ImportFileError(_("Tệp CSV không đúng định dạng: %(e)s") % {"e": exc}) from exc
