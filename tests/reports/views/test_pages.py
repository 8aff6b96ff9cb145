"""The leadership pages through HTTP: who may open them, what they show, what they cost."""

import io
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core.numbers import format_quantity
from reports.engine import plan_results
from tests.factories import AnnualReportFactory, CollectiveFactory

pytestmark = pytest.mark.django_db

PAGES = ["reports:dashboard", "reports:print", "reports:export"]


def indicator_page(code="htx_new"):
    return reverse("reports:indicator", args=[code])


@pytest.mark.parametrize("role", ["viewer", "officer", "admin"])
def test_every_page_renders_for_each_role(client, role, role_users, plan, registry):
    client.force_login(role_users[role])
    for name in PAGES:
        response = client.get(reverse(name), {"plan": plan.code})
        assert response.status_code == 200, name
    response = client.get(indicator_page(), {"plan": plan.code, "unit": plan.unit_id, "year": 2023})
    assert response.status_code == 200
    assert "HTX Cao Lan" in response.content.decode()  # the one HTX established in 2023, behind the number


def test_anonymous_users_are_sent_to_log_in(client, plan):
    urls = [reverse(name) for name in PAGES] + [
        indicator_page(), reverse("reports:quality", args=["missing_reports"]), reverse("reports:plan_list"),
        reverse("reports:plan_clone", args=[plan.code]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_the_dashboard_shows_each_target_with_its_status(client, viewer, plan, registry):
    client.force_login(viewer)
    html = client.get(reverse("reports:dashboard")).content.decode()
    cards = {code: card(html, code) for code in ("htx_new", "members_workers_growth", "htx_effective_share",
                                                  "trade_events")}
    # worked out in conftest.py
    assert "status-not_met" in cards["htx_new"]
    assert ">1<" in cards["htx_new"]
    assert "status-exceeded" in cards["members_workers_growth"]
    assert "+30,0%" in cards["members_workers_growth"]
    assert "status-met" in cards["htx_effective_share"]
    assert "50,0%" in cards["htx_effective_share"]
    assert "status-not_met" in cards["trade_events"]
    # every number opens onto the records behind it
    assert f'{indicator_page("htx_new")}?year=2023&amp;unit={plan.unit_id}&amp;plan=ui-2023' in cards["htx_new"]
    # tracked indicators beside, without a status
    tracked = card(html, "htx_active")
    assert "status-" not in tracked
    assert ">3<" in tracked
    assert html.count("<svg") >= 3


def card(html: str, code: str) -> str:
    match = re.search(rf'id="ind-{code}".*?(</article>|</tr>)', html, re.S)
    assert match, code
    return match.group(0)


def test_a_viewer_lands_on_the_dashboard_and_an_officer_on_the_home_page(client, viewer, officer, plan):
    client.force_login(viewer)
    assert client.get(reverse("home"))["Location"] == reverse("reports:dashboard")
    client.force_login(officer)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="vi">' in html
    assert reverse("reports:dashboard") in html
    client.logout()
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="vi">' in html
    assert reverse("login") in html


def test_a_commune_user_sees_only_their_commune(client, commune_viewer, plan, registry, hoanh_mo, dong_tam):
    client.force_login(commune_viewer)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 200
    # The unit is a search box (decision 22): its endpoint offers the commune alone.
    offered = client.get(reverse("reports:pick_units"), {"plan": plan.code, "year": 2023}).json()["results"]
    offered_ids = {int(row["id"]) for row in offered}
    assert hoanh_mo.pk in offered_ids
    assert dong_tam.pk not in offered_ids
    assert plan.unit_id not in offered_ids
    assert response.context["selection"].unit == hoanh_mo
    # Hoành Mô alone: HTX A (active) and C (new in 2023)
    assert ">2<" in card(response.content.decode(), "htx_active")
    for unit in (dong_tam, plan.unit):
        for name in PAGES:
            assert client.get(reverse(name), {"unit": unit.pk}).status_code == 404
        assert client.get(indicator_page(), {"unit": unit.pk}).status_code == 404
    records = client.get(indicator_page("htx_active"), {"plan": plan.code}).content.decode()
    assert "HTX An Bình" in records
    assert "HTX Bắc Sơn" not in records


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("reports:dashboard")).status_code == 200
    return len(captured)


def test_the_dashboard_query_count_does_not_grow_with_the_register(client, viewer, plan, registry, hoanh_mo,
                                                                   django_assert_num_queries):
    client.force_login(viewer)
    assert dashboard_queries(client) == DASHBOARD_QUERIES
    for i in range(40):
        collective = CollectiveFactory(unit=hoanh_mo, kind="htx" if i % 3 else "tht")
        AnnualReportFactory(collective=collective, year=2022)
        AnnualReportFactory(collective=collective, year=2023)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        client.get(reverse("reports:dashboard"))


# The district dashboard's queries, the same with 3 collectives as with 43; each group names
# what it reads, in the order they run:
DASHBOARD_QUERIES = (
    2     # the session and the user with their scope unit (accounts.backends)
    + 3   # the reader's scope: the units under it, successions forward and back
    + 2   # the plans the reader may open: the units containing the scope (units.ancestor_ids), the plans
    + 1   # the default plan: report coverage of the latest target year (reports.completeness)
    + 3   # the units whose records count: the plan unit's tree, successions forward and back
          # (reports.selectors.report_unit)
    + 1   # a publication in force for the plan, unit and year (reports.publication)
    + 1   # the plan's targets
    + 5   # plan results for this plan's targets: collectives, reports by year, trade events,
          # OCOP stars at the two year ends (reports.figures, one aggregate per group)
    + 2   # report coverage of the year and of its baseline (the honest cards)
    + 9   # data quality: missing reports, unrated HTX, lapsing ratings, figure jumps (each a
          # count and a sample), and the statistics not entered
    + 2   # the charts' first year with data; HTX reports by year and class, with revenue
          # and profit (reports.selectors.htx_reports_by_year)
    + 6   # the OCOP stars chart: stars in force at each year's end
    + 5   # the by-commune chart: communes valid in the year, successions, one grouped aggregate;
          # then the labels read the same communes (reports.figures.commune_columns) — from the
          # shared cache in use, read again here (communes, successions) as nothing is cached
          # in a writing transaction (see below)
    + 1   # the unit box: the chosen unit only (core.pickers; Select's test for a "required"
          # attribute used to read every unit as well)
    # No data version: the fixtures' writes are still uncommitted in the test's transaction,
    # so the figures are computed live (core.cache.writes_pending), never cached.
)


def test_print_and_export_carry_the_dashboard_numbers(client, officer, plan, registry):
    client.force_login(officer)
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    printed = client.get(reverse("reports:print")).content.decode()
    exported = client.get(reverse("reports:export"))
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    header = [c.value for c in sheet[1]]
    by_code = {r[0]: dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)}

    # A4 pages: the report's own stylesheet (no inline <style> under the CSP) sets the page.
    assert 'href="/static/css/document.css"' in printed
    assert 'class="document' in printed
    assert "size: A4 portrait" in Path(finders.find("css/document.css")).read_text(encoding="utf-8")
    assert plan.title in printed
    assert plan.legal_basis in printed
    for row in plan_results(plan):
        text = format_quantity(row.value, row.unit)
        assert text in card(dashboard, row.indicator), row.indicator
        line = re.search(rf'id="print-{row.indicator}".*?</tr>', printed, re.S).group(0)
        assert text in line, row.indicator
        cell = by_code[row.indicator]["Giá trị"]
        assert (cell is None) if row.value is None else cell == pytest.approx(float(row.value)), row.indicator
    assert "vượt chỉ tiêu 5–7%" in printed
    assert by_code["members_workers_growth"]["Trạng thái"] == "Vượt"
    assert by_code["members_workers_growth"]["Nhận xét"].startswith("Số thành viên và lao động thường xuyên tăng 30,0%")
    # Excel shows the exact fraction 0.3 as 30.0%
    growth_row = next(i for i, r in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2)
                      if r[0] == "members_workers_growth")
    assert sheet.cell(growth_row, header.index("Giá trị") + 1).number_format == "0.0%"


