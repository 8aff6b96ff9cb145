"""How big an import file may be and how long reading it may take (settings.IMPORT_LIMITS).

An .xlsx is a zip of XML parts: a file of a few hundred kilobytes can unpack into
gigabytes, or into millions of empty rows that take minutes to walk. Each limit is
checked before the part it protects is parsed (guard.py for the zip and its XML,
reader.py for the rows), and refused with a message naming the limit and the file's
own figure. Defaults below; settings.IMPORT_LIMITS overrides any of them.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from core.templatetags.vn import num

DEFAULTS = {
    "UPLOAD_BYTES": 10 * 1024 * 1024,        # the file as uploaded
    "UNCOMPRESSED_BYTES": 50 * 1024 * 1024,  # all parts of an .xlsx once unzipped
    "COMPRESSION_RATIO": 100,                # unzipped / zipped size of one part
    "ROWS": 20_000,                          # rows of a sheet, as Excel numbers them
    "COLUMNS": 60,                           # columns of a sheet
    "CELLS": 500_000,                        # cells written in a sheet; strings shared by its cells
    "SECONDS": 30,                           # reading the file (not writing it: that is bounded by ROWS)
}


# Excel's own limit on the text of a cell: longer is no cell an officer typed.
EXCEL_CELL_CHARS = 32_767


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    uncompressed_bytes: int
    compression_ratio: int
    rows: int
    columns: int
    cells: int
    seconds: float


def limits() -> Limits:
    values = {**DEFAULTS, **getattr(settings, "IMPORT_LIMITS", {})}
    return Limits(**{name.lower(): values[name] for name in DEFAULTS})


def megabytes(size: int) -> str:
    """10 MB, 11,7 MB."""
    amount = size / 1024 / 1024
    return num(amount, 0 if amount.is_integer() else 1)


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong format, over a limit, corrupt). When the
    fault lies in one cell, `row` and `column` (a letter, as Excel shows it) name it."""

    def __init__(self, message: str, *, row: int | None = None, column: str = ""):
        self.message = message
        self.row = row
        self.column = column
        super().__init__(message)


class Deadline:
    """The time budget of reading one file, checked between rows and between XML elements."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.started = time.monotonic()

    def check(self, row: int | None = None) -> None:
        if time.monotonic() - self.started <= self.seconds:
            return
        if row is None:
            raise ImportFileError(_("Đọc tệp mất hơn %(limit)s giây, vượt giới hạn thời gian; hãy chia thành "
                                    "nhiều tệp nhỏ hơn.") % {"limit": num(self.seconds)})
        raise ImportFileError(_("Đọc tệp mất hơn %(limit)s giây (mới tới dòng %(row)s), vượt giới hạn thời gian; "
                                "hãy chia thành nhiều tệp nhỏ hơn.") % {"limit": num(self.seconds), "row": num(row)})
