"""Pages of a long list that cost the same on page 1 and page 200, for a commune or the country.

Every list (the API's, the list pages) is sorted by name in Vietnamese order, which
PostgreSQL reads from the index of names (core.collation). Two things make that slow at
the size of the country (bench/national.py, 1.9 M people):

- **A sparse filter**: "university graduates of one district" are 1,000 people scattered
  among 1.9 M. Walking the names' index to meet 50 of them reads 70,000 entries (250 ms);
  collecting the 1,000 and sorting them takes 5 ms. A dense list is the other way round:
  the whole country's first page is the first 50 entries of the index. The planner guesses
  which, from estimates that are often wrong for a list of unit ids; the paginator has
  just counted the rows exactly, so it chooses (`sorts_matches`).
- **A deep page**: `page=200` skips 9,950 rows. Fetched whole, each skipped row is read from
  the table and has its per-row columns computed. So past the first pages the ids of the
  page come first, from the index alone (the names' index carries each row's unit, so a
  scope is checked without reading the table: cooperatives migration 0007), and then the
  50 rows by id (`DEFERRED_FROM`).
- **A search of a common word**: "nguyen" is in 700,000 names; sorting them for a page
  takes 0.4 s whatever the index. A search's page, too, comes as ids then rows.

What the database cannot make cheap is kept: the exact count and the ids of a search's or
a deep page's rows are filed in the shared cache under the data version (core.cache), keyed
by their SQL and parameters, for the queries that read registry tables only (whose every
write moves the version): the next reader of the same page, or the same reader paging
back, does not count or sort again until something is written.

The rows and their order are those of `object_list[bottom:top]`: only the way there changes.
"""

from __future__ import annotations

from functools import cached_property
from typing import cast

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, Max, QuerySet
from django.db.models.expressions import RawSQL

from core.cache import cached, query_parts
from core.collation import is_searched, unindexed_ordering

# From this many skipped rows, a page reads its ids first (one more query, or none when the
# ids are in the cache; a search always does).
DEFERRED_FROM = 1_000
# A sorted match costs about this many index entries walked (measured on PostgreSQL 15:
# 116,000 people of a province sorted 4 µs each for page 200; the index walked at 0.4 µs).
SORT_COST = 8


def sorts_matches(*, rows_needed: int, matches: int, table_rows: int) -> bool:
    """Whether to collect the `matches` rows and sort them rather than walk the names' index.

    Walking meets the matches in proportion to their share of the table, so reaching the
    end of the page reads about rows_needed × table_rows / matches entries; sorting reads
    the matches once, each SORT_COST times dearer than an entry walked.
    """
    if matches <= 0 or table_rows <= 0:
        return True
    return rows_needed * table_rows > SORT_COST * matches * matches


class ListPaginator(Paginator):
    """django.core.paginator.Paginator for querysets in name order, at the country's size.

    On PostgreSQL the count also reads the table's estimated size (pg_class.reltuples, in
    the same query), which `sorts_matches` weighs the count against. A search is always
    sorted already (core.collation.collated says why).
    """

    def _table_estimate(self) -> bool:
        queryset = self.object_list
        return isinstance(queryset, QuerySet) and connections[queryset.db].vendor == "postgresql"

    def _count(self) -> tuple[int, int]:
        """(rows, the table's estimated rows — 0 where there is no estimate)."""
        if not self._table_estimate():
            return super().count, 0
        queryset = cast(QuerySet, self.object_list)
        table = queryset.model._meta.db_table
        figures = queryset.aggregate(
            rows=Count("*"),
            table_rows=Max(RawSQL("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])),
        )
        return figures["rows"], figures["table_rows"] or 0

    @cached_property
    def _counted(self) -> tuple[int, int]:
        # A count is exact (api.md) and, for a search of 1.9 M people, a scan: it is kept in
        # the shared cache under the data version (core.cache), so paging through a list,
        # or the next reader, does not count again until something is written.
        if not isinstance(self.object_list, QuerySet):
            return self._count()
        return self._kept("core.paging.count", self.object_list, self._count)

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(self.rows(bottom, top), number, self)

    def rows(self, bottom: int, top: int):
        queryset = self.object_list
        if not isinstance(queryset, QuerySet):
            return queryset[bottom:top]
        searched = is_searched(queryset)
        if (self._table_estimate() and not searched
                and sorts_matches(rows_needed=top, matches=self.count, table_rows=self._counted[1])):
            queryset = queryset.order_by(*unindexed_ordering(queryset))
        if bottom < DEFERRED_FROM and not searched:
            return list(queryset[bottom:top])
        ids_query = queryset.values_list("pk", flat=True)[bottom:top]
        ids = self._kept("core.paging.ids", ids_query, lambda: list(ids_query))
        by_id = queryset.order_by().in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]

    def _kept(self, namespace: str, query: QuerySet, compute):
        """compute(), kept in the shared cache under the data version for the same SQL and
        parameters when the query may be (core.cache.query_parts: it reads registry tables
        only, whose every write moves the version)."""
        parts = query_parts(query)
        return compute() if parts is None else cached(namespace, parts, compute)
