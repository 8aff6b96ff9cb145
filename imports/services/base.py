"""What every importer shares: columns, lookups of units and collectives, row errors.

An importer reads parsed rows one by one and writes each through the apps' services
(core.services, cooperatives.services, ocop.services), so the domain rules of the
forms and the API hold here too. It compares a row with the stored record first and
writes only what changed: importing the same file twice writes nothing the second time.
"""

import datetime
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError
from django.db.models import Field, Model
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise, cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from accounts.models import User
from accounts.scope import scope_unit_ids, visible
from accounts.services import scoped_bulk_create, scoped_bulk_update, scoped_create, scoped_update
from cooperatives.models import Collective
from core.models import TrackedModel
from core.services import BulkCreateRefused, VersionConflict
from core.tabular import sheet_title
from core.templatetags.vn import num
from core.text import fold
from imports.services import cells
from imports.services.reader import Layout
from units.models import AdministrativeUnit, UnitLevel

T = TypeVar("T", bound=TrackedModel)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
CHUNK = 900  # stays under SQLite's limit on query parameters

# The template's sheets besides the data sheet (imports.services.workbook).
GUIDE_SHEET = _l("Hướng dẫn")
LISTS_SHEET = _l("Danh mục")
UNITS_SHEET = _l("Danh mục xã")
# The column the error file adds (imports.services.error_file); ignored when read back.
ERROR_COLUMN = _l("Lỗi")
SHOWN_VALUE = 80  # characters of a value quoted in the preview's list of changes


def in_both_languages(text: str | Promise, shape: Callable[[str], str] = str) -> set[str]:
    """`text` folded, as written in Vietnamese and in English (`shape`d first: a sheet's
    name as Excel allows it, core.tabular.sheet_title)."""
    names = set()
    for language in ("vi", "en"):
        with translation.override(language):
            names.add(fold(shape(str(text))))
    return names


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


@dataclass(frozen=True)
class Column:
    key: str
    header: str | Promise
    # "text", "int", "count", "money", "decimal", "year", "date", "bool", "unit", or a ChoiceReader
    kind: Any = "text"
    required: bool = False
    help: str | Promise = ""
    example: str = ""
    # A drop-down for a column whose kind offers none (stars 1–5 read as "int").
    options: tuple = ()

    def choices(self, importer: "Importer") -> list:
        """What the template's drop-down offers in this column ([]: typed freely).

        Any coded column gets one by declaring its choices: a ChoiceReader column offers
        its labels, a unit column the communes of the officer's scope, a yes/no column
        "Có" and "Không", and any column its `options`.
        """
        if self.options:
            return list(self.options)
        if isinstance(self.kind, cells.ChoiceReader):
            return list(self.kind.labels())
        if self.kind == "bool":
            return [_("Có"), _("Không")]
        if self.kind == "unit":
            return importer.units.options()
        return []

    def parse(self, value, importer: "Importer"):
        try:
            parsed = self._parse(value, importer)
        except cells.CellError:
            raise
        except (ValueError, ArithmeticError) as exc:
            # Whatever a parser did not foresee (a number of 5,000 digits) is the cell's fault.
            raise cells.CellError(_("Không đọc được ô này.")) from exc
        if not _finite(parsed):
            raise cells.CellError(_("“%(v)s” không phải là một số hữu hạn.") % {"v": value})
        return parsed

    def _parse(self, value, importer: "Importer"):
        kind = self.kind
        if isinstance(kind, cells.ChoiceReader):
            return kind(value)
        if kind == "unit":
            return importer.units.resolve(value)
        if kind == "count":
            number = cells.parse_int(value)
            if number < 0:
                raise cells.CellError(_("Số không được âm."))
            return number
        return PARSERS[kind](value)


def _finite(value) -> bool:
    """NaN and infinities (Decimal("NaN"), Decimal("sNaN"), 1E999) are no score nor sum, and
    comparing them in a model's rules raises instead of answering."""
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, float):
        return math.isfinite(value)
    return True


PARSERS: dict[str, Callable] = {
    "text": cells.parse_text,
    "int": cells.parse_int,
    "money": cells.parse_int,
    "decimal": cells.parse_decimal,
    "year": cells.parse_year,
    "date": cells.parse_date,
    "bool": cells.parse_bool,
}


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any]  # only the cells that were filled, already parsed
    raw: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)


