"""core.services.scoped_bulk_create / scoped_bulk_update: the importer's fast path keeps
the rules of scoped_create / scoped_update (scope, validation, versions, history)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from accounts.services import scoped_bulk_create, scoped_bulk_update
from cooperatives.models import AnnualReport, Collective
from core.services import BulkCreateRefused, VersionConflict
from core.text import search
from ocop.models import OcopRating
from tests.factories import AnnualReportFactory, CollectiveFactory


def test_bulk_create_writes_records_history_and_search_text(officer, units):
    records = [{"kind": "htx", "registration_code": f"570100000{n}", "name": f"Hợp tác xã Chè số {n}",
                "unit": units["06841"], "established_on": datetime.date(2019, 1, 1)} for n in range(3)]

    created = scoped_bulk_create(Collective, actor=officer, records=records)

    assert [c.version for c in created] == [1, 1, 1]
    assert Collective.history.filter(history_type="+", history_user=officer).count() == 3
    assert search(Collective.objects.all(), "che so 2").get().registration_code == "5701000002"


def test_bulk_create_refuses_every_bad_record_and_writes_none(commune_officer, units):
    records = [
        {"kind": "htx", "name": "A", "unit": units["06841"], "established_on": datetime.date(2019, 1, 1)},
        {"kind": "htx", "name": "B", "unit": units["06856"], "established_on": datetime.date(2019, 1, 1)},
        {"kind": "tht", "registration_code": "57", "name": "C", "unit": units["06841"],
         "established_on": datetime.date(2019, 1, 1)},
    ]
    with pytest.raises(BulkCreateRefused) as exc:
        scoped_bulk_create(Collective, actor=commune_officer, records=records)
    assert isinstance(exc.value.errors[1], PermissionDenied)
    assert isinstance(exc.value.errors[2], ValidationError)
    assert set(exc.value.errors) == {1, 2}
    assert Collective.objects.count() == 0


def test_bulk_create_leaves_database_constraints_to_the_database(officer):
    collective = CollectiveFactory(established_on=datetime.date(2015, 1, 1))
    # Two reports of one year in the same batch: each passes clean() (neither is stored
    # yet); the UniqueConstraint refuses the INSERT, and nothing of the batch stays.
    with pytest.raises(IntegrityError):
        scoped_bulk_create(AnnualReport, actor=officer,
                           records=[{"collective": collective, "year": 2022}, {"collective": collective, "year": 2022}])
    assert AnnualReport.objects.count() == 0


def test_bulk_create_refuses_models_with_their_own_save(officer):
    with pytest.raises(TypeError):
        scoped_bulk_create(OcopRating, actor=officer, records=[])


def test_bulk_update_bumps_versions_and_writes_history(officer):
    reports = [AnnualReportFactory(year=2022) for _ in range(2)]

    scoped_bulk_update(AnnualReport, actor=officer, updates=[(reports[0], {"revenue": 7}), (reports[1], {})])

    first, second = (AnnualReport.objects.get(pk=r.pk) for r in reports)
    assert (first.revenue, first.version, second.version) == (7, 2, 2)
    assert first.history.latest().history_type == "~"
    assert first.history.latest().history_user == officer


def test_bulk_update_refuses_a_stale_version_and_a_move_out_of_scope(commune_officer, units):
    stale = CollectiveFactory(unit=units["06841"])
    moving = CollectiveFactory(unit=units["06841"])
    Collective.objects.filter(pk=stale.pk).update(version=5)

    with pytest.raises(BulkCreateRefused) as exc:
        scoped_bulk_update(Collective, actor=commune_officer,
                           updates=[(stale, {"name": "X"}), (moving, {"unit": units["06856"]})])

    assert isinstance(exc.value.errors[0], VersionConflict)
    assert isinstance(exc.value.errors[1], PermissionDenied)
    assert Collective.objects.get(pk=moving.pk).unit == units["06841"]