def test_the_data_quality_panel_names_what_is_missing_and_late(client, viewer, plan, registry, hoanh_mo):
    late = CollectiveFactory(name="HTX Chưa Báo Cáo", unit=hoanh_mo)
    AnnualReportFactory(collective=late, year=2022, revenue=1_000_000)
    client.force_login(viewer)
    response = client.get(reverse("reports:dashboard"))
    checks = {c.key: c for c in response.context["quality"]}
    assert [c.name for c in checks["missing_reports"].sample] == ["HTX Chưa Báo Cáo"]
    assert checks["missing_reports"].late  # due 15/01/2024
    assert "15/01/2024" in checks["missing_reports"].note
    assert checks["statistics"].count == 2  # no statistics for 2022 nor 2023
    full = client.get(reverse("reports:quality", args=["missing_reports"]), {"plan": plan.code})
    assert "HTX Chưa Báo Cáo" in full.content.decode()


def test_the_indicator_page_pages_through_long_record_lists(client, admin_user, plan, hoanh_mo):
    import datetime

    for i in range(55):
        CollectiveFactory(name=f"HTX Mới {i:02d}", unit=hoanh_mo, established_on=datetime.date(2023, 2, 1))
    client.force_login(admin_user)
    url = indicator_page("htx_new")
    first = client.get(url, {"plan": plan.code, "year": 2023}).content.decode()
    assert "HTX Mới 00" in first
    assert "HTX Mới 54" not in first
    assert "page_n=2" in first
    second = client.get(url, {"plan": plan.code, "year": 2023, "page_n": 2}).content.decode()
    assert "HTX Mới 54" in second


