"""cooperatives.services: one rule whichever door an edit comes by (page, API, importer, admin).

- An edit giving a date of giải thể to an active collective is a dissolution (collective_update).
- A unit statistic's `entered_by` is whoever last entered the figures (statistic_create/update).
"""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from cooperatives import services
from cooperatives.models import Collective, Suspension
from imports.services import import_file
from tests.api.conftest import token_client
from tests.conftest import make_user
from tests.factories import CollectiveFactory, UnitStatisticFactory
from tests.foundation.test_admin import _collective_form
from tests.imports.helpers import COLLECTIVE_HEADERS, xlsx_bytes
from tests.pages.conftest import client_for
from tests.pages.test_collective_pages import collective_data
from units.models import UnitStatistic

DISSOLUTION = {"dissolved_on": "2023-06-30", "dissolution_decision": "15/QĐ-UBND", "dissolution_kind": "voluntary"}


@pytest.fixture
def suspended(units, officer):
    collective = CollectiveFactory(unit=units["06841"], registration_code="5701000001",
                                   established_on=datetime.date(2015, 1, 1))
    services.collective_suspend(collective, actor=officer, starts_on=datetime.date(2023, 1, 1))
    return collective


@pytest.fixture
def superuser(db):
    return make_user("root", Role.ADMIN, None, is_superuser=True, is_staff=True)


def assert_dissolved(collective, *, version):
    collective.refresh_from_db()
    assert (collective.dissolved_on, collective.dissolution_decision, collective.dissolution_kind, collective.version) \
        == (datetime.date(2023, 6, 30), "15/QĐ-UBND", "voluntary", version)
    assert not Suspension.objects.filter(collective=collective, ends_on__isnull=True).exists()


def test_the_api_dissolves_with_the_other_changes_in_one_version(officer, suspended):
    response = token_client(officer).patch(f"/api/v1/collectives/{suspended.pk}/",
                                           {**DISSOLUTION, "phone": "0912", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert_dissolved(suspended, version=2)  # one version, one history row, not an edit and then a dissolution
    assert suspended.phone == "0912" and suspended.history.count() == 2


def test_the_admin_dissolves_through_the_same_rule(superuser, suspended):
    data = _collective_form(suspended, **DISSOLUTION)
    response = client_for(superuser).post(reverse("admin:cooperatives_collective_change", args=[suspended.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_dissolved(suspended, version=2)  # the open suspension ended with the dissolution


def test_the_admin_refuses_a_dissolution_without_its_decision_next_to_the_field(superuser, suspended):
    data = _collective_form(suspended, dissolved_on="2023-06-30")
    response = client_for(superuser).post(reverse("admin:cooperatives_collective_change", args=[suspended.pk]), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["dissolution_decision"] == ["Hãy nhập số quyết định giải thể."]
    suspended.refresh_from_db()
    assert suspended.dissolved_on is None and suspended.version == 1


def test_a_recorded_dissolution_is_corrected_like_any_field(officer, suspended):
    services.collective_update(suspended, actor=officer, expected_version=1,
                               changes={k: v for k, v in DISSOLUTION.items() if k != "dissolved_on"}
                               | {"dissolved_on": datetime.date(2023, 6, 30)})
    suspended.refresh_from_db()
    response = token_client(officer).patch(f"/api/v1/collectives/{suspended.pk}/",
                                           {"dissolved_on": "2023-07-01", "version": suspended.version}, format="json")
    assert response.status_code == 200, response.content
    suspended.refresh_from_db()
    assert suspended.dissolved_on == datetime.date(2023, 7, 1)


def test_every_door_edits_a_collective_through_collective_update(monkeypatch, officer, superuser, suspended, units):
    calls = []
    update = services.collective_update

    def spy(collective, **kwargs):
        calls.append(kwargs["actor"])
        return update(collective, **kwargs)

    monkeypatch.setattr(services, "collective_update", spy)
    monkeypatch.setattr("cooperatives.api.views.collective_update", spy)
    monkeypatch.setattr("imports.services.collectives.collective_update", spy)

    page = client_for(officer).post(reverse("cooperatives:collective_edit", args=[suspended.pk]),
                                    collective_data(units, registration_code="5701000001", version=1))
    assert page.status_code == 302
    api = token_client(officer).patch(f"/api/v1/collectives/{suspended.pk}/", {"phone": "1", "version": 2},
                                      format="json")
    assert api.status_code == 200
    admin = client_for(superuser).post(reverse("admin:cooperatives_collective_change", args=[suspended.pk]),
                                       _collective_form(Collective.objects.get(pk=suspended.pk), phone="2"))
    assert admin.status_code == 302
    headers = [*COLLECTIVE_HEADERS, "Ngày giải thể", "Số quyết định giải thể", "Hình thức giải thể"]
    row = ["5701000001", "HTX Giải Thể", "htx", "Hoành Mô", "", "01/01/2015", "", "30/06/2023", "15/QĐ-UBND",
           "Tự nguyện"]
    imported = import_file("collectives", actor=officer, content=xlsx_bytes(headers, [row]), filename="f.xlsx",
                           commit=True)
    assert imported.ok and imported.updated == 1
    assert calls == [officer, officer, superuser, officer]
    assert_dissolved(suspended, version=5)


@pytest.fixture
def entered(units, officer):
    """Figures entered by `officer`; the tests edit them as another officer."""
    return UnitStatisticFactory(entered_by=officer), make_user("officer2", Role.OFFICER, units["198"])


def test_a_page_edit_records_who_entered_the_figures(entered):
    statistic, other = entered
    data = {"unit": statistic.unit_id, "year": "2022", "domestic_budget_revenue": "120.000.000.000",
            "collective_sector_product": "1.000.000.000", "source": "Báo cáo 12/BC", "version": "1"}
    response = client_for(other).post(reverse("statistics:statistic_edit", args=[statistic.pk]), data)
    assert response.status_code == 302
    statistic.refresh_from_db()
    assert statistic.entered_by == other


def test_an_api_edit_records_who_entered_the_figures(entered):
    statistic, other = entered
    response = token_client(other).patch(f"/api/v1/statistics/{statistic.pk}/",
                                         {"domestic_budget_revenue": 120_000_000_000, "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["entered_by"] == "officer2"


def test_an_admin_edit_records_who_entered_the_figures(entered, superuser, officer):
    statistic, _other = entered
    # What the change page held before: the figures and who had entered them.
    data = {"unit": statistic.unit_id, "year": 2022, "domestic_budget_revenue": 120_000_000_000,
            "collective_sector_product": 1_000_000_000, "source": "", "entered_by": officer.pk}
    admin = client_for(superuser)
    response = admin.post(reverse("admin:units_unitstatistic_change", args=[statistic.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statistic.refresh_from_db()
    assert (statistic.entered_by, statistic.domestic_budget_revenue) == (superuser, 120_000_000_000)
    response = admin.post(reverse("admin:units_unitstatistic_add"), {**data, "year": 2023})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert UnitStatistic.objects.get(year=2023).entered_by == superuser
