"""Checks of an .xlsx before openpyxl parses it: first the zip directory, then every part.

openpyxl trusts its input. A cell of a gigabyte is a gigabyte of memory; `<row r="20000000"/>`
makes read_only mode yield twenty million empty rows; its shared strings and styles are
loaded whole, as Python objects many times the size of their XML; and the XML tree of a
row or of a part it does not stream is kept until its end. So, before openpyxl sees a file:

1. From the zip directory alone, nothing unzipped yet: the number of parts, their total
   unzipped size and each part's compression ratio.
2. Each part unzipped in small chunks (zipfile yields no more than the size the directory
   declares, and checks the CRC), and each XML part parsed by defusedxml into a target
   that builds nothing and counts. Refused: a DTD or entity declaration (XXE, billion
   laughs; a real workbook has none), XML that is truncated or not well formed, a sheet
   whose declared dimension, rows, columns or cells pass the limits, more shared strings
   than cells allowed, more elements than a real workbook holds, a text over Excel's
   32,767 characters, and a number cell that is not a finite number (NaN, 1E999).

openpyxl then parses the file through defusedxml too (it does whenever defusedxml is
installed: openpyxl.DEFUSEDXML).
"""

import io
import math
import re
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

from core.templatetags.vn import num
from imports.services.limits import EXCEL_CELL_CHARS, Deadline, ImportFileError, Limits, megabytes

CHUNK = 64 * 1024
# A workbook has a few dozen parts; a hundred thousand empty ones would already cost
# seconds to list.
MAX_PARTS = 1000
# A part smaller than this cannot hurt whatever its ratio (a sheet of repeated empty
# formatted cells compresses 200 times).
RATIO_FLOOR = 1024 * 1024
# Elements of a row, or of one shared string (a cell is 2 or 3, a rich text run 3 or 4);
# openpyxl keeps a row's whole tree until the row ends.
MAX_ELEMENTS_PER_ROW = 1000
# Elements of a part outside sheet rows and shared strings: styles, workbook, relations,
# sheet settings. openpyxl turns each into an object of about a kilobyte; Excel itself
# stops at 64,000 cell formats.
MAX_OTHER_ELEMENTS = 150_000
# A number as Excel writes it: 1, -2.5, 1.2345678901234567E+20.
NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d{1,3})?$")
CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
DIMENSION_END = re.compile(r"^\$?([A-Za-z]{0,3})\$?(\d*)$")
XML_START = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _not_xlsx() -> ImportFileError:
    return ImportFileError(_("Không đọc được tệp Excel này (tệp hỏng hoặc không phải .xlsx)."))


def _corrupt(part: str) -> ImportFileError:
    return ImportFileError(_("Tệp Excel bị hỏng: phần “%(part)s” của tệp không đọc được (có thể tệp bị cắt "
                             "ngang khi tải lên). Hãy mở tệp bằng Excel, lưu lại rồi tải lên lại.") % {"part": part})


