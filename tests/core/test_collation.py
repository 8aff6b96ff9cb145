"""Vietnamese alphabetical order (core.collation): the Python key, and the "vi" collation
that sorts the same on SQLite (the key) and PostgreSQL (ICU)."""

import random

import pytest
from django.db import connection
from django.db.models import Count

from cooperatives.models import Collective, Person
from core.collation import (
    ALPHABET,
    collated,
    compare,
    is_searched,
    is_text,
    ordering,
    sort_key,
    sorted_by_name,
)
from core.text import search
from tests.factories import CollectiveFactory, PersonFactory

# Names whose order ICU's Vietnamese collation gives (checked against PostgreSQL below):
# letters first (ă after a, đ after d, ơ after ô), then tones, then case.
ORDERED = [
    "cafe", "cafè", "café", "Cha", "Chà", "Chả", "Chã", "Chá", "Chạ", "Chanh", "Chăm", "Chăn nuôi", "Chân",
    "Che", "chè", "Chè", "Chẻ", "Chẽ", "Chẹ", "Chè Đồng Tâm", "Chè vối", "chen", "Chề", "Chế biến", "Da", "Dz",
    "Đa", "Đà Lạt", "E", "ez", "Ê", "Hợp", "Hợp tác xã (cũ)", "Hợp tác xã 10", "Hợp tác xã 2", "Hợp tác xã A",
    "Hợp tác xã-A", "Hợpt", "ma", "mA", "Ma", "mả", "má a", "ma b", "Nguyen", "Nguyên", "Nguyễn", "Nguyến",
    "Nông văn Thắng", "Nông Văn Thắng", "On", "ô tô", "Ôn", "Ơn", "U", "Uber", "Über", "Uy", "Ư", "Zebra",
]


def shuffled(items, seed=12):
    items = list(items)
    random.Random(seed).shuffle(items)  # noqa: S311 - a fixed shuffle, no secret
    return items


def test_it_sorts_the_issues_examples():
    # Issue 12: today "Chè vối" comes before "Chè Đồng Tâm", which comes before "Chăn nuôi".
    assert sorted(["Chè vối", "Chè Đồng Tâm", "Chăn nuôi"], key=sort_key) == ["Chăn nuôi", "Chè Đồng Tâm", "Chè vối"]
    assert sorted(["Hợp tác xã Chè vối Lục Hồn", "Hợp tác xã Chăn nuôi Húc Động", "Hợp tác xã Chè Đồng Tâm"],
                  key=sort_key) == ["Hợp tác xã Chăn nuôi Húc Động", "Hợp tác xã Chè Đồng Tâm",
                                    "Hợp tác xã Chè vối Lục Hồn"]


def test_it_follows_the_vietnamese_alphabet():
    vietnamese = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"]
    assert sorted(shuffled(vietnamese), key=sort_key) == vietnamese
    assert [letter for letter in ALPHABET if letter in vietnamese] == vietnamese
    assert sorted(shuffled(letter.upper() for letter in vietnamese), key=sort_key) == [v.upper() for v in vietnamese]


def test_tones_come_after_the_letters_and_case_after_the_tones():
    assert sorted(shuffled(["mạ", "má", "mã", "mả", "mà", "ma"]), key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["mac", "mạ"], key=sort_key) == ["mạ", "mac"]  # letters decide first
    assert sorted(["Chè", "chè"], key=sort_key) == ["chè", "Chè"]
    assert sorted(shuffled(ORDERED), key=sort_key) == ORDERED


def test_the_same_text_composed_or_decomposed_sorts_the_same():
    assert sort_key("Nguyễn")[:3] == sort_key("Nguyễn")[:3]  # NFC and NFD
    assert compare("Chăn", "Chè") == -1
    assert compare("Chè", "Chăn") == 1
    assert compare("Chè", "Chè") == 0


def test_sorted_by_name():
    assert [c for c, _n in sorted_by_name([("b", "Chè"), ("a", "Chăn")], name=lambda item: item[1])] == ["a", "b"]