def test_an_unknown_indicator_is_404(client, viewer):
    client.force_login(viewer)
    assert client.get(indicator_page("nope")).status_code == 404


def test_the_indicator_page_query_count_does_not_grow_with_the_records(client, viewer, plan, registry, hoanh_mo,
                                                                       django_assert_num_queries):
    client.force_login(viewer)
    url = indicator_page("htx_effective_share")
    params = {"plan": plan.code, "year": 2023}
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, params).status_code == 200
    for _i in range(30):
        collective = CollectiveFactory(unit=hoanh_mo)
        AnnualReportFactory(collective=collective, year=2023, classification="fair")
    # records are joined to their collective and commune and paged: no query per row
    with django_assert_num_queries(len(few)):
        client.get(url, params)


def test_each_data_quality_list_opens(client, admin_user, plan, registry, hoanh_mo):
    import datetime

    from core.validation import today
    from tests.factories import OcopRatingFactory

    # B's 2023 revenue (1 bn) is over ten times its 2022 revenue once this is lowered to 50 m
    registry["b"].annual_reports.filter(year=2022).update(revenue=50_000_000)
    # A 3-star rating decided ~34 months ago lapses within 180 days
    OcopRatingFactory(product__producer=registry["a"], product__registered_on=datetime.date(2020, 1, 1),
                      decided_on=today() - datetime.timedelta(days=1030))
    client.force_login(admin_user)
    checks = {c.key: c for c in client.get(reverse("reports:dashboard")).context["quality"]}
    assert checks["jumps"].count == 1
    assert checks["jumps"].sample[0].jumped[0]["field"] == "revenue"
    assert checks["lapsing"].count == 1
    assert checks["unrated"].count == 0  # C was founded in 2023: unrated is right for it
    for key in ("missing_reports", "unrated", "lapsing", "jumps", "statistics"):
        response = client.get(reverse("reports:quality", args=[key]), {"plan": plan.code})
        assert response.status_code == 200, key
    assert client.get(reverse("reports:quality", args=["nope"]), {"plan": plan.code}).status_code == 404
