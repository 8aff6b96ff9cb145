"""Finding records (core.text.search): every word, in any order, without accents, and a
collective by its kind (decision 27); on PostgreSQL through the trigram indexes."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from cooperatives.models import Collective, Person, TradeEvent, TrainingCourse
from core.migration_operations import OnPostgreSQL
from core.models import search_text_of
from core.text import search
from ocop.models import OcopProduct
from tests.factories import CollectiveFactory, PersonFactory

kind_migration = importlib.import_module("cooperatives.migrations.0005_vietnamese_order_and_search")
TRIGRAM_INDEXES = {"collective_search_trgm", "person_search_trgm", "trainingcourse_search_trgm",
                   "tradeevent_search_trgm", "ocopproduct_search_trgm"}
NAME_INDEXES = {"collective_name_vi", "person_full_name_vi"}


@pytest.fixture
def mien_dong(units):
    return {
        "htx": CollectiveFactory(kind="htx", name="Hợp tác xã Miến dong Hoành Mô", unit=units["06841"]),
        "tht": CollectiveFactory(kind="tht", name="Tổ hợp tác Miến dong thôn Sú Cáu", unit=units["06859"]),
        "other": CollectiveFactory(kind="htx", name="Hợp tác xã Chè Đồng Tâm", unit=units["06844"]),
    }


def found(query: str) -> set[int]:
    return set(search(Collective.objects.all(), query).values_list("pk", flat=True))


def test_a_collectives_text_starts_with_its_kind(mien_dong):
    assert mien_dong["htx"].search_text.startswith("htx hop tac xa hop tac xa mien dong hoanh mo")
    assert mien_dong["tht"].search_text.startswith("tht to hop tac to hop tac mien dong")
    assert search_text_of(Collective, ["union", "Liên hiệp Miến", None, "", None]) == \
        "union lien hiep hop tac xa lien hiep mien"


def test_kind_words_find_the_kind_even_when_the_name_lacks_them(units):
    htx = CollectiveFactory(kind="htx", name="Miến dong Bình Liêu")
    tht = CollectiveFactory(kind="tht", name="Miến dong Sú Cáu")
    assert found("htx mien dong") == {htx.pk}
    assert found("hop tac xa mien dong") == {htx.pk}
    assert found("tht mien dong") == {tht.pk}
    assert found("to hop tac mien") == {tht.pk}
    assert found("mien dong") == {htx.pk, tht.pk}


def test_every_word_must_match_in_any_order(mien_dong):
    assert found("htx mien dong") == {mien_dong["htx"].pk}
    assert found("dong MIEN htx") == {mien_dong["htx"].pk}
    assert found("Mô hoành miến") == {mien_dong["htx"].pk}
    assert found("mien dong") == {mien_dong["htx"].pk, mien_dong["tht"].pk}
    assert found("htx mien che") == set()
    assert found("  ") == found("") == set(Collective.objects.values_list("pk", flat=True))


def test_a_change_of_kind_changes_what_finds_it(mien_dong):
    tht = mien_dong["tht"]
    tht.kind, tht.registration_code = "htx", "5701999999"
    tht.save()
    assert tht.pk in found("htx mien dong")


def test_people_are_found_by_their_words_in_any_order(units):
    a = PersonFactory(full_name="Nông Văn Thắng")
    PersonFactory(full_name="Nông Thị Hoa")
    assert set(search(Person.objects.all(), "thang nong").values_list("pk", flat=True)) == {a.pk}


def test_the_migration_puts_the_kind_in_front_of_stored_texts(mien_dong):
    """Records stored before decision 27 (their text without the kind) are refreshed."""
    before = {c.pk: c.search_text for c in Collective.objects.all()}
    for collective in Collective.objects.all():
        words = kind_migration.KIND_WORDS[collective.kind]
        Collective.objects.filter(pk=collective.pk).update(search_text=collective.search_text[len(words) + 1:])
    assert found("htx mien dong") == set()
    kind_migration.add_kind_words(apps, None)
    assert {c.pk: c.search_text for c in Collective.objects.all()} == before
    kind_migration.remove_kind_words(apps, None)
    assert found("htx mien dong") == set()
    assert found("hop tac xa mien dong") == {mien_dong["htx"].pk}


def test_the_migrations_words_are_what_save_writes():
    for kind, words in kind_migration.KIND_WORDS.items():
        assert search_text_of(Collective, [kind, None, None, None, None]) == words


@pytest.mark.skipif(connection.vendor != "sqlite", reason="what SQLite gets")
def test_the_postgresql_indexes_are_a_no_op_on_sqlite(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        names = {row[0] for row in cursor.fetchall()}
    assert not (TRIGRAM_INDEXES | NAME_INDEXES) & names

    class Inner:
        def database_forwards(self, *args):
            raise AssertionError("ran on SQLite")

        database_backwards = database_forwards

    class Editor:
        connection = connection

    operation = OnPostgreSQL(Inner())
    operation.database_forwards("cooperatives", Editor(), None, None)
    operation.database_backwards("cooperatives", Editor(), None, None)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm")
def test_a_search_can_use_the_trigram_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)",
                       [sorted(TRIGRAM_INDEXES | NAME_INDEXES)])
        assert {row[0] for row in cursor.fetchall()} == TRIGRAM_INDEXES | NAME_INDEXES
        # A test table is tiny, and its statistics depend on the tests before: leave the planner
        # only the bitmap scans, which a condition on an index needs (a GIN index is read no
        # other way), so the plan shows whether the trigram index serves the search.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
    for model, index in ((Person, "person_search_trgm"), (Collective, "collective_search_trgm"),
                         (TrainingCourse, "trainingcourse_search_trgm"), (TradeEvent, "tradeevent_search_trgm"),
                         (OcopProduct, "ocopproduct_search_trgm")):
        assert index in search(model.objects.all(), "nguyen van").explain()