class RowErrors(Exception):
    """Errors of one row, keyed by column key ("" for the row as a whole)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(errors)


class MovedSincePreview(RowErrors):
    """At confirmation: the row would change a record someone changed since the preview."""


def fail(column: str, message: str) -> NoReturn:
    raise RowErrors({column: message})


class UnitIndex:
    """Every administrative unit, by code and by name, loaded in one query."""

    PREFIXES = ("xa ", "phuong ", "thi tran ", "dac khu ")
    # "Xã Húc Động (06841)", as the template's drop-down writes a commune.
    WITH_CODE = re.compile(r"\(\s*([0-9A-Za-z]+)\s*\)\s*$")

    def __init__(self, importer: "Importer"):
        self.importer = importer
        self.by_code: dict[str, AdministrativeUnit] = {}
        self.by_name: dict[str, list[AdministrativeUnit]] = {}
        for unit in AdministrativeUnit.objects.only("pk", "code", "name", "level"):
            self.by_code[fold(unit.code)] = unit
            names = {fold(unit.name)}
            for prefix in self.PREFIXES:
                if fold(unit.name).startswith(prefix):
                    names.add(fold(unit.name)[len(prefix):])
            for name in names:
                self.by_name.setdefault(name, []).append(unit)

    def option(self, unit: AdministrativeUnit) -> str:
        return f"{unit.name} ({unit.code})"

    def options(self) -> list[str]:
        """The communes of the scope as the drop-down offers them, by name."""
        communes = [u for u in self.by_code.values()
                    if u.level == UnitLevel.COMMUNE and self.importer.unit_in_scope(u.pk)]
        return [self.option(u) for u in sorted(communes, key=lambda u: (fold(u.name), u.code))]

    def resolve(self, value) -> AdministrativeUnit:
        text = cells.parse_text(value)
        key = fold(text)
        unit = self.by_code.get(key)
        coded = self.WITH_CODE.search(text)
        if unit is None and coded:
            unit = self.by_code.get(fold(coded.group(1)))
        if unit is None:
            candidates = [u for u in self.by_name.get(key, []) if u.level == UnitLevel.COMMUNE] or \
                self.by_name.get(key, [])
            if len(candidates) > 1:
                in_scope = [u for u in candidates if self.importer.unit_in_scope(u.pk)]
                candidates = in_scope if len(in_scope) == 1 else candidates
            if len(candidates) > 1:
                raise cells.CellError(_("Có nhiều đơn vị tên “%(v)s”; hãy ghi mã đơn vị (ví dụ %(codes)s).")
                                      % {"v": text, "codes": ", ".join(u.code for u in candidates[:3])})
            unit = candidates[0] if candidates else None
        if unit is None:
            raise cells.CellError(_("Không tìm thấy xã, phường, thị trấn “%(v)s”; hãy ghi đúng tên hoặc mã "
                                    "(xem trang “Danh mục xã” của tệp mẫu).") % {"v": text})
        if unit.level != UnitLevel.COMMUNE:
            raise cells.CellError(_("“%(v)s” không phải là xã, phường hoặc thị trấn.") % {"v": text})
        if not self.importer.unit_in_scope(unit.pk):
            raise cells.CellError(_("%(unit)s nằm ngoài phạm vi của bạn.") % {"unit": unit.name})
        return unit


class CollectiveIndex:
    """Finds the collective a row speaks of: by registration code, or by name (and commune)."""

    def __init__(self, importer: "Importer"):
        self.importer = importer
        self.by_code: dict[str, Collective] = {}
        self._by_name: dict[str, list[Collective]] = {}

    def prefetch(self, codes: Iterable[str | None]) -> None:
        for part in chunks({c for c in codes if c}):
            for collective in Collective.objects.filter(registration_code__in=part).select_related("unit"):
                if collective.registration_code is not None:  # the filter matched it: never None
                    self.by_code[collective.registration_code] = collective

    def resolve(self, *, code: str | None, name: str | None, unit: AdministrativeUnit | None,
                code_column: str = "registration_code", name_column: str = "collective_name") -> Collective:
        if code:
            collective = self.by_code.get(code)
            if collective is None:
                found = Collective.objects.filter(registration_code=code).select_related("unit").first()
                if found is None:
                    fail(code_column, _("Không tìm thấy tổ chức có mã số %(code)s.") % {"code": code})
                collective = self.by_code[code] = found
            if not self.importer.unit_in_scope(collective.unit_id):
                fail(code_column, _("Tổ chức có mã số %(code)s nằm ngoài phạm vi của bạn.") % {"code": code})
            return collective
        if not name:
            fail(code_column, _("Hãy ghi mã số HTX hoặc tên tổ chức."))
        key = fold(name)
        if key not in self._by_name:
            queryset = visible(self.importer.actor, Collective.objects.filter(search_text__contains=key))
            self._by_name[key] = [c for c in queryset.select_related("unit") if fold(c.name) == key]
        candidates = self._by_name[key]
        if unit is not None:
            candidates = [c for c in candidates if c.unit_id == unit.pk]
        if not candidates:
            fail(name_column, _("Không tìm thấy tổ chức “%(name)s” trong phạm vi của bạn.") % {"name": name})
        if len(candidates) > 1:
            fail(name_column, _("Có %(n)s tổ chức tên “%(name)s”; hãy ghi mã số HTX hoặc xã.")
                 % {"n": len(candidates), "name": name})
        return candidates[0]


def shown(instance: Model, name: str, value: Any) -> str:
    """A field's value as the preview's list of changes shows it: choices by their label,
    numbers grouped, dates as dd/mm/yyyy, nothing as "(trống)"."""
    if value is None or value == "":
        return _("(trống)")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    field = instance._meta.get_field(name)
    # Only a field's own choices: a foreign key's flatchoices would load its whole table.
    choices = dict(field.flatchoices) if isinstance(field, Field) and field.choices else {}
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, int | Decimal):
        return num(value, 0 if isinstance(value, int) or value == value.to_integral_value() else 2)
    text = str(value)
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + "…"


def changed_fields(instance: Model, values: dict[str, Any]) -> dict[str, Any]:
    """The part of `values` that differs from what `instance` holds (foreign keys by id)."""
    changes = {}
    for name, value in values.items():
        current = getattr(instance, name)
        if isinstance(value, Model):
            if getattr(instance, f"{name}_id") != value.pk:
                changes[name] = value
        elif current != value:
            changes[name] = value
    return changes


class Importer:
    """One kind of file. Subclasses declare `columns` and implement `import_row`."""

    kind: str = ""
    title: str | Promise = ""
    # The template's data sheet: the kind in full, in at most 31 characters (Excel's limit).
    sheet_name: str | Promise = ""
    description: str | Promise = ""
    columns: list[Column] = []
    # The record a row is about, linked from the done page (`link`), and the row's columns
    # that name it in the preview's list of changes.
    main_model: type[TrackedModel] | None = None
    link_name: str = ""
    label_columns: tuple[str, ...] = ()
    # model field name → column key, for ValidationErrors raised by the services
    field_columns: dict[str, str] = {}
    # Models whose new records no later row refers to: they wait for one bulk insert at
    # the end (scoped_bulk_create) instead of an INSERT, a history INSERT and a few
    # validation queries each; thousands of rows then import in seconds.
    bulk_models: tuple[type[TrackedModel], ...] = ()

    def __init__(self, actor: User):
        self.actor = actor
        self._units: UnitIndex | None = None
        self.collectives = CollectiveIndex(self)
        self.tally: dict[tuple[str, str], int] = {}
        self.first_row: dict[tuple, int] = {}
        self.deferred: dict[type[TrackedModel], list[tuple[ParsedRow, dict]]] = {}
        self.deferred_updates: dict[type[TrackedModel], list[tuple[ParsedRow, TrackedModel, dict, int]]] = {}
        # Set by run_import when confirming: the versions the preview saw (ImportResult.versions).
        self.preview_versions: dict[str, int] | None = None
        self.versions: dict[str, int] = {}
        self.written: set[str] = set()  # records this run created or changed
        # Per row number: what the row changes (shown in the preview), what names it, and
        # its main record (linked from the done page).
        self.notes: dict[int, list[str]] = {}
        self.labels: dict[int, str] = {}
        self.records: dict[int, Model] = {}

    @classmethod
    def header_names(cls) -> dict[str, Column]:
        """Header text (folded) → column: the Vietnamese header, the English one, or the key."""
        names: dict[str, Column] = {}
        for column in cls.columns:
            names[fold(column.key)] = column
            names[fold(column.key.replace("_", " "))] = column
            for name in in_both_languages(column.header):
                names[name] = column
        return names

    @classmethod
    def layout(cls, others: Iterable[type["Importer"]] = ()) -> Layout:
        """Where the reader looks for this kind's data (reader.Layout)."""
        other_kinds = {}
        for other in others:
            if other is not cls:
                for name in in_both_languages(other.sheet_name, sheet_title):
                    other_kinds[name] = str(other.title)
        return Layout(
            title=str(cls.title), sheet_names=frozenset(in_both_languages(cls.sheet_name, sheet_title)),
            headers=frozenset(cls.header_names()), example_header=str(cls.columns[0].header),
            skip_sheets=frozenset(set().union(*(in_both_languages(s, sheet_title)
                                                for s in (GUIDE_SHEET, LISTS_SHEET, UNITS_SHEET)))),
            other_kinds=other_kinds,
        )

    # --- what a row does, for the preview and the done page ------------------------------

    def label(self, row: ParsedRow) -> str:
        if row.number in self.labels:
            return self.labels[row.number]
        return " – ".join(cells.parse_text(row.values[k]) for k in self.label_columns if row.values.get(k))

    def link(self, record: Model) -> str:
        return reverse(self.link_name, args=[record.pk])

    def note(self, row: ParsedRow, text: str) -> None:
        self.notes.setdefault(row.number, []).append(text)

    def _field_label(self, model: type[Model], name: str) -> str:
        column = self.column_for_field(name) if model is self.main_model else ""
        headers = {c.key: c.header for c in self.columns}
        field = model._meta.get_field(name)
        label = str(headers[column]) if column in headers else capfirst(str(getattr(field, "verbose_name", name)))
        if model is not self.main_model:
            label = f"{capfirst(str(model._meta.verbose_name))} – {label}"
        return label

    def note_changes(self, row: ParsedRow, instance: Model, changes: dict[str, Any]) -> None:
        for name, new in changes.items():
            old = getattr(instance, name)
            self.note(row, f"{self._field_label(type(instance), name)}: {shown(instance, name, old)} → "
                           f"{shown(instance, name, new)}")

    def note_created(self, row: ParsedRow, model: type[Model]) -> None:
        if model is not self.main_model:
            self.note(row, _("%(record)s: thêm mới") % {"record": capfirst(str(model._meta.verbose_name))})

    @cached_property
    def scope_ids(self) -> set[int] | None:
        # Asked for only by an import or a template, not by a page that shows a kept preview.
        return scope_unit_ids(self.actor)

    @property
    def units(self) -> UnitIndex:
        if self._units is None:
            self._units = UnitIndex(self)
        return self._units

    def unit_in_scope(self, unit_id: int | None) -> bool:
        return self.scope_ids is None or unit_id in self.scope_ids

    def count(self, model: type[Model], action: str) -> None:
        key = (str(model._meta.verbose_name), action)
        self.tally[key] = self.tally.get(key, 0) + 1

    def once(self, key: tuple, row: ParsedRow, column: str, message: str) -> None:
        """Refuse a second row of the file that speaks of the same record as an earlier one."""
        first = self.first_row.setdefault(key, row.number)
        if first != row.number:
            fail(column, message % {"row": first})

    def agree_with_earlier(self, seen: dict, key: tuple, row: ParsedRow, values: dict[str, Any],
                           default_column: str, message: str) -> None:
        """A record described on several rows of the file (a person with two roles, a
        product with two ratings) must be described the same way on each."""
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = (row.number, values)
            return
        first_row, first_values = earlier
        for name, value in values.items():
            if name in first_values and first_values[name] != value:
                fail(self.column_for_field(name) or default_column, message % {"row": first_row})

    def column_for_field(self, field_name: str) -> str:
        if field_name in self.field_columns:
            return self.field_columns[field_name]
        keys = {c.key for c in self.columns}
        return field_name if field_name in keys else ""

    def errors_from_validation(self, exc: ValidationError, mapping: dict[str, str] | None = None) -> dict[str, str]:
        errors: dict[str, str] = {}
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                column = (mapping or {}).get(name) or self.column_for_field(name)
                text = " ".join(messages)
                errors[column] = f"{errors[column]} {text}" if column in errors else text
        else:
            errors[""] = " ".join(exc.messages)
        return errors

    def error_of(self, exc: Exception) -> dict[str, str]:
        if isinstance(exc, ValidationError):
            return self.errors_from_validation(exc)
        return {"": str(exc)}

    def changes_for(self, instance: TrackedModel, values: dict[str, Any],
                    row: ParsedRow | None = None) -> dict[str, Any]:
        """What `values` would change in the stored `instance`, its version noted.

        At confirmation a change goes only to a record that is as the preview saw it: one
        edited since (another version), or met for the first time (added since, or now
        matching), would have its edit overwritten by a file previewed before it.
        """
        changes = changed_fields(instance, values)
        if row is not None and type(instance) is self.main_model:
            self.records.setdefault(row.number, instance)
        key = f"{instance._meta.label_lower}:{instance.pk}"
        if key in self.written:
            if changes and row is not None:
                self.note_changes(row, instance, changes)
            return changes
        self.versions.setdefault(key, instance.version)
        if changes:
            if self.preview_versions is not None and self.preview_versions.get(key) != instance.version:
                raise MovedSincePreview({"": _("Bản ghi này đã được thay đổi sau lúc bạn xem trước; nhập bây giờ "
                                               "sẽ ghi đè thay đổi đó. Hãy xem trước lại.")})
            self.written.add(key)
            if row is not None:
                self.note_changes(row, instance, changes)
        return changes

    def create(self, row: ParsedRow, model: type[T], data: dict) -> T | None:
        """Create a record through the services, now or (for `bulk_models`) in flush()."""
        self.note_created(row, model)
        if model in self.bulk_models:
            self.deferred.setdefault(model, []).append((row, data))
            return None
        instance = scoped_create(model, actor=self.actor, data=data)
        self.written.add(f"{instance._meta.label_lower}:{instance.pk}")
        if model is self.main_model:
            self.records.setdefault(row.number, instance)
        return instance

    def update(self, row: ParsedRow, instance: TrackedModel, changes: dict) -> TrackedModel | None:
        """Update a record through the services, now or (for `bulk_models`) in flush()."""
        if type(instance) in self.bulk_models:
            self.deferred_updates.setdefault(type(instance), []).append((row, instance, changes, instance.version))
            return None
        return scoped_update(instance, actor=self.actor, changes=changes, expected_version=instance.version)

    def _one_by_one(self, rows_and_writes) -> list[tuple[ParsedRow, dict[str, str]]]:
        """After the database refused a batch (rolled back to its savepoint), write the rows
        one by one through the plain services to name the rows at fault."""
        refused = []
        for row, write in rows_and_writes:
            try:
                write()
            except (ValidationError, PermissionDenied, VersionConflict) as error:
                refused.append((row, self.error_of(error)))
            except DatabaseError:
                refused.append((row, {"": _("Không lưu được dòng này vào cơ sở dữ liệu; hãy kiểm tra lại các ô.")}))
        return refused

    def flush(self) -> list[tuple[ParsedRow, dict[str, str]]]:
        """Write the deferred records; returns the rows refused, with their errors."""
        refused: list[tuple[ParsedRow, dict[str, str]]] = []
        for model, items in self.deferred.items():
            try:
                created = scoped_bulk_create(model, actor=self.actor, records=[data for _row, data in items])
                if model is self.main_model:
                    for (row, _data), instance in zip(items, created, strict=True):
                        self.records[row.number] = instance
            except BulkCreateRefused as exc:
                refused.extend((items[index][0], self.error_of(error)) for index, error in exc.errors.items())
            except IntegrityError:
                refused.extend(self._one_by_one(
                    (row, lambda data=data, model=model: scoped_create(model, actor=self.actor, data=data))
                    for row, data in items))
        for model, updates in self.deferred_updates.items():
            try:
                scoped_bulk_update(model, actor=self.actor,
                                   updates=[(instance, changes) for _row, instance, changes, _v in updates])
            except BulkCreateRefused as exc:
                refused.extend((updates[index][0], self.error_of(error)) for index, error in exc.errors.items())
            except IntegrityError:
                refused.extend(self._one_by_one(
                    (row, lambda i=instance, c=changes, v=version: scoped_update(
                        i, actor=self.actor, changes=c, expected_version=v))
                    for row, instance, changes, version in updates))
        self.deferred, self.deferred_updates = {}, {}
        return refused

    def prepare(self, rows: list[ParsedRow]) -> None:
        """Load what the rows refer to in a few queries (no query per row where a dict does)."""

    def import_row(self, row: ParsedRow) -> str:
        raise NotImplementedError
