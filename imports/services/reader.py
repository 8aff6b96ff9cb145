"""Turning an uploaded .xlsx or .csv into a header row and numbered data rows, within the
limits of limits.py, and keeping that table (Table.to_bytes) so a file is read only once."""

import csv
import datetime
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.templatetags.vn import num
from imports.services.cells import is_blank
from imports.services.guard import check_xlsx, column_letters
from imports.services.limits import Deadline, ImportFileError, Limits, limits

__all__ = ["ImportFileError", "Table", "read_table"]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    # (row number as the officer sees it in Excel, cell values in header order)
    rows: list[tuple[int, list]]

    def to_bytes(self) -> bytes:
        rows = [[number, [_encode(value) for value in values]] for number, values in self.rows]
        return zlib.compress(json.dumps([self.headers, rows], ensure_ascii=False).encode(), 1)

    @classmethod
    def from_bytes(cls, data: bytes | memoryview) -> "Table":  # a BinaryField reads back either
        headers, rows = json.loads(zlib.decompress(data))
        return cls(headers=headers, rows=[(number, [_decode(v) for v in values]) for number, values in rows])


# Cell values JSON has no type for, tagged; no cell value is a dict otherwise.
_TAGS = {datetime.datetime: "datetime", datetime.date: "date", datetime.time: "time"}


def _encode(value):
    if isinstance(value, datetime.timedelta):
        return {"timedelta": value.total_seconds()}
    tag = _TAGS.get(type(value))
    return {tag: value.isoformat()} if tag else value


def _decode(value):
    if not isinstance(value, dict):
        return value
    (tag, text), = value.items()
    if tag == "timedelta":
        return datetime.timedelta(seconds=text)
    return getattr(datetime, tag).fromisoformat(text)


def read_table(content: bytes, filename: str, deadline: Deadline | None = None) -> Table:
    limit = limits()
    deadline = deadline or Deadline(limit.seconds)
    name = filename.lower()
    if name.endswith(".csv"):
        return _read_csv(content, limit, deadline)
    if name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content, limit, deadline)
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
    return Table(headers=headers, rows=rows)


def _read_xlsx(content: bytes, limit: Limits, deadline: Deadline) -> Table:
    check_xlsx(content, limit, deadline)  # before openpyxl parses anything
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, ParseError,
            DefusedXmlException) as exc:
        raise ImportFileError(_("Không đọc được tệp Excel này (tệp hỏng hoặc không phải .xlsx).")) from exc
    number = 0
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("Tệp Excel không có trang tính nào."))
        # Bounded by the limits the guard has checked, whatever the sheet declares: openpyxl
        # pads each row to max_col and fills gaps up to max_row.
        sheet_rows = workbook.worksheets[0].iter_rows(max_row=limit.rows, max_col=limit.columns, values_only=True)

        def rows():
            nonlocal number
            for number, values in enumerate(sheet_rows, start=1):  # noqa: B007 (read in the except below)
                deadline.check(number)
                yield number, list(values)

        return _table(rows())
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, ParseError, DefusedXmlException,
            zipfile.BadZipFile, zlib.error, EOFError) as exc:
        if isinstance(exc, ImportFileError):
            raise
        # A cell the guard could not foresee (a shared string that does not exist, a boolean
        # that is not 0 or 1, a date that is not a date): openpyxl stops on it.
        raise ImportFileError(_("Tệp Excel có ô không đọc được ở dòng %(row)s (dữ liệu hỏng). Hãy mở tệp bằng "
                                "Excel, gõ lại các ô của dòng đó rồi lưu lại.") % {"row": number + 1},
                              row=number + 1) from exc
    finally:
        workbook.close()


def _read_csv(content: bytes, limit: Limits, deadline: Deadline) -> Table:
    try:
        text = content.decode("utf-8-sig")  # with or without the BOM Excel writes
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("Tệp CSV phải được lưu với bảng mã UTF-8 (trong Excel: Lưu thành… “CSV UTF-8”).")
        ) from exc
    # The header line alone decides the delimiter, and only its start: the sniffer's
    # regular expressions take quadratic time on a long line.
    first_line = text[:4096].split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0

    def rows():
        nonlocal number
        cells = 0
        for number, values in enumerate(reader, start=1):  # noqa: B007 (read in the except below)
            if number > limit.rows:
                raise ImportFileError(_("Tệp có hơn %(limit)s dòng (tính cả dòng tiêu đề và dòng trống), vượt giới "
                                        "hạn; hãy chia thành nhiều tệp.") % {"limit": num(limit.rows)})
            width = len(values)
            while width and is_blank(values[width - 1]):
                width -= 1
            if width > limit.columns:
                raise ImportFileError(_("Dòng %(row)s có dữ liệu ở cột thứ %(n)s (%(col)s), vượt giới hạn %(limit)s "
                                        "cột.") % {"row": number, "n": width, "col": column_letters(width),
                                                  "limit": num(limit.columns)}, row=number)
            cells += width
            if cells > limit.cells:
                raise ImportFileError(_("Tệp có hơn %(limit)s ô, vượt giới hạn; hãy chia thành nhiều tệp.")
                                      % {"limit": num(limit.cells)}, row=number)
            deadline.check(number)
            yield number, values[:width]

    try:
        return _table(rows())
    except csv.Error as exc:
        raise ImportFileError(_("Tệp CSV không đọc được ở dòng %(row)s: một ô quá dài, hoặc có dấu ngoặc kép (\") "
                                "mở mà không đóng.") % {"row": number + 1}, row=number + 1) from exc
