"""The synthetic country generator (demo.generator, `manage.py generate_dataset`)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cooperatives.models import Collective
from demo import generator
from units.models import AdministrativeUnit, UnitSuccession


def test_same_seed_same_rows_other_seed_other_rows():
    first, again = generator.build("district", 7), generator.build("district", 7)
    assert first.digest() == again.digest()
    assert first.counts() == again.counts()
    assert generator.build("district", 8).digest() != first.digest()


def test_district_sizes_follow_the_preset():
    preset = generator.PRESETS["district"]
    counts = generator.build("district", 1).counts()
    assert counts["collectives"] == preset.htx + preset.tht + preset.unions
    assert counts["people"] == counts["memberships"] == preset.people
    assert counts["roles"] == preset.management_roles
    assert counts["units"] == preset.provinces + preset.districts + preset.communes
    assert counts["products"] == preset.ocop_products
    assert counts["courses"] == preset.courses
    assert counts["events"] == preset.events
    # A plan per province and one for the whole country, each with the 14 targets of the demo plan.
    assert counts["plans"] == preset.provinces + 1
    assert counts["targets"] == 14 * counts["plans"]


def index_definitions(tables: list[str]) -> list[tuple]:
    """Every index of `tables` with its definition (PostgreSQL; none elsewhere)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes "
                       "WHERE schemaname = current_schema() AND tablename = ANY(%s)", [tables])
        return sorted(cursor.fetchall())


@pytest.mark.django_db
def test_district_loads_and_every_row_passes_its_model_rules():
    dataset = generator.build("district", 1)
    tables = [table.model._meta.db_table for table in dataset.tables.values()]
    indexes = index_definitions(tables)
    generator.load(dataset)
    # The plain indexes dropped for the COPY are all built again, as they were.
    assert index_definitions(tables) == indexes
    for name, table in dataset.tables.items():
        model = table.model
        assert model._default_manager.count() == len(table.rows), name
        for instance in model._default_manager.all():
            # clean() and validate_unique() as every door runs them (the database already
            # enforced the CheckConstraints while loading).
            instance.full_clean()
    # Whole 2025 mergers: the old communes end on 30/6/2025, their successor starts on 1/7/2025.
    links = list(UnitSuccession.objects.select_related("predecessor", "successor"))
    assert links
    assert all(link.whole for link in links)
    assert {link.predecessor.valid_until for link in links} == {dt.date(2025, 6, 30)}
    assert {link.successor.valid_from for link in links} == {dt.date(2025, 7, 1)}
    # Every kind of collective, and the records of a merged commune count for its successor.
    assert set(Collective.objects.values_list("kind", flat=True)) == {"htx", "tht", "union"}
    successor = links[0].successor
    assert {link.predecessor_id for link in links} <= AdministrativeUnit.objects.within_ids(successor)
    # search_text is folded as save() folds it.
    collective = Collective.objects.order_by("pk").first()
    stored = collective.search_text
    collective.fill_search_text()
    assert stored == collective.search_text != ""


@pytest.mark.django_db
def test_command_loads_once_then_refuses_a_register_that_has_data():
    out = StringIO()
    call_command("generate_dataset", preset="district", seed=3, stdout=out)
    assert "Xong" in out.getvalue()
    before = Collective.objects.count()
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("generate_dataset", preset="district", seed=3, stdout=StringIO())
    assert Collective.objects.count() == before


def test_fields_it_does_not_fill_take_their_defaults_and_a_required_one_stops_it():
    fields, complete = generator._full_rows(generator.Table(AdministrativeUnit, ("id", "code", "name", "level")))
    row = dict(zip([f.attname for f in fields], complete((1, "X01", "Tỉnh A", "province")), strict=True))
    assert row["version"] == 1
    assert row["parent_id"] is None
    assert row["note"] == ""
    assert row["created_at"] == generator.STAMP
    with pytest.raises(ValueError, match="Collective.unit"):
        generator._full_rows(generator.Table(Collective, ("id", "kind", "name")))
