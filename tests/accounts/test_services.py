"""The write services every later issue calls: history with its author, optimistic
concurrency, protected deletes and scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.services import scoped_create, scoped_delete, scoped_update
from cooperatives.models import Collective
from core.services import RecordInUse, VersionConflict
from tests.factories import AnnualReportFactory, CollectiveFactory


def collective_data(units, **extra):
    return {"kind": "htx", "registration_code": "5701888001", "name": "Hợp tác xã Hồi Hoành Mô",
            "unit": units["06841"], "sector": "agriculture", "established_on": datetime.date(2019, 5, 2), **extra}


def test_an_edit_is_kept_in_history_with_its_author_and_the_old_and_new_values(units, officer):
    collective = scoped_create(Collective, actor=officer, data=collective_data(units))
    assert collective.version == 1

    updated = scoped_update(collective, actor=officer, expected_version=1,
                            changes={"name": "Hợp tác xã Hồi quế Hoành Mô", "charter_capital": 900_000_000})

    assert updated.version == 2
    latest, first = updated.history.all()[:2]
    assert latest.history_user == officer
    assert latest.history_type == "~"
    assert first.history_user == officer
    assert first.history_type == "+"
    diff = latest.diff_against(first)
    changes = {change.field: (change.old, change.new) for change in diff.changes}
    assert changes["name"] == ("Hợp tác xã Hồi Hoành Mô", "Hợp tác xã Hồi quế Hoành Mô")
    assert changes["charter_capital"] == (0, 900_000_000)
    assert (first.version, latest.version) == (1, 2)


def test_a_stale_version_is_refused_and_the_row_is_unchanged(units, officer):
    collective = CollectiveFactory(name="Hợp tác xã Chè Đồng Tâm", unit=units["06844"])
    scoped_update(collective, actor=officer, expected_version=1, changes={"phone": "0912000111"})

    with pytest.raises(VersionConflict) as caught:
        # A second editor still holds version 1.
        scoped_update(collective, actor=officer, expected_version=1, changes={"name": "Tên đè"})

    assert caught.value.current.version == 2
    collective.refresh_from_db()
    assert (collective.name, collective.phone, collective.version) == ("Hợp tác xã Chè Đồng Tâm", "0912000111", 2)
    assert collective.history.count() == 2


def test_an_invalid_edit_is_refused_with_the_field_named_and_nothing_saved(units, officer):
    collective = CollectiveFactory()
    with pytest.raises(ValidationError) as caught:
        scoped_update(collective, actor=officer, expected_version=1,
                      changes={"dissolved_on": datetime.date(2010, 1, 1)})
    assert "dissolved_on" in caught.value.message_dict
    collective.refresh_from_db()
    assert collective.dissolved_on is None
    assert collective.version == 1


def test_deleting_a_collective_others_refer_to_is_refused(units, officer):
    report = AnnualReportFactory(collective=CollectiveFactory())
    with pytest.raises(RecordInUse) as caught:
        scoped_delete(report.collective, actor=officer)
    assert report in caught.value.protected
    assert Collective.objects.filter(pk=report.collective_id).exists()


def test_deleting_an_unreferenced_collective_works_and_is_kept_in_history(units, officer):
    collective = CollectiveFactory()
    scoped_delete(collective, actor=officer, expected_version=1)
    assert not Collective.objects.filter(pk=collective.pk).exists()
    assert Collective.history.filter(id=collective.pk, history_type="-", history_user=officer).exists()


def test_an_officer_cannot_create_outside_their_scope(units, commune_officer):
    with pytest.raises(PermissionDenied):
        scoped_create(Collective, actor=commune_officer, data=collective_data(units, unit=units["06856"]))
    assert not Collective.objects.exists()
    # Inside it, the same call works.
    assert scoped_create(Collective, actor=commune_officer, data=collective_data(units)).pk


def test_an_officer_cannot_move_a_record_out_of_their_scope(units, commune_officer):
    collective = CollectiveFactory(unit=units["06841"])
    with pytest.raises(PermissionDenied):
        scoped_update(collective, actor=commune_officer, expected_version=1, changes={"unit": units["06856"]})
    collective.refresh_from_db()
    assert collective.unit == units["06841"]


def test_a_viewer_cannot_write(units, viewer):
    collective = CollectiveFactory()
    with pytest.raises(PermissionDenied):
        scoped_create(Collective, actor=viewer, data=collective_data(units, registration_code="5701888002"))
    with pytest.raises(PermissionDenied):
        scoped_update(collective, actor=viewer, expected_version=1, changes={"name": "Không được"})
    with pytest.raises(PermissionDenied):
        scoped_delete(collective, actor=viewer)
    assert Collective.objects.get().name == collective.name


def test_the_version_is_bumped_whichever_door_a_save_comes_through(units):
    collective = CollectiveFactory()
    collective.name = "Sửa trong shell"
    collective.save()
    collective.save(update_fields=["name"])
    collective.refresh_from_db()
    assert collective.version == 3
