"""One way to show a list page: filters, search, sort by column, pagination and the
"Xuất Excel" export of exactly the filtered rows, from one column specification.

The registry, people, OCOP, training, trade-event and statistics lists all use it, so
they sort, paginate and export alike. Column values read only fields loaded by the
selector's select_related/annotations: a list runs a fixed number of queries.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.collation import ordering
from core.numbers import number
from core.paging import ListPaginator
from core.tabular import Formatted, xlsx_response

PAGE_SIZE = 50


@dataclass
class Column:
    key: str
    label: str | Promise  # a lazy translation, read in the language of the request
    value: Callable[[Any], Any]
    sort: str | None = None  # ORM field to order by; None: not sortable
    kind: str = "text"  # text | num | date | bool | stars
    link: Callable[[Any], str] | None = None


def display(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "–"
    if kind == "num" and isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    if kind == "stars":
        return f"{value}★"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    return str(value)


# Excel formats of the exported cells: Excel shows "#,##0" with the reader's own separators
# (1.234.567 on a Vietnamese Windows), and dates as the dd/mm/yyyy officers write.
EXCEL_AMOUNT = "#,##0"
EXCEL_DATE = "dd/mm/yyyy"


def export_value(value: Any, kind: str = "text") -> Any:
    """What goes into the Excel cell: numbers and dates stay numbers and dates (a star
    count is the number 3, not the text "3★"), amounts grouped, dates dd/mm/yyyy."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.date):
        return Formatted(value, EXCEL_DATE)
    if isinstance(value, int | float | Decimal):
        return Formatted(value, EXCEL_AMOUNT) if kind == "num" else value
    return str(value)


def export_response(name: str, columns: list[Column], objects, *, title: str | None = None):
    """The "Xuất Excel" of a list: one row per object, the columns' values as cells."""
    if isinstance(objects, QuerySet):
        objects = objects.iterator(chunk_size=2000)
    rows = ([export_value(c.value(obj), c.kind) for c in columns] for obj in objects)
    return xlsx_response(f"{name}.xlsx", [str(c.label) for c in columns], rows, title=title or name)


def _querystring(params, **changes) -> str:
    query = params.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    return query.urlencode()


def render_list(
    request,
    *,
    title: str,
    queryset: QuerySet,
    columns: list[Column],
    filter_form,
    default_sort: str,
    export_name: str,
    create_url: str | None = None,
    extra: dict | None = None,
    template: str = "cooperatives/list.html",
):
    params = request.GET.copy()
    # The role's flag (accounts.User.can_write); the scope was applied to `queryset` already.
    may_write = bool(getattr(request.user, "can_write", False))
    by_key = {c.key: c for c in columns}
    sort = params.get("sort") or default_sort
    key = sort.lstrip("-")
    if key not in by_key or not by_key[key].sort:
        sort, key = default_sort, default_sort.lstrip("-")
    descending = sort.startswith("-")
    order = by_key[key].sort
    if not order:
        raise ValueError(f"default_sort {default_sort!r} names no sortable column")
    # Names (text columns) in Vietnamese alphabetical order (core.collation), on both databases.
    queryset = queryset.order_by(*ordering(queryset, [f"-{order}" if descending else order]), "pk")

    if params.get("export") == "xlsx":
        # The sheet is named like the page (in Vietnamese, at most 31 characters), the file by its slug.
        return export_response(export_name, columns, queryset, title=title)

    page = ListPaginator(queryset, PAGE_SIZE).get_page(params.get("page"))
    rows = [
        {"cells": [{"text": display(c.value(obj), c.kind), "num": c.kind == "num",
                    "href": c.link(obj) if c.link else None} for c in columns]}
        for obj in page.object_list
    ]
    headers = []
    for column in columns:
        header = {"label": column.label, "num": column.kind == "num", "sorted": None, "href": None}
        if column.sort:
            next_sort = f"-{column.key}" if (column.key == key and not descending) else column.key
            header["href"] = "?" + _querystring(params, sort=next_sort, page=None)
            if column.key == key:
                header["sorted"] = "descending" if descending else "ascending"
        headers.append(header)
    context = {
        "title": title,
        "filter_form": filter_form,
        "headers": headers,
        "rows": rows,
        "page": page,
        "export_query": _querystring(params, export="xlsx", page=None),
        "prev_query": _querystring(params, page=page.previous_page_number()) if page.has_previous() else None,
        "next_query": _querystring(params, page=page.next_page_number()) if page.has_next() else None,
        "create_url": create_url if may_write else None,
        "can_write": may_write,
        **(extra or {}),
    }
    return render(request, template, context)