class _Counter:
    """The target DefusedXMLParser feeds with one part: it keeps no element, only counts."""

    def __init__(self, part: str, limits: Limits, deadline: Deadline):
        self.part, self.limits, self.deadline = part, limits, deadline
        self.kind = ""            # from the root element: "worksheet", "sst" or another
        self.depth = 0
        self.elements = 0         # all elements of the part, for the deadline
        self.others = 0           # elements outside rows and shared strings
        self.unit_depth = 0       # depth of the open row (sheet) or string (shared strings), 0 if none
        self.unit_elements = 0
        self.row = 0
        self.column = 0
        self.row_cells = 0
        self.cells = 0
        self.strings = 0
        self.cell = ""            # reference of the open cell, e.g. C5
        self.numeric = False      # the open cell holds a number (no type, or t="n")
        self.number: list[str] | None = None  # text of the <v> of a number cell, while open
        self.text = 0             # characters of the open cell or shared string

    def start(self, tag: str, attrib: dict) -> None:
        name = tag.rpartition("}")[2]
        self.depth += 1
        self.elements += 1
        if self.elements % 10_000 == 0:
            self.deadline.check()
        if self.depth == 1:
            self.kind = name
        if self.unit_depth:
            self.unit_elements += 1
            if self.unit_elements > MAX_ELEMENTS_PER_ROW:
                raise ImportFileError(_("Một dòng của trang tính (hoặc một chuỗi văn bản của tệp) có hơn %(limit)s "
                                        "phần tử XML; tệp Excel bình thường không có như vậy.")
                                      % {"limit": num(MAX_ELEMENTS_PER_ROW)})
            if self.kind == "worksheet":
                self._in_row(name, attrib)
            return
        if self.kind == "worksheet" and name == "row":
            self._open_row(attrib)
        elif self.kind == "sst" and name == "si":
            self.strings += 1
            if self.strings > self.limits.cells:
                raise ImportFileError(_("Tệp có hơn %(limit)s chuỗi văn bản dùng chung, nhiều hơn số ô cho phép; "
                                        "hãy chia thành nhiều tệp.") % {"limit": num(self.limits.cells)})
            self.unit_depth, self.unit_elements, self.text = self.depth, 0, 0
        else:
            self.others += 1
            if self.others > MAX_OTHER_ELEMENTS:
                raise ImportFileError(_("Phần “%(part)s” của tệp có hơn %(limit)s phần tử XML (kiểu định dạng, tên, "
                                        "liên kết…); tệp Excel bình thường không có nhiều như vậy. Hãy chép dữ liệu "
                                        "sang một tệp mẫu mới.") % {"part": self.part, "limit": num(MAX_OTHER_ELEMENTS)})
            if self.kind == "worksheet" and name == "dimension":
                self._dimension(attrib.get("ref", ""))

    def _dimension(self, ref: str) -> None:
        match = DIMENSION_END.match(ref.rpartition(":")[2])
        if not match:
            return  # openpyxl refuses it when it reads the sheet
        letters, digits = match.groups()
        rows, columns = int(digits or 0), column_index(letters)
        if rows > self.limits.rows:
            raise ImportFileError(_("Trang tính khai báo vùng dữ liệu %(ref)s, tức %(n)s dòng, vượt giới hạn "
                                    "%(limit)s dòng. Hãy xoá các dòng trống thừa phía dưới dữ liệu (hoặc chia thành "
                                    "nhiều tệp) rồi lưu lại.")
                                  % {"ref": ref, "n": num(rows), "limit": num(self.limits.rows)})
        if columns > self.limits.columns:
            raise ImportFileError(_("Trang tính khai báo vùng dữ liệu %(ref)s, tức %(n)s cột, vượt giới hạn "
                                    "%(limit)s cột. Hãy xoá các cột thừa bên phải dữ liệu rồi lưu lại.")
                                  % {"ref": ref, "n": num(columns), "limit": num(self.limits.columns)})

    def _open_row(self, attrib: dict) -> None:
        number = attrib.get("r")
        self.row = int(number) if number and number.isdigit() else self.row + 1
        if self.row > self.limits.rows:
            raise ImportFileError(_("Trang tính có tới dòng %(n)s, vượt giới hạn %(limit)s dòng (tính cả dòng "
                                    "tiêu đề và dòng trống). Hãy chia thành nhiều tệp.")
                                  % {"n": num(self.row), "limit": num(self.limits.rows)})
        self.unit_depth, self.unit_elements = self.depth, 0
        self.column = self.row_cells = 0
        self.deadline.check(self.row)

    def _in_row(self, name: str, attrib: dict) -> None:
        if name == "c":
            match = CELL_REF.match(attrib.get("r", ""))
            self.column = column_index(match.group(1)) if match else self.column + 1
            self.cell = f"{column_letters(self.column)}{self.row}"
            self.row_cells += 1
            self.cells += 1
            self.text = 0
            if self.column > self.limits.columns or self.row_cells > self.limits.columns:
                raise ImportFileError(_("Dòng %(row)s có ô ở cột %(col)s, vượt giới hạn %(limit)s cột. Hãy xoá các "
                                        "cột thừa bên phải dữ liệu rồi lưu lại.")
                                      % {"row": self.row, "col": column_letters(max(self.column, self.row_cells)),
                                         "limit": num(self.limits.columns)}, row=self.row)
            if self.cells > self.limits.cells:
                raise ImportFileError(_("Trang tính có hơn %(limit)s ô, vượt giới hạn; hãy chia thành nhiều tệp.")
                                      % {"limit": num(self.limits.cells)}, row=self.row)
            self.numeric = attrib.get("t", "n") == "n"
        elif name == "v" and self.numeric:
            self.number = []

    def data(self, text: str) -> None:
        if not self.unit_depth:
            return
        self.text += len(text)
        if self.text > EXCEL_CELL_CHARS:
            if self.kind == "sst":
                raise ImportFileError(_("Tệp có một chuỗi văn bản dài hơn %(limit)s ký tự, giới hạn của một ô Excel.")
                                      % {"limit": num(EXCEL_CELL_CHARS)})
            raise ImportFileError(_("Ô %(cell)s dài hơn %(limit)s ký tự, giới hạn của một ô Excel.")
                                  % {"cell": self.cell, "limit": num(EXCEL_CELL_CHARS)},
                                  row=self.row, column=self.cell.rstrip("0123456789"))
        if self.number is not None:
            self.number.append(text)

    def end(self, tag: str) -> None:
        if self.number is not None and tag.rpartition("}")[2] == "v":
            self._check_number("".join(self.number).strip())
            self.number = None
        if self.depth == self.unit_depth:
            self.unit_depth = 0
        self.depth -= 1

    def _check_number(self, text: str) -> None:
        if not text or (len(text) <= 40 and NUMBER.match(text) and math.isfinite(float(text))):
            return
        raise ImportFileError(_("Ô %(cell)s được lưu là số nhưng chứa “%(v)s”, không phải một số hữu hạn (NaN, vô "
                                "cực…). Hãy gõ lại ô đó.") % {"cell": self.cell, "v": text[:40]},
                              row=self.row, column=self.cell.rstrip("0123456789"))

    def close(self) -> None:
        return None


