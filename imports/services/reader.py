"""Turning an uploaded .xlsx or .csv into a header row and numbered data rows, within the
limits of limits.py, and keeping that table (Table.to_bytes) so a file is read only once.

Given the Layout of the kind of file expected, the reader finds the data where an officer
may have left it: the sheet named as in the template (or the first sheet holding the
template's headers), and the header row under a title row or two. A file it cannot read
that way (not an Excel file, no header row, another kind's template, nothing under the
headers) is refused with a message saying so, never previewed as "0 rows".
"""

import csv
import datetime
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.templatetags.vn import num
from core.text import fold
from imports.services.cells import is_blank
from imports.services.guard import check_xlsx, column_letters
from imports.services.limits import Deadline, ImportFileError, Limits, limits

__all__ = ["ImportFileError", "Layout", "Table", "read_table"]

# How far down a sheet the header row is looked for (non-blank rows): a title or two above it.
HEADER_SEARCH_ROWS = 10
# The first bytes of an OLE2 compound file: an .xls (Excel 97-2003) whatever its name.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003), also .doc


class NoDataHere(ImportFileError):
    """A sheet (or CSV) holds no header row or no data under it: another sheet may."""


@dataclass(frozen=True)
class Layout:
    """What the file of one kind looks like (Importer.layout): where its data is expected."""

    title: str  # the kind, as the officer knows it ("Tổ chức kinh tế tập thể (HTX, THT)")
    sheet_names: frozenset[str]  # the data sheet's name in either language, folded
    headers: frozenset[str]  # every header text a column answers to, folded
    example_header: str  # one of them as written, quoted in the message when none is found
    # Sheets not to read data from (guide, lists), folded.
    skip_sheets: frozenset[str] = frozenset()
    # Folded data-sheet name of every other kind → that kind's title.
    other_kinds: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    headers: list[str]
    # (row number as the officer sees it in Excel, cell values in header order; the first
    # value is in column A)
    rows: list[tuple[int, list]]
    sheet: str = ""  # the sheet read ("" for CSV)
    header_row: int = 1

    def to_bytes(self) -> bytes:
        rows = [[number, [_encode(value) for value in values]] for number, values in self.rows]
        return zlib.compress(json.dumps([self.headers, rows, self.sheet, self.header_row],
                                        ensure_ascii=False).encode(), 1)

    @classmethod
    def from_bytes(cls, data: bytes | memoryview) -> "Table":  # a BinaryField reads back either
        headers, rows, *where = json.loads(zlib.decompress(data))  # tables kept before `sheet`: 2 items
        sheet, header_row = where or ["", 1]
        return cls(headers=headers, rows=[(number, [_decode(v) for v in values]) for number, values in rows],
                   sheet=sheet, header_row=header_row)


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


def old_format_message() -> str:
    return _("Đây là tệp Excel đời cũ (.xls, Excel 97–2003), không đọc được. Hãy mở tệp bằng Excel, chọn "
             "Lưu thành… “Sổ làm việc Excel (*.xlsx)”, rồi tải tệp .xlsx lên.")


def read_table(content: bytes, filename: str, deadline: Deadline | None = None,
               layout: Layout | None = None) -> Table:
    limit = limits()
    deadline = deadline or Deadline(limit.seconds)
    name = filename.lower()
    if content.startswith(OLE2_MAGIC):
        raise ImportFileError(old_format_message())
    if name.endswith(".csv"):
        return _read_csv(content, limit, deadline, layout)
    if name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content, limit, deadline, layout)
    if name.endswith(".xls"):
        raise ImportFileError(old_format_message())
    raise ImportFileError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))


def _cleaned_headers(values: list) -> list[str]:
    headers = ["" if is_blank(h) else " ".join(str(h).split()) for h in values]
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _is_header(values: list, layout: Layout | None) -> bool:
    if layout is None:
        return True
    return any(fold(header) in layout.headers for header in _cleaned_headers(values) if header)


def _no_header(layout: Layout, sheet: str) -> NoDataHere:
    where = (_("trang “%(sheet)s”") % {"sheet": sheet}) if sheet else _("tệp")
    return NoDataHere(
        _("Không tìm thấy dòng tiêu đề cột: trong %(n)s dòng đầu của %(where)s không có ô nào ghi tên một cột của "
          "mẫu “%(kind)s” (ví dụ “%(example)s”). Hãy dùng tệp mẫu và giữ nguyên dòng tiêu đề.")
        % {"n": HEADER_SEARCH_ROWS, "where": where, "kind": layout.title, "example": layout.example_header})


