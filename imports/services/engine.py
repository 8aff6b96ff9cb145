"""Running an import: parse every cell, write every row through the services inside ONE
transaction, and keep it only when asked to and when no row failed.

The preview runs exactly the same code and rolls back, so what the preview promises
(these errors, so many rows to create and to update) is what the confirmation does.
"""

import json
import re
import zlib
from dataclasses import asdict, dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from core.services import VersionConflict
from core.templatetags.vn import num
from core.text import fold
from imports.services.base import (
    CREATED,
    ERROR_COLUMN,
    UNCHANGED,
    UPDATED,
    Column,
    Importer,
    MovedSincePreview,
    ParsedRow,
    RowErrors,
    in_both_languages,
)
from imports.services.cells import CellError, is_blank
from imports.services.limits import EXCEL_CELL_CHARS, ImportFileError
from imports.services.reader import Table

# C0 and C1 control characters, and DEL: invisible, refused by PostgreSQL (NUL) or by
# XML (most of C0). Tab, line feed and carriage return are whitespace a multi-line cell
# may hold; text columns fold them into single spaces anyway.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SHOWN_CHARS = 200  # of a value quoted next to its error


@dataclass(frozen=True)
class Issue:
    row: int | None  # None: the file as a whole
    column: str
    value: str
    message: str
    cell: str = ""  # the cell's address as Excel shows it ("F7"); "" for a row or the file


@dataclass(frozen=True)
class Planned:
    """A row of the file that adds or changes records, as the preview lists it."""

    row: int
    action: str  # CREATED or UPDATED
    record: str  # what names it ("Hợp tác xã Miến dong Bình Liêu")
    changes: list[str] = field(default_factory=list)  # "Vốn điều lệ (đồng): 1.000.000 → 1.500.000"
    url: str = ""  # the record's page, once imported


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    issues: list[Issue] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # (record type, action) → count, e.g. ("người", "created") → 3
    details: dict[tuple[str, str], int] = field(default_factory=dict)
    committed: bool = False
    # Rows refused because their record changed since the preview (only when confirming).
    moved: int = 0
    # "app.model:pk" → version of every stored record the run compared with its row: the
    # confirmation holds the records it changes to these versions (Importer.changes_for).
    versions: dict[str, int] = field(default_factory=dict)
    # The rows that add or change something, in the file's order.
    planned: list[Planned] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def bad_rows(self) -> int:
        return len({i.row for i in self.issues if i.row is not None})

    @classmethod
    def refused(cls, kind: str, error: ImportFileError) -> "ImportResult":
        """The result of a file that could not be read at all."""
        return cls(kind=kind, issues=[Issue(error.row, error.column, "", error.message)])

    def to_bytes(self) -> bytes:
        data = asdict(self)
        data["details"] = [[name, action, n] for (name, action), n in self.details.items()]
        return zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 1)

    @classmethod
    def from_bytes(cls, data: bytes | memoryview) -> "ImportResult":  # a BinaryField reads back either
        values = json.loads(zlib.decompress(data))
        values["issues"] = [Issue(**issue) for issue in values["issues"]]
        values["planned"] = [Planned(**planned) for planned in values.get("planned", [])]
        values["details"] = {(name, action): n for name, action, n in values["details"]}
        return cls(**values)


def match_columns(importer: Importer, headers: list[str]) -> tuple[dict[int, Column], list[str], list[str]]:
    """Header text → column, accepting the Vietnamese header, the English one, or the key.
    The error column of an error file sent back (ERROR_COLUMN) is neither read nor listed."""
    names = importer.header_names()
    errors = in_both_languages(ERROR_COLUMN)
    matched: dict[int, Column] = {}
    ignored: list[str] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        found = names.get(fold(header)) if header else None
        if found is None:
            if header and fold(header) not in errors:
                ignored.append(header)
            continue
        column = found
        if column.key in seen:
            problems.append(_("Cột “%(h)s” xuất hiện hai lần.") % {"h": header})
            continue
        seen[column.key] = index
        matched[index] = column
    for column in importer.columns:
        if column.required and column.key not in seen:
            problems.append(_("Thiếu cột bắt buộc “%(h)s”. Hãy dùng tệp mẫu.") % {"h": column.header})
    return matched, ignored, problems


