"""Pages of long lists (core.paging): the rows of a plain slice, reached the cheap way."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperatives.models import Person
from core import paging
from core.paging import ListPaginator, sorts_matches
from tests.factories import PersonFactory

NAMES = ["Đặng Văn Bình", "Dương Thị Lan", "Âu Văn Tú", "Ân Thị Hoa", "Nguyễn Văn An", "Nông Thị Mai",
         "Lý Văn Sơn", "La Thị Hằng", "Hoàng Văn Chức", "Hà Thị Thu", "Bế Văn Định"]


def test_it_sorts_a_sparse_list_and_walks_a_dense_one():
    people = 1_900_000
    # A district's university graduates, page 1 (bench/national.py: 247 → 8 ms sorted).
    assert sorts_matches(rows_needed=50, matches=1_000, table_rows=people)
    # The whole country, page 1 or page 200: the first entries of the names' index.
    assert not sorts_matches(rows_needed=50, matches=people, table_rows=people)
    assert not sorts_matches(rows_needed=10_000, matches=people, table_rows=people)
    # A province of 116,000 people at page 200: walked (62 ms) rather than sorted (465 ms).
    assert not sorts_matches(rows_needed=10_000, matches=116_000, table_rows=people)
    # Nothing to weigh: sorting nothing, or a table never analysed, is never the trap.
    assert sorts_matches(rows_needed=50, matches=0, table_rows=people)
    assert sorts_matches(rows_needed=50, matches=10, table_rows=-1)


@pytest.fixture
def people(units):
    return [PersonFactory(full_name=name, unit=units["06841"], education="college" if i % 4 else "university")
            for i, name in enumerate(NAMES)]


@pytest.mark.parametrize("deferred_from", [0, 3, 1_000])
def test_every_page_holds_the_rows_of_a_plain_slice_in_their_order(people, monkeypatch, deferred_from):
    monkeypatch.setattr(paging, "DEFERRED_FROM", deferred_from)
    for queryset in (Person.objects.all(), Person.objects.filter(education="college"),
                     Person.objects.order_by("-birth_year", "pk")):
        plain, paged = Paginator(queryset, 2), ListPaginator(queryset, 2)
        assert paged.count == plain.count
        for number in plain.page_range:
            assert [p.pk for p in paged.page(number)] == [p.pk for p in plain.page(number)]


def test_a_deep_page_reads_its_ids_first_then_its_rows(people, monkeypatch):
    monkeypatch.setattr(paging, "DEFERRED_FROM", 4)
    paginator = ListPaginator(Person.objects.select_related("unit"), 2)
    assert paginator.count == len(NAMES)
    with CaptureQueriesContext(connection) as first:
        list(paginator.page(2))
    with CaptureQueriesContext(connection) as deep:
        rows = list(paginator.page(4))
    assert len(first.captured_queries) == 1
    ids_sql, rows_sql = (q["sql"] for q in deep.captured_queries)
    # The skipped rows are read for their ids only (on PostgreSQL from the index alone).
    assert ids_sql.startswith('SELECT "cooperatives_person"."id" AS "pk" FROM')
    assert " OFFSET 6" in ids_sql
    assert "OFFSET" not in rows_sql
    assert "units_administrativeunit" in rows_sql
    assert [p.unit.code for p in rows] == ["06841", "06841"]


@pytest.mark.django_db(transaction=True)
def test_a_count_is_kept_until_the_next_write(units):
    for name in NAMES[:3]:
        PersonFactory(full_name=name, unit=units["06841"])

    def counting_queries(paginator):
        with CaptureQueriesContext(connection) as ctx:
            count = paginator.count
        return count, [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"]]

    count, counted = counting_queries(ListPaginator(Person.objects.all(), 2))
    assert (count, len(counted)) == (3, 1)
    count, counted = counting_queries(ListPaginator(Person.objects.all(), 2))
    assert (count, counted) == (3, [])  # from the cache, at the same data version
    assert counting_queries(ListPaginator(Person.objects.filter(education="none"), 2))[0] == 0  # its own key
    PersonFactory(full_name="Vi Văn Mới", unit=units["06841"])  # committed: the version moves
    count, counted = counting_queries(ListPaginator(Person.objects.all(), 2))
    assert (count, len(counted)) == (4, 1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the names' index and the estimate are PostgreSQL's")
def test_on_postgresql_a_sparse_filter_sorts_its_matches_and_a_dense_list_walks_the_index(people):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperatives_person")  # the estimate of the table's rows

    def page_sql(queryset) -> str:
        paginator = ListPaginator(queryset, 2)
        assert paginator.count >= 1
        with CaptureQueriesContext(connection) as ctx:
            list(paginator.page(1))
        return ctx.captured_queries[0]["sql"]

    sparse = page_sql(Person.objects.filter(full_name="Lý Văn Sơn"))
    dense = page_sql(Person.objects.all())
    assert """ORDER BY (COALESCE("cooperatives_person"."full_name", '') || """ in sparse  # no index holds it
    assert 'ORDER BY "cooperatives_person"."full_name" COLLATE "vi"' in dense


@pytest.mark.django_db(transaction=True)
def test_a_searchs_page_is_sorted_once_per_data_version(units):
    from core.text import search

    for name in NAMES:
        PersonFactory(full_name=name, unit=units["06841"])

    def page_queries(query: str) -> tuple[list[str], list[str]]:
        paginator = ListPaginator(search(Person.objects.all(), query), 2)
        with CaptureQueriesContext(connection) as ctx:
            names = [p.full_name for p in paginator.page(1)]
        return names, [q["sql"] for q in ctx.captured_queries
                       if q["sql"].startswith("SELECT \"cooperatives_person\".\"id\" AS \"pk\"")]

    first, sorted_first = page_queries("van")
    assert first == ["Âu Văn Tú", "Bế Văn Định"]  # Vietnamese order: A, Â, B…
    assert len(sorted_first) == 1
    again, sorted_again = page_queries("van")
    assert (again, sorted_again) == (first, [])  # the page's ids from the cache: no sort
    PersonFactory(full_name="An Văn Mới", unit=units["06841"])  # committed: the version moves
    assert page_queries("van")[0] == ["An Văn Mới", "Âu Văn Tú"]