def _table(raw_rows, layout: Layout | None = None, sheet: str = "") -> Table:
    """The header row (the first non-blank one, or with a Layout the first of the first
    HEADER_SEARCH_ROWS non-blank rows naming one of its columns) and the rows below it."""
    iterator = iter(raw_rows)
    header_values, header_number, seen = None, 0, 0
    for number, values in iterator:
        if all(is_blank(v) for v in values):
            continue
        if _is_header(values, layout):
            header_values, header_number = values, number
            break
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    if header_values is None:
        if layout is not None and seen:
            raise _no_header(layout, sheet)
        if sheet:
            raise NoDataHere(_("Trang “%(sheet)s” của tệp không có dữ liệu: trang trống.") % {"sheet": sheet})
        raise NoDataHere(_("Tệp không có dữ liệu: dòng đầu tiên phải là dòng tiêu đề cột."))
    headers = _cleaned_headers(header_values)
    rows = []
    for number, values in iterator:
        values = list(values[: len(headers)]) + [None] * (len(headers) - len(values))
        if all(is_blank(v) for v in values):
            continue
        rows.append((number, values))
    if layout is not None and not rows:
        raise NoDataHere(
            _("Không có dòng dữ liệu nào dưới dòng tiêu đề (dòng %(row)s%(where)s). Hãy điền mỗi bản ghi vào một "
              "dòng, bắt đầu từ dòng %(next)s, rồi tải lên lại.")
            % {"row": header_number, "where": (_(", trang “%(sheet)s”") % {"sheet": sheet}) if sheet else "",
               "next": header_number + 1}, row=header_number)
    return Table(headers=headers, rows=rows, sheet=sheet, header_row=header_number)


def _sheet_order(workbook, layout: Layout | None) -> list:
    """The sheets to look for data in: the one named as the template's data sheet, else
    each sheet that is not the guide, a list or another kind's data sheet, first first."""
    sheets = workbook.worksheets
    if layout is None:
        return sheets[:1]
    named = [ws for ws in sheets if fold(ws.title) in layout.sheet_names]
    if named:
        return named[:1]
    return [ws for ws in sheets if fold(ws.title) not in layout.skip_sheets | set(layout.other_kinds)]


def _other_kind(workbook, layout: Layout) -> ImportFileError | None:
    for ws in workbook.worksheets:
        title = layout.other_kinds.get(fold(ws.title))
        if title:
            return ImportFileError(
                _("Tệp này theo mẫu “%(other)s”, không phải mẫu “%(kind)s”. Hãy tải tệp lên ở mục nhập “%(other)s”, "
                  "hoặc tải mẫu “%(kind)s” về để điền.") % {"other": title, "kind": layout.title})
    return None


def _read_xlsx(content: bytes, limit: Limits, deadline: Deadline, layout: Layout | None = None) -> Table:
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
        candidates = _sheet_order(workbook, layout)

        def rows(sheet):
            nonlocal number
            # Bounded by the limits the guard has checked, whatever the sheet declares:
            # openpyxl pads each row to max_col and fills gaps up to max_row.
            sheet_rows = sheet.iter_rows(max_row=limit.rows, max_col=limit.columns, values_only=True)
            for number, values in enumerate(sheet_rows, start=1):  # noqa: B007 (read in the except below)
                deadline.check(number)
                yield number, list(values)

        missing: list[NoDataHere] = []
        for sheet in candidates:
            try:
                return _table(rows(sheet), layout, sheet.title if layout is not None else "")
            except NoDataHere as exc:
                missing.append(exc)
        # Headers found with nothing under them says most; then a file of another kind.
        under_headers = [exc for exc in missing if exc.row is not None]
        if under_headers:
            raise under_headers[0]
        other = _other_kind(workbook, layout) if layout is not None else None
        if other is not None:
            raise other
        if missing:
            raise missing[0]
        raise _no_header(layout, workbook.worksheets[0].title) if layout is not None else NoDataHere(
            _("Tệp Excel không có trang tính nào."))
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


def _read_csv(content: bytes, limit: Limits, deadline: Deadline, layout: Layout | None = None) -> Table:
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
        return _table(rows(), layout)
    except csv.Error as exc:
        raise ImportFileError(_("Tệp CSV không đọc được ở dòng %(row)s: một ô quá dài, hoặc có dấu ngoặc kép (\") "
                                "mở mà không đóng.") % {"row": number + 1}, row=number + 1) from exc