def _display(value) -> str:
    """A cell's value as quoted next to its error: control characters made visible, and
    short (a page of 500 errors must not carry 500 cells of 32,000 characters)."""
    if value is None:
        return ""
    text = f"{value:%d/%m/%Y}" if hasattr(value, "strftime") else str(value)
    text = CONTROL.sub("\ufffd", text)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _cell_error(value) -> str | None:
    """What no column accepts, whatever it holds."""
    if not isinstance(value, str):
        return None
    control = CONTROL.search(value)
    if control:
        return _("Ô này chứa ký tự điều khiển không in được (U+%(code)s); hãy xoá ký tự đó rồi gõ lại ô.") % {
            "code": f"{ord(control.group()):04X}"}
    if len(value) > EXCEL_CELL_CHARS:
        return _("Ô này dài %(n)s ký tự, vượt giới hạn %(limit)s ký tự của một ô Excel.") % {
            "n": num(len(value)), "limit": num(EXCEL_CELL_CHARS)}
    return None


def run_import(importer: Importer, table: Table, *, commit: bool,
               preview_versions: dict[str, int] | None = None) -> ImportResult:
    """Import `table` (keep it only if `commit` and no row failed). A confirmation passes the
    versions its preview saw (`preview_versions`): a record changed since is not overwritten."""
    result = ImportResult(kind=importer.kind)
    importer.preview_versions = preview_versions
    matched, ignored, problems = match_columns(importer, table.headers)
    result.ignored_columns = [_display(header) for header in ignored]
    if problems:
        result.issues.extend(Issue(None, "", "", p) for p in problems)
        return result
    headers = {c.key: str(c.header) for c in importer.columns}
    letters = {column.key: get_column_letter(index + 1) for index, column in matched.items()}

    def add(row: ParsedRow, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            cell = f"{letters[key]}{row.number}" if key in letters else ""
            result.issues.append(Issue(row.number, headers.get(key, ""), _display(row.raw.get(key)), message, cell))

    rows: list[ParsedRow] = []
    for number, cells in table.rows:
        row = ParsedRow(number=number, values={}, raw={})
        for index, column in matched.items():
            value = cells[index]
            row.raw[column.key] = value
            refused = _cell_error(value)
            if refused:
                row.errors[column.key] = refused
                continue
            if is_blank(value):
                if column.required:
                    row.errors[column.key] = _("Ô này không được để trống.")
                continue
            try:
                row.values[column.key] = column.parse(value, importer)
            except CellError as exc:
                row.errors[column.key] = exc.message
        rows.append(row)
    result.rows = len(rows)

    outcomes: list[tuple[ParsedRow, str]] = []
    with transaction.atomic():
        importer.prepare([r for r in rows if not r.errors])
        for row in rows:
            if row.errors:
                add(row, row.errors)
                continue
            try:
                outcome = importer.import_row(row)
            except MovedSincePreview as exc:
                result.moved += 1
                add(row, exc.errors)
                continue
            except RowErrors as exc:
                add(row, exc.errors)
                continue
            except ValidationError as exc:
                add(row, importer.errors_from_validation(exc))
                continue
            except (PermissionDenied, VersionConflict) as exc:
                add(row, {"": str(exc)})
                continue
            except DatabaseError:
                # A rule only the database knew (a constraint, a row changed meanwhile); the
                # service's savepoint has rolled back just this row.
                add(row, {"": _("Không lưu được dòng này vào cơ sở dữ liệu; hãy kiểm tra lại các ô.")})
                continue
            if outcome in (CREATED, UPDATED):
                outcomes.append((row, outcome))
            if outcome == CREATED:
                result.created += 1
            elif outcome == UPDATED:
                result.updated += 1
            elif outcome == UNCHANGED:
                result.unchanged += 1
        for row, errors in importer.flush():
            add(row, errors)
        result.issues.sort(key=lambda issue: issue.row or 0)  # deferred rows report last
        refused_rows = {issue.row for issue in result.issues}
        for row, outcome in outcomes:
            if row.number in refused_rows:
                continue
            record = importer.records.get(row.number)
            url = importer.link(record) if commit and record is not None and record.pk else ""
            result.planned.append(Planned(row.number, outcome, importer.label(row), importer.notes.get(row.number, []),
                                          url))
        result.details = dict(importer.tally)
        result.versions = importer.versions
        result.committed = commit and not result.issues
        if not result.committed:
            transaction.set_rollback(True)
    return result
