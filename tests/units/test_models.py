"""A unit's validity in days and years (units.models.valid_q: both dates are valid days)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Case, IntegerField, Value, When
from django.test.utils import CaptureQueriesContext

from cooperatives.pickers import units as picker_units
from reports.selectors import unit_choices
from tests.factories import PlanFactory
from units.binh_lieu import ensure_binh_lieu_units
from units.models import AdministrativeUnit, UnitLevel, UnitSuccession

D = dt.date


def test_validity_days_are_inclusive_and_a_year_needs_one_valid_day(units):
    old, new = units["06841"], units["N10277"]  # until 30/6/2025; from 1/7/2025
    for day, valid in (((D(2025, 6, 30)), {old}), (D(2025, 7, 1), {new})):
        assert set(AdministrativeUnit.objects.filter(pk__in=[old.pk, new.pk]).valid_on(day)) == valid
    for year, valid in ((2024, {old}), (2025, {old, new}), (2026, {new})):
        assert set(AdministrativeUnit.objects.filter(pk__in=[old.pk, new.pk]).valid_in(year)) == valid
        flagged = AdministrativeUnit.objects.filter(pk__in=[old.pk, new.pk]).with_validity(
            D(year, 1, 1), D(year, 12, 31))
        assert {u for u in flagged if u.is_valid} == valid



def test_units_of_several_levels_come_province_district_then_communes_by_name(units):
    # One rule (UnitQuerySet.by_level) for the unit picker and the dashboard's unit choice.
    ordered = AdministrativeUnit.objects.filter(code__in=["22", "198", "06841", "06844", "N13861"]).by_level()
    assert [u.code for u in ordered] == ["22", "198", "N13861", "06844", "06841"]  # Bình, Đồng, Hoành
    # Terms before the level: the dashboard's plan unit first.
    district_first = Case(When(code="198", then=Value(0)), default=Value(1), output_field=IntegerField())
    assert [u.code for u in ordered.by_level(district_first)] == ["198", "22", "N13861", "06844", "06841"]


def test_the_unit_picker_and_the_dashboard_offer_units_in_that_order(units, admin_user):
    picked = [u.code for u in picker_units(admin_user) if u.code in {"22", "198", "06841", "06844", "N13861"}]
    assert picked == ["22", "198", "N13861", "06844", "06841"]
    plan = PlanFactory(code="bl", unit=units["198"], baseline_year=2022, target_year=2023)
    assert [u.name for u in unit_choices(admin_user, plan, 2023)] == [
        "Huyện Bình Liêu", "Thị trấn Bình Liêu", "Xã Đồng Tâm", "Xã Đồng Văn", "Xã Hoành Mô", "Xã Húc Động",
        "Xã Lục Hồn", "Xã Vô Ngại"]


@pytest.mark.django_db(transaction=True)
def test_a_units_scope_is_read_once_per_data_version_and_follows_a_new_succession():
    units = ensure_binh_lieu_units()
    district = units["198"]
    first = AdministrativeUnit.objects.within_ids(AdministrativeUnit.objects.get(pk=district.pk))
    assert units["06841"].pk in first
    # Another request's instance of the same unit: from the shared cache, not the tree again.
    with CaptureQueriesContext(connection) as again:
        assert AdministrativeUnit.objects.within_ids(AdministrativeUnit.objects.get(pk=district.pk)) == first
    assert not [q for q in again.captured_queries if "units_unitsuccession" in q["sql"]]
    # A commune merged into one of the district's communes is in its scope from the commit on.
    elsewhere = AdministrativeUnit.objects.create(code="99999", name="Xã Ngoài", level=UnitLevel.COMMUNE)
    UnitSuccession.objects.create(predecessor=elsewhere, successor=units["06841"], whole=True,
                                  effective_on=dt.date(2025, 7, 1))
    assert elsewhere.pk in AdministrativeUnit.objects.within_ids(AdministrativeUnit.objects.get(pk=district.pk))
