"""A unit's validity in days and years (units.models.valid_q: both dates are valid days)."""

import datetime as dt

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
