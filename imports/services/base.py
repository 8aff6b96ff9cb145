"""What every importer shares: columns, lookups of units and collectives, row errors.

An importer reads parsed rows one by one and writes each through the apps' services
(core.services, cooperatives.services, ocop.services), so the domain rules of the
forms and the API hold here too. It compares a row with the stored record first and
writes only what changed: importing the same file twice writes nothing the second time.
"""

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError
from django.db.models import Model
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scope import scope_unit_ids, visible
from accounts.services import scoped_bulk_create, scoped_bulk_update, scoped_create, scoped_update
from cooperatives.models import Collective
from core.models import TrackedModel
from core.services import BulkCreateRefused, VersionConflict
from core.text import fold
from imports.services import cells
from units.models import AdministrativeUnit, UnitLevel

T = TypeVar("T", bound=TrackedModel)

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
CHUNK = 900  # stays under SQLite's limit on query parameters


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

    def resolve(self, value) -> AdministrativeUnit:
        text = cells.parse_text(value)
        key = fold(text)
        unit = self.by_code.get(key)
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
    description: str | Promise = ""
    columns: list[Column] = []
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

    def changes_for(self, instance: TrackedModel, values: dict[str, Any]) -> dict[str, Any]:
        """What `values` would change in the stored `instance`, its version noted.

        At confirmation a change goes only to a record that is as the preview saw it: one
        edited since (another version), or met for the first time (added since, or now
        matching), would have its edit overwritten by a file previewed before it.
        """
        changes = changed_fields(instance, values)
        key = f"{instance._meta.label_lower}:{instance.pk}"
        if key in self.written:
            return changes
        self.versions.setdefault(key, instance.version)
        if changes:
            if self.preview_versions is not None and self.preview_versions.get(key) != instance.version:
                raise MovedSincePreview({"": _("Bản ghi này đã được thay đổi sau lúc bạn xem trước; nhập bây giờ "
                                               "sẽ ghi đè thay đổi đó. Hãy xem trước lại.")})
            self.written.add(key)
        return changes

    def create(self, row: ParsedRow, model: type[T], data: dict) -> T | None:
        """Create a record through the services, now or (for `bulk_models`) in flush()."""
        if model in self.bulk_models:
            self.deferred.setdefault(model, []).append((row, data))
            return None
        instance = scoped_create(model, actor=self.actor, data=data)
        self.written.add(f"{instance._meta.label_lower}:{instance.pk}")
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
                scoped_bulk_create(model, actor=self.actor, records=[data for _row, data in items])
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
