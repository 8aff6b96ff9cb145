"""A unit's validity in days and years (units.models.valid_q: both dates are valid days)."""

import datetime as dt

from django.db.models import Case, IntegerField, Value, When

from cooperatives.pickers import units as picker_units
from reports.selectors import unit_choices
from tests.factories import PlanFactory
from units.models import AdministrativeUnit

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
