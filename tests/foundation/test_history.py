"""core.history: one presenter of a record's history, for the pages and the API alike."""

from django.urls import reverse

from accounts.services import scoped_update
from cooperatives.selectors import history_of
from core.history import record_history
from tests.api.conftest import token_client
from tests.factories import CollectiveFactory
from tests.pages.conftest import client_for


def edited_collective(officer, units):
    collective = CollectiveFactory(unit=units["06841"], name="HTX Cũ", charter_capital=0)
    return scoped_update(collective, actor=officer, expected_version=1,
                         changes={"name": "HTX Mới", "unit": units["06856"], "charter_capital": 1_500_000_000})


def test_pages_and_api_show_the_same_versions_and_changes(officer, units, django_assert_num_queries):
    collective = edited_collective(officer, units)
    with django_assert_num_queries(2):  # the versions with their authors, the names of the units
        page = history_of(collective)
    api = token_client(officer).get(f"/api/v1/collectives/{collective.pk}/history/").json()["results"]

    assert [(e.history_id, e.user, e.type) for e in page] == [(e["history_id"], e["user"], e["type"]) for e in api]
    def stored(value):  # JSON has no dates: the API writes them ISO
        return value.isoformat() if hasattr(value, "isoformat") else value

    assert [[(c.field, stored(c.old), stored(c.new)) for c in e.changes] for e in page] == [
        [(c["field"], c["old"], c["new"]) for c in e["changes"]] for e in api]
    edit = page[0]
    assert (edit.type, edit.who, edit.action) == ("~", "officer1", "Sửa")
    shown = {c.label: (c.old_text, c.new_text) for c in edit.changes}
    assert shown == {"Tên": ("HTX Cũ", "HTX Mới"), "Xã / phường / thị trấn": ("Xã Hoành Mô", "Xã Lục Hồn"),
                     "Vốn điều lệ (đồng)": ("0", "1.500.000.000")}
    # The API gives the stored values: the unit's id.
    assert {"field": "unit", "old": units["06841"].pk, "new": units["06856"].pk} in api[0]["changes"]


def test_a_creation_lists_the_values_it_was_made_with(officer, units):
    collective = CollectiveFactory(unit=units["06841"], name="HTX Mới Lập")
    [created] = record_history(collective)
    assert created.type == "+" and created.who == "(hệ thống)" and created.user is None
    values = {c.field: c.new_text for c in created.changes}
    assert values["name"] == "HTX Mới Lập" and values["kind"] == "Hợp tác xã" and values["established_on"] == "01/03/2018"
    page = client_for(officer).get(reverse("cooperatives:collective_detail", args=[collective.pk])).content.decode()
    assert "<strong>Tên</strong>: – → HTX Mới Lập" in page.split('id="history"')[1]


def test_without_a_hook_a_related_record_is_shown_by_its_id(officer, units):
    collective = edited_collective(officer, units)
    [unit] = [c for c in record_history(collective, limit=1)[0].changes if c.field == "unit"]
    assert (unit.old_text, unit.new_text) == (str(units["06841"].pk), str(units["06856"].pk))
