"""A record is placed only in a unit that exists on its date (domain.md, decision 24):
refused at every door (API, pages, importer, admin) with the unit field named, and the
forms offer only the units valid on the record's date."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Role, User
from cooperatives.forms import CollectiveForm, TrainingCourseForm
from cooperatives.models import Collective, TradeEvent, TrainingCourse
from imports.services import import_file
from ocop.forms import OcopProductForm
from ocop.models import OcopProduct
from tests.api.conftest import token_client
from tests.factories import CollectiveFactory
from tests.imports.helpers import COLLECTIVE_HEADERS, xlsx_bytes
from tests.pages.conftest import client_for
from units.models import AdministrativeUnit

D = dt.date
GONE = "Xã Húc Động không còn vào ngày thành lập 05/03/2026"


@pytest.fixture
def as_officer(officer):
    return token_client(officer)


@pytest.fixture
def officer_client(officer):
    return client_for(officer)


def test_the_python_rule_agrees_with_valid_q_on_the_boundary_days(units):
    old, new = units["06841"], units["N10277"]  # until 30/6/2025; from 1/7/2025
    for day in (D(2025, 6, 30), D(2025, 7, 1), D(1990, 1, 1), D(2030, 1, 1)):
        stored = set(AdministrativeUnit.objects.filter(pk__in=[old.pk, new.pk]).valid_on(day))
        assert {u for u in (old, new) if u.is_valid_on(day)} == stored


# --- API ---


def test_the_api_refuses_a_collective_in_a_commune_gone_on_its_establishment(as_officer, units):
    body = {"kind": "htx", "registration_code": "5701000001", "name": "HTX Miến dong", "unit": "06859",
            "sector": "agriculture", "established_on": "2026-03-05", "charter_capital": 0}
    refused = as_officer.post("/api/v1/collectives/", body, format="json")
    assert refused.status_code == 400
    assert GONE in refused.json()["unit"][0]
    # A commune created in 2025 did not exist in 2021 either.
    early = as_officer.post("/api/v1/collectives/", {**body, "unit": "N13861", "established_on": "2021-05-01"},
                            format="json")
    assert early.status_code == 400
    assert "chưa có vào ngày thành lập 01/05/2021 (hiệu lực từ 01/07/2025)" in early.json()["unit"][0]
    assert not Collective.objects.exists()
    # The last valid day is a valid day.
    ok = as_officer.post("/api/v1/collectives/", {**body, "established_on": "2025-06-30"}, format="json")
    assert ok.status_code == 201, ok.content


def test_the_api_refuses_an_edit_that_moves_a_collective_out_of_its_communes_time(as_officer, units):
    collective = CollectiveFactory(unit=units["06841"], established_on=D(2018, 3, 1))
    url = f"/api/v1/collectives/{collective.pk}/"
    moved = as_officer.patch(url, {"unit": "N10277", "version": collective.version}, format="json")
    assert moved.status_code == 400
    assert "unit" in moved.json()
    collective.refresh_from_db()
    assert (collective.unit_id, collective.version) == (units["06841"].pk, 1)


def test_the_api_refuses_courses_events_and_products_outside_the_units_time(as_officer, units):
    course = as_officer.post("/api/v1/trainings/", {"title": "Tập huấn", "held_on": "2026-01-10",
                                                     "unit": "06859", "attendees": []}, format="json")
    assert course.status_code == 400
    assert "không còn vào ngày tổ chức 10/01/2026" in course.json()["unit"][0]
    event = as_officer.post("/api/v1/trade-events/", {"name": "Hội chợ", "held_on": "2026-01-10",
                                                       "kind": "trade_fair", "unit": "06859", "participants": []},
                            format="json")
    assert event.status_code == 400, event.content
    assert "unit" in event.json()
    product = as_officer.post("/api/v1/ocop/products/", {
        "name": "Mật ong", "group": "food", "producer": None, "producer_kind": "household",
        "producer_name": "Hộ ông A", "unit": "N13861", "registered_on": "2024-02-01"}, format="json")
    assert product.status_code == 400, product.content
    assert "chưa có vào ngày tham gia chương trình 01/02/2024" in product.json()["unit"][0]
    assert not TrainingCourse.objects.exists()
    assert not TradeEvent.objects.exists()
    assert not OcopProduct.objects.exists()


# --- Pages ---


def test_the_collective_page_refuses_the_gone_commune_and_names_the_field(officer_client, units):
    data = {"kind": "htx", "registration_code": "5701000009", "name": "HTX Chè", "unit": units["06859"].pk,
            "sector": "agriculture", "established_on": "05/03/2026", "charter_capital": "0"}
    response = officer_client.post(reverse("cooperatives:collective_create"), data)
    assert response.status_code == 200
    assert GONE in response.context["form"].errors["unit"][0]
    assert not Collective.objects.exists()


def test_the_course_page_refuses_a_commune_not_yet_created(officer_client, units):
    data = {"title": "Tập huấn", "held_on": "20/05/2023", "unit": units["N13861"].pk, "extra_attendees": "0"}
    response = officer_client.post(reverse("cooperatives:training_create"), data)
    assert response.status_code == 200
    assert "chưa có vào ngày tổ chức 20/05/2023" in response.context["form"].errors["unit"][0]
    assert not TrainingCourse.objects.exists()


def test_forms_offer_only_the_units_valid_on_the_records_date(officer, units):
    # A new record, no date typed yet: every unit, labelled with its validity (a collective
    # founded before the 2025 reform is entered in its old commune).
    form = CollectiveForm(user=officer)
    offered = set(form.fields["unit"].queryset)
    assert {units["N13861"], units["06859"]} <= offered
    assert "Xã Húc Động (đến 30/06/2025)" in dict(form.fields["unit"].choices).values()
    # An existing record: the units of its own date, with its stored unit kept.
    old = CollectiveFactory(unit=units["06859"], established_on=D(2019, 4, 1))
    offered = set(CollectiveForm(user=officer, instance=old).fields["unit"].queryset)
    assert units["06859"] in offered
    assert units["N13861"] not in offered
    # A submitted form: the units of the typed date, and the one sent back (refused by clean()).
    form = TrainingCourseForm(user=officer, data={"title": "x", "held_on": "20/05/2023", "unit": units["N13861"].pk,
                                                   "extra_attendees": "0"})
    offered = set(form.fields["unit"].queryset)
    assert units["06859"] in offered
    assert units["N13861"] in offered
    assert units["N10277"] not in offered
    assert units["N13861"] not in set(OcopProductForm(user=officer, instance=OcopProduct(
        registered_on=D(2023, 1, 1))).fields["unit"].queryset)


# --- Importer ---


def test_the_importer_refuses_an_htx_founded_before_its_commune_existed(officer, units):
    rows = [["5701000001", "HTX Dầu sở", "Hợp tác xã", "Xã Bình Liêu", "Nông nghiệp", "01/06/2021", "0"],
            ["5701000002", "HTX Quế", "Hợp tác xã", "06859", "Nông nghiệp", "01/06/2021", "0"]]
    result = import_file("collectives", actor=officer, content=xlsx_bytes(COLLECTIVE_HEADERS, rows),
                         filename="f.xlsx", commit=True)
    assert not result.ok
    messages = [i.message for i in result.issues]
    assert len(messages) == 1, messages
    assert "Xã Bình Liêu chưa có vào ngày thành lập 01/06/2021" in messages[0]
    assert not Collective.objects.exists()  # all or nothing


# --- Admin ---


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw-root-2023!", role=Role.ADMIN))
    return client


def test_the_admin_refuses_a_collective_in_a_gone_commune(admin_client, units):
    collective = CollectiveFactory(unit=units["06859"], established_on=D(2019, 4, 1))
    data = {
        "kind": "htx", "registration_code": collective.registration_code, "name": collective.name,
        "unit": collective.unit_id, "sector": "agriculture", "main_products": "", "address": "",
        "legal_representative": "", "phone": "", "established_on": "2026-03-05", "charter_capital": 0,
        "dissolved_on": "", "dissolution_decision": "", "dissolution_kind": "",
    }
    for prefix in ("annual_reports", "management_roles", "memberships", "suspensions"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MIN_NUM_FORMS": 0,
                     f"{prefix}-MAX_NUM_FORMS": 1000})
    response = admin_client.post(reverse("admin:cooperatives_collective_change", args=[collective.pk]), data)
    assert response.status_code == 200
    assert GONE in response.context["adminform"].form.errors["unit"][0]
    collective.refresh_from_db()
    assert (collective.established_on, collective.version) == (D(2019, 4, 1), 1)