def test_the_database_sorts_as_the_key_does(db, units):
    """SQLite: the collation registered on each connection; PostgreSQL: ICU's "vi" (the
    same order as the key, which this test checks name by name)."""
    for name in shuffled(ORDERED):
        PersonFactory(full_name=name)
    by_field = list(Person.objects.order_by(collated("full_name"), "pk").values_list("full_name", flat=True))
    assert by_field == ORDERED
    assert list(Person.objects.values_list("full_name", flat=True)) == ORDERED  # Meta.ordering
    assert list(Person.objects.order_by(collated("-full_name"), "pk").values_list("full_name", flat=True)) == \
        ORDERED[::-1]
    unindexed = Person.objects.order_by(collated("full_name", indexed=False), "pk")
    assert list(unindexed.values_list("full_name", flat=True)) == ORDERED


def test_it_collates_text_fields_only(db):
    people = Person.objects.annotate(roles=Count("management_roles"))
    assert is_text(people, "full_name")
    assert is_text(people, "unit__name")
    assert not is_text(people, "birth_year")
    assert not is_text(people, "roles")
    assert not is_text(people, "gender")  # a choice: its code is no name
    assert not is_text(people, "unit__valid_from__year")


def test_a_search_is_ordered_without_the_names_index(db):
    """core.collation.collated: a search's matches cluster by surname, so its order must not
    walk the index of names (PostgreSQL would read half the country to find "nguyen")."""
    people = Person.objects.all()
    assert not is_searched(people)
    found = search(people, "nguyen")
    assert is_searched(found)
    assert is_searched(found.filter(birth_year=1980))
    assert is_searched(Collective.objects.filter(unit__collectives__search_text__contains="x")) is True
    sql = str(found.order_by(*ordering(found, Person._meta.ordering)).query)
    assert "||" in sql or "CONCAT" in sql.upper()
    plain = str(people.order_by(*ordering(people, Person._meta.ordering)).query)
    assert "||" not in plain
    assert "CONCAT" not in plain.upper()


def _unindexed(sql: str) -> bool:
    return "||" in sql or "CONCAT" in sql.upper()


def test_every_search_comes_back_sorted_without_the_names_index(db, units):
    """core.text.search sorts its rows itself (decision 28), so a selector, a list, the API
    and the admin get the order pickers got, without re-sorting after it."""
    for name in shuffled(["Nguyễn Văn Ba", "Nguyên Thị An", "Nông Văn Thắng", "Nguyen Chè"]):
        PersonFactory(full_name=name)
    found = search(Person.objects.all(), "nguyen")  # no order given: the model's (Meta.ordering)
    assert _unindexed(str(found.query))
    assert list(found.values_list("full_name", flat=True)) == ["Nguyen Chè", "Nguyên Thị An", "Nguyễn Văn Ba"]
    # The caller's own order is kept, by the unindexed expression.
    descending = search(Person.objects.order_by(collated("-full_name"), "pk"), "nguyen")
    assert _unindexed(str(descending.query))
    assert list(descending.values_list("full_name", flat=True)) == ["Nguyễn Văn Ba", "Nguyên Thị An", "Nguyen Chè"]
    # No words: no search, the queryset as it was (its index usable).
    assert not _unindexed(str(search(Person.objects.all(), "  ").query))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the ICU collation of PostgreSQL")
def test_postgresql_has_the_icu_collation(db, units):
    with connection.cursor() as cursor:
        cursor.execute("SELECT collprovider FROM pg_collation WHERE collname = 'vi'")
        assert cursor.fetchone() == ("i",)  # ICU
    CollectiveFactory(name="Hợp tác xã Chè vối")
    CollectiveFactory(name="Hợp tác xã Chăn nuôi")
    assert list(Collective.objects.values_list("name", flat=True)) == ["Hợp tác xã Chăn nuôi", "Hợp tác xã Chè vối"]
