"""Scopes: commune against district, the 2025 successor communes, values by commune."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.engine import compute_indicator, indicator_values
from reports.views.common import commune_columns
from tests.api.conftest import token_client
from tests.factories import AnnualReportFactory, CollectiveFactory
from units.models import AdministrativeUnit

D = dt.date


def active(unit, year):
    return compute_indicator("htx_active", unit=unit, year=year).value


def test_2025_successor_communes_still_count_in_binh_lieu_district(units):
    x = CollectiveFactory(unit=units["06841"], established_on=D(2018, 1, 1))  # old Hoành Mô
    u = CollectiveFactory(unit=units["06847"], established_on=D(2018, 1, 1))  # old Đồng Văn
    v = CollectiveFactory(unit=units["06853"], established_on=D(2019, 1, 1))  # Vô Ngại (split in 2025)
    y = CollectiveFactory(unit=units["N13861"], established_on=D(2025, 8, 1))  # new xã Bình Liêu
    z = CollectiveFactory(unit=units["N10277"], established_on=D(2025, 9, 1))  # new xã Hoành Mô
    CollectiveFactory(unit=units["N-TIENYEN"], established_on=D(2025, 9, 1))  # got only part of Vô Ngại
    district = units["198"]

    # District, 2025: new Y, Z (Tiên Yên is not Bình Liêu) → 2; active X, U, V, Y, Z → 5
    assert compute_indicator("htx_new", unit=district, year=2025).value == 2
    assert active(district, 2025) == 5
    assert set(compute_indicator("htx_active", unit=district, year=2025).records["numerator"]) == {x, u, v, y, z}
    # New xã Hoành Mô answers for its whole predecessors Hoành Mô and Đồng Văn: X, U, Z → 3
    assert active(units["N10277"], 2025) == 3
    # New xã Bình Liêu: Y, plus the town and Húc Động (none here); Vô Ngại went only partly → 1
    assert active(units["N13861"], 2025) == 1
    # Old Hoành Mô answers for its successor (Z) but not for its sibling Đồng Văn (U): X, Z → 2
    assert active(units["06841"], 2025) == 2


def test_a_commune_scope_does_not_reach_a_sibling_merged_into_the_same_successor(units):
    ids = AdministrativeUnit.objects.within_ids(units["06841"])
    codes = set(AdministrativeUnit.objects.filter(pk__in=ids).values_list("code", flat=True))
    assert codes == {"06841", "N10277"}
    # The town answers for Tình Húc, merged into it in 2020, and for its 2025 successor.
    ids = AdministrativeUnit.objects.within_ids(units["06838"])
    codes = set(AdministrativeUnit.objects.filter(pk__in=ids).values_list("code", flat=True))
    assert codes == {"06838", "06850", "N13861"}


def test_values_by_commune_add_up_to_the_district(world):
    results = indicator_values("htx_active", unit=world.district, years=[2022], by_commune=True)
    by_code = {AdministrativeUnit.objects.get(pk=r.unit_id).code: r.value for r in results}
    # The 7 communes valid in 2022 (Tình Húc, merged in 2020, is a part of the town's column);
    # the 3 communes of 2025 count nothing in 2022, so they are no column of it (decision 24).
    assert set(by_code) == {"06838", "06841", "06844", "06847", "06853", "06856", "06859"}
    # Hoành Mô: A, B; Lục Hồn: I → the district's 3
    assert by_code["06841"] == 2
    assert by_code["06856"] == 1
    assert sum(by_code.values()) == 3
    hm = next(r for r in results if r.unit_id == world.hm.pk)
    assert set(hm.records["numerator"]) == {world.a, world.b}


def test_values_by_commune_after_the_reform_fold_old_communes_into_their_successors(units):
    CollectiveFactory(unit=units["06841"], established_on=D(2018, 1, 1))
    CollectiveFactory(unit=units["06847"], established_on=D(2018, 1, 1))
    CollectiveFactory(unit=units["N10277"], established_on=D(2025, 9, 1))
    CollectiveFactory(unit=units["06850"], established_on=D(2015, 1, 1))  # Tình Húc → town → xã Bình Liêu
    CollectiveFactory(unit=units["06853"], established_on=D(2019, 1, 1))  # Vô Ngại, split: its own column
    results = indicator_values("htx_active", unit=units["198"], years=[2026], by_commune=True)
    by_code = {AdministrativeUnit.objects.get(pk=r.unit_id).code: r.value for r in results}
    assert by_code == {"N10277": 3, "N13861": 1, "N10533": 0, "06853": 1}


def test_values_by_commune_count_an_event_once_per_commune(world):
    # T1: A (HM) and E (LH); T5: I (LH) and H (outside). → HM 1, LH 2; the district counts 2, not 3.
    results = indicator_values("trade_events", unit=world.district, years=[2022], by_commune=True)
    by_unit = {r.unit_id: r.value for r in results}
    assert by_unit[world.hm.pk] == 1
    assert by_unit[world.lh.pk] == 2


def test_values_by_commune_take_a_fixed_number_of_queries(units):
    def queries(years):
        district = AdministrativeUnit.objects.get(code="198")  # fresh: within_ids is memoised per instance
        with CaptureQueriesContext(connection) as ctx:
            indicator_values("members_workers_growth", unit=district, years=years, by_commune=True)
        return len(ctx.captured_queries)

    htx = CollectiveFactory(unit=units["06841"], established_on=D(2018, 1, 1))
    AnnualReportFactory(collective=htx, year=2022)
    few = queries([2022])
    for code in ("06838", "06844", "06847", "06853", "06856", "06859"):
        for year in (2021, 2022):
            AnnualReportFactory(collective=CollectiveFactory(unit=units[code], established_on=D(2018, 1, 1)), year=year)
    # within_ids (3) + per year: the communes and their successions (2) + the report group (1)
    assert queries([2022]) == few == 6
    assert queries([2021, 2022]) == 9


def test_the_api_lists_by_commune_the_communes_the_dashboard_shows(units, viewer):
    """Decision 24: a commune not valid in the year is a column only when it counts something
    in it, in the API as on the dashboard (reports.engine.indicator_values, one place)."""
    CollectiveFactory(unit=units["06841"], established_on=D(2018, 1, 1))
    CollectiveFactory(unit=units["N13861"], established_on=D(2018, 1, 1))  # filed under its 2025 commune already
    api = token_client(viewer)
    rows = api.get("/api/v1/indicators/htx_active/values/?unit=198&year_from=2023&year_to=2023&by=commune").json()
    listed = {r["unit"]: r["value"] for r in rows["results"]}
    # The 7 communes of 2023, and xã Bình Liêu (2025) for the record it holds; not the other two of 2025.
    assert listed == {"06838": 0, "06841": 1, "06844": 0, "06847": 0, "06853": 0, "06856": 0, "06859": 0,
                      "N13861": 1}
    district = units["198"]
    shown = commune_columns(indicator_values("htx_active", unit=district, years=[2023], by_commune=True), 2023,
                            district, AdministrativeUnit.objects.within_ids(district))
    assert [u.code for u, _r, _label in shown] == list(listed)
    assert [label for u, _r, label in shown if u.code == "N13861"] == ["Xã Bình Liêu (hiệu lực từ 01/07/2025)"]