def check_xlsx(content: bytes, limits: Limits, deadline: Deadline) -> None:
    """Raise ImportFileError unless `content` is an .xlsx openpyxl may safely parse."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        raise _not_xlsx() from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise ImportFileError(_("Tệp gồm %(n)s phần nén, vượt giới hạn %(limit)s; đây không phải một tệp Excel "
                                    "bình thường.") % {"n": num(len(parts)), "limit": num(MAX_PARTS)})
        total = sum(part.file_size for part in parts)
        if total > limits.uncompressed_bytes:
            raise ImportFileError(_("Giải nén ra, tệp chiếm %(size)s MB, vượt giới hạn %(limit)s MB. Hãy xoá các "
                                    "trang, hình ảnh không cần thiết hoặc chia thành nhiều tệp.")
                                  % {"size": megabytes(total), "limit": megabytes(limits.uncompressed_bytes)})
        for part in parts:
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > RATIO_FLOOR and ratio > limits.compression_ratio:
                raise ImportFileError(_("Phần “%(part)s” của tệp nén tới %(ratio)s lần, vượt giới hạn %(limit)s lần; "
                                        "tệp Excel bình thường không nén được như vậy. Hãy mở tệp bằng Excel, lưu lại "
                                        "rồi tải lên lại.")
                                      % {"part": part.filename, "ratio": num(ratio),
                                         "limit": num(limits.compression_ratio)})
        for part in parts:
            _check_part(archive, part, limits, deadline)


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: Limits, deadline: Deadline) -> None:
    name = part.filename
    parser = None
    try:
        with archive.open(part) as stream:
            chunk = stream.read(CHUNK)
            if name.endswith((".xml", ".rels")) or chunk.lstrip(b" \t\r\n").startswith(XML_START):
                parser = DefusedXMLParser(target=_Counter(name, limits, deadline), forbid_dtd=True)
            while chunk:
                if parser is not None:
                    parser.feed(chunk)
                deadline.check()
                chunk = stream.read(CHUNK)
            if parser is not None:
                parser.close()
    except DefusedXmlException as exc:
        raise ImportFileError(_("Phần “%(part)s” của tệp có khai báo DTD hoặc thực thể XML; tệp Excel không bao giờ "
                                "có những khai báo này, nên tệp bị từ chối.") % {"part": name}) from exc
    except ParseError as exc:
        # Excel's legacy VML drawings (comment boxes) are not well-formed XML, and openpyxl
        # does not read them in read-only mode.
        if not name.endswith(".vml"):
            raise _corrupt(name) from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError,
            LookupError, UnicodeError) as exc:
        # A bad CRC, a truncated stream, an unknown compression or encoding, an encrypted part.
        raise _corrupt(name) from exc
