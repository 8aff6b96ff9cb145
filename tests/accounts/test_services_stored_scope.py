"""The scope a write is judged on "before the change" is the record as stored, whatever the
door hands the services (issue 9, finding 1): a ModelForm has already written the input
onto its instance, the admin's form too, and the importer may hold an instance with
unsaved changes. The services read the locked stored row; the admin does likewise.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from accounts.services import scoped_bulk_update, scoped_delete, scoped_update
from cooperatives.models import Collective, TradeEvent
from core.services import BulkCreateRefused
from tests.api.conftest import token_client
from tests.conftest import make_user
from tests.factories import CollectiveFactory, TradeEventFactory


@pytest.fixture
def district_event(units):
    """An event the district recorded, with a participant of Hoành Mô (so its officer sees it)
    and one of Lục Hồn."""
    event = TradeEventFactory(unit=units["198"], location="Tiên Yên")
    event.participants.set([CollectiveFactory(unit=units["06841"]), CollectiveFactory(unit=units["06856"])])
    return event


def _unchanged(event: TradeEvent, units) -> None:
    event.refresh_from_db()
    assert event.unit == units["198"]
    assert event.version == 1
    assert sorted(c.unit.code for c in event.participants.all()) == ["06841", "06856"]


def test_an_update_is_judged_on_the_stored_record_not_on_the_instance(commune_officer, district_event, units):
    # What the event page's ModelForm does before calling the service: the input is on the instance.
    district_event.unit = units["06841"]
    with pytest.raises(PermissionDenied):
        scoped_update(district_event, actor=commune_officer, changes={"unit": units["06841"]},
                      expected_version=1)
    _unchanged(district_event, units)


def test_a_delete_is_judged_on_the_stored_record(commune_officer, district_event, units):
    district_event.unit = units["06841"]
    with pytest.raises(PermissionDenied):
        scoped_delete(district_event, actor=commune_officer)
    _unchanged(district_event, units)


def test_a_bulk_update_is_judged_on_the_stored_records(commune_officer, units):
    theirs = CollectiveFactory(unit=units["06856"], phone="")
    theirs.unit = units["06841"]  # an instance carrying an unsaved move into the officer's commune
    with pytest.raises(BulkCreateRefused) as refused:
        scoped_bulk_update(Collective, actor=commune_officer, updates=[(theirs, {"phone": "0203"})])
    assert isinstance(refused.value.errors[0], PermissionDenied)
    theirs.refresh_from_db()
    assert theirs.unit == units["06856"]
    assert theirs.phone == ""
    assert theirs.version == 1


def test_the_page_and_the_api_both_refuse_taking_the_event_over(commune_officer, district_event, units):
    page = Client()
    page.force_login(commune_officer)
    response = page.post(reverse("cooperatives:event_edit", args=[district_event.pk]), {
        "name": district_event.name, "held_on": "01/09/2022", "location": "Hoành Mô", "kind": "ocop_fair",
        "unit": units["06841"].pk, "participants": [district_event.participants.get(unit=units["06841"]).pk],
        "version": 1})
    assert response.status_code == 403
    _unchanged(district_event, units)
    api = token_client(commune_officer)
    patch = api.patch(f"/api/v1/trade-events/{district_event.pk}/", {"unit": "06841", "version": 1}, format="json")
    assert patch.status_code == 403
    assert api.delete(f"/api/v1/trade-events/{district_event.pk}/").status_code == 403
    _unchanged(district_event, units)


@pytest.fixture
def staff_officer(units):
    """The officer of Hoành Mô with access to the admin for events."""
    officer = make_user("staff_hm", Role.OFFICER, units["06841"], is_staff=True)
    officer.user_permissions.add(*Permission.objects.filter(
        codename__in=["view_tradeevent", "change_tradeevent", "delete_tradeevent"]))
    client = Client()
    client.force_login(officer)
    return client


def _admin_url(view: str, *args) -> str:
    return reverse(f"admin:cooperatives_tradeevent_{view}", args=args)


def test_the_admin_refuses_taking_the_event_over(staff_officer, district_event, units):
    mine = district_event.participants.get(unit=units["06841"])
    response = staff_officer.post(_admin_url("change", district_event.pk), {
        "name": district_event.name, "held_on": "2022-09-01", "location": "Hoành Mô", "kind": "ocop_fair",
        "unit": units["06841"].pk, "participants": [mine.pk]})
    assert response.status_code == 403
    _unchanged(district_event, units)


def test_the_admin_refuses_deleting_a_record_it_only_sees(staff_officer, district_event, units):
    assert staff_officer.post(_admin_url("delete", district_event.pk), {"post": "yes"}).status_code == 403
    response = staff_officer.post(_admin_url("changelist"), {
        "action": "delete_selected", "_selected_action": [district_event.pk], "post": "yes"})
    assert response.status_code == 403
    _unchanged(district_event, units)


def test_the_admin_still_writes_what_is_in_scope(staff_officer, units):
    event = TradeEventFactory(unit=units["06841"], location="Tiên Yên")
    response = staff_officer.post(_admin_url("change", event.pk), {
        "name": event.name, "held_on": "2022-09-01", "location": "Hoành Mô", "kind": "ocop_fair",
        "unit": units["06841"].pk})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.location, event.version) == ("Hoành Mô", 2)
    assert staff_officer.post(_admin_url("delete", event.pk), {"post": "yes"}).status_code == 302
    assert not TradeEvent.objects.filter(pk=event.pk).exists()
