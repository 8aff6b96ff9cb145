"""A record's change history (django-simple-history), presented once for pages and API.

Newest first, each version says who, when, what kind of change (+ created, ~ changed,
- deleted) and, per field, the old and the new value: raw (`old`, `new`, what the API
returns) and as a page prints it (`old_text`, `new_text`: labels of choices, dd/mm/yyyy,
grouped numbers, names of related records). A creation lists the values it was made with.

core knows no app, so the names of related records (a unit's name for its id) come from
the caller through `related_labels`; without it a related record is shown by its id.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.templatetags.vn import num

# Bookkeeping, not content: every version changes them.
SKIPPED_FIELDS = frozenset({"id", "version", "created_at", "updated_at", "search_text"})
ACTIONS = {"+": gettext_lazy("Tạo mới"), "~": gettext_lazy("Sửa"), "-": gettext_lazy("Xoá")}

# (foreign key, ids found in the history) → {id: label}: one call per foreign key shown.
RelatedLabels = Callable[[models.ForeignKey, set], Mapping[Any, str]]


@dataclass
class HistoryChange:
    field: str
    label: str
    old: Any
    new: Any
    old_text: str = ""
    new_text: str = ""


@dataclass
class HistoryEntry:
    history_id: int
    when: datetime.datetime
    user: str | None  # the author's username; None: a script
    who: str  # the author as a page names them
    type: str  # "+", "~" or "-"
    action: str
    changes: list[HistoryChange]


def _initial_values(record) -> list[HistoryChange]:
    changes = []
    for model_field in record.instance_type._meta.concrete_fields:
        if model_field.name in SKIPPED_FIELDS or not model_field.editable:
            continue
        value = getattr(record, model_field.attname, None)
        if value not in (None, ""):
            changes.append(HistoryChange(model_field.name, "", None, value))
    return changes


def _changes(newer, older) -> list[HistoryChange]:
    if newer.history_type == "+":
        return _initial_values(newer)
    if newer.history_type == "~" and older is not None:
        delta = newer.diff_against(older, excluded_fields=SKIPPED_FIELDS)
        return [HistoryChange(c.field, "", c.old, c.new) for c in delta.changes]
    return []


def _text(model_field: models.Field, value: Any, labels: Mapping[Any, str]) -> str:
    if value is None or value == "":
        return "–"
    if model_field.many_to_many:
        # simple-history stores the through rows; the page says how many, the record says who.
        return _("%(n)s mục") % {"n": len(value)}
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return labels.get(value, str(value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        return value.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return num(value)
    if isinstance(value, Decimal):
        return num(value, max(0, -value.normalize().as_tuple().exponent))
    return str(value)


def record_history(instance: models.Model, *, limit: int | None = None,
                   related_labels: RelatedLabels | None = None) -> list[HistoryEntry]:
    """The versions of `instance`, newest first (the latest `limit` when given)."""
    model = type(instance)
    query = instance.history.select_related("history_user").order_by("-history_date", "-history_id")
    # One more than shown: the version before the oldest shown says what that one changed.
    records = list(query[: limit + 1] if limit is not None else query)
    shown = records[:limit] if limit is not None else records
    entries = []
    for index, newer in enumerate(shown):
        older = records[index + 1] if index + 1 < len(records) else None
        user = newer.history_user
        entries.append(HistoryEntry(
            history_id=newer.history_id, when=newer.history_date,
            user=user.username if user else None,
            who=(user.get_full_name() or user.username) if user else _("(hệ thống)"),
            type=newer.history_type, action=str(ACTIONS.get(newer.history_type, newer.history_type)),
            changes=_changes(newer, older),
        ))
    _describe(model, entries, related_labels)
    return entries


def _describe(model: type[models.Model], entries: list[HistoryEntry], related_labels: RelatedLabels | None) -> None:
    """Fill in labels and printed values; related records are named in one call per field."""
    ids: dict[str, set] = {}
    for change in (c for entry in entries for c in entry.changes):
        model_field = model._meta.get_field(change.field)
        if model_field.many_to_one:
            ids.setdefault(change.field, set()).update(v for v in (change.old, change.new) if v is not None)
    labels = {name: dict(related_labels(model._meta.get_field(name), values)) if related_labels else {}
              for name, values in ids.items()}
    for change in (c for entry in entries for c in entry.changes):
        model_field = model._meta.get_field(change.field)
        change.label = str(model_field.verbose_name).capitalize()
        field_labels = labels.get(change.field, {})
        change.old_text = _text(model_field, change.old, field_labels)
        change.new_text = _text(model_field, change.new, field_labels)
