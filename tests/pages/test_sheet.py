"""The yearly entry sheet: one line per collective active in the year, saved line by line."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperatives.models import AnnualReport
from tests.factories import AnnualReportFactory, CollectiveFactory

SHEET = reverse("cooperatives:entry_sheet")


def row_url(collective, year=2023):
    return reverse("cooperatives:entry_sheet_row", args=[collective.pk]) + f"?year={year}"


def row_data(collective, version=0, **values):
    data = {"members": "25", "regular_workers": "8", "revenue": "1.250.000.000", "profit": "120.000.000",
            "average_monthly_income": "4.500.000", "charter_capital_contributed": "300.000.000",
            "classification": "unrated", "version": str(version)}
    data.update(values)
    return {f"r{collective.pk}-{k}": v for k, v in data.items() if v is not None}


HTMX = {"HTTP_HX_REQUEST": "true"}


def test_sheet_lists_collectives_active_during_the_year_and_marks_missing_reports(officer_client, units):
    reported = CollectiveFactory(name="HTX Có Báo Cáo", established_on=datetime.date(2015, 1, 1))
    AnnualReportFactory(collective=reported, year=2023, members=30)
    missing = CollectiveFactory(name="HTX Chưa Báo Cáo", established_on=datetime.date(2023, 11, 20))
    dissolved_in_year = CollectiveFactory(name="HTX Giải Thể Giữa Năm", established_on=datetime.date(2015, 1, 1),
                                          dissolved_on=datetime.date(2023, 6, 30), dissolution_decision="1/QĐ",
                                          dissolution_kind="voluntary")
    CollectiveFactory(name="HTX Lập Năm Sau", established_on=datetime.date(2024, 2, 1))
    CollectiveFactory(name="HTX Giải Thể Năm Trước", established_on=datetime.date(2015, 1, 1),
                      dissolved_on=datetime.date(2022, 12, 31), dissolution_decision="2/QĐ",
                      dissolution_kind="voluntary")
    CollectiveFactory(name="HTX Ngoài Huyện", unit=units["N-TIENYEN"])

    response = officer_client.get(SHEET, {"year": 2023})
    rows = {row["collective"].name: row for row in response.context["rows"]}
    assert set(rows) == {reported.name, missing.name, dissolved_in_year.name}
    html = response.content.decode()
    row_html = html.split(f'id="sheet-row-{missing.pk}"')[1].split("</tr>")[0]
    assert "chưa có báo cáo" in row_html
    assert "chưa có báo cáo" not in html.split(f'id="sheet-row-{reported.pk}"')[1].split("</tr>")[0]
    # Each input has its own label (hidden) tied by id, and belongs to the line's form.
    assert f'<label for="id_r{missing.pk}-revenue"' in row_html
    assert f'form="sheet-form-r{missing.pk}"' in row_html
    assert response.context["totals"]["rows"] == 3
    assert response.context["totals"]["missing"] == 2


def test_saving_a_line_creates_the_report_and_refreshes_the_totals(officer_client, officer, collective):
    other = CollectiveFactory()
    AnnualReportFactory(collective=other, year=2023, members=10, revenue=1_000_000_000)
    response = officer_client.post(row_url(collective), row_data(collective), **HTMX)
    assert response.status_code == 200
    report = AnnualReport.objects.get(collective=collective, year=2023)
    assert (report.members, report.revenue, report.average_monthly_income) == (25, 1_250_000_000, 4_500_000)
    assert report.history.get().history_user == officer
    html = response.content.decode()
    assert html.startswith(f'<tr id="sheet-row-{collective.pk}"')
    assert "Đã lưu" in html
    assert "chưa có báo cáo" not in html
    # The line now carries the saved version for its next save.
    assert f'name="r{collective.pk}-version" value="{report.version}"' in html
    # Totals come back out of band: 25 + 10 members, 2.250.000.000 revenue.
    totals = html.split('<tfoot id="sheet-totals" hx-swap-oob="true">')[1]
    assert '<td class="num" id="total-members">35</td>' in totals
    assert '<td class="num" id="total-revenue">2.250.000.000</td>' in totals
    assert "2/2 tổ chức đã có báo cáo, 0 chưa có" in totals


def test_saving_a_line_updates_with_the_version_it_displayed(officer_client, collective):
    report = AnnualReportFactory(collective=collective, year=2023)
    response = officer_client.post(row_url(collective), row_data(collective, version=report.version,
                                                                  members="40", value_chain="on"), **HTMX)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.members == 40
    assert report.value_chain is True
    assert report.version == 2


def test_a_line_saved_meanwhile_by_someone_else_is_a_conflict(officer_client, collective, admin_user):
    report = AnnualReportFactory(collective=collective, year=2023, members=10)
    displayed = report.version
    report.members = 99
    report._history_user = admin_user
    report.save()
    response = officer_client.post(row_url(collective), row_data(collective, version=displayed, members="40"),
                                   **HTMX)
    html = response.content.decode()
    assert "Xung đột" in html
    assert "admin1 vừa lưu dòng này (số thành viên 99" in html
    report.refresh_from_db()
    assert report.members == 99
    # The user's figures stay in the line, and the next Save knowingly replaces the stored ones.
    assert f'name="r{collective.pk}-members" value="40"' in html
    assert f'name="r{collective.pk}-version" value="{report.version}"' in html
    officer_client.post(row_url(collective), row_data(collective, version=report.version, members="40"), **HTMX)
    report.refresh_from_db()
    assert report.members == 40


def test_a_line_that_had_no_report_conflicts_when_one_was_created_meanwhile(officer_client, collective):
    AnnualReportFactory(collective=collective, year=2023, members=7)
    response = officer_client.post(row_url(collective), row_data(collective, version=0), **HTMX)
    assert "Xung đột" in response.content.decode()
    assert AnnualReport.objects.get(collective=collective, year=2023).members == 7


def test_bad_cells_get_vietnamese_messages_and_nothing_is_saved(officer_client, collective):
    response = officer_client.post(row_url(collective), row_data(
        collective, members="hai mươi", revenue="-5.000", regular_workers=None), **HTMX)
    html = response.content.decode()
    form = response.context["row"]["form"]
    assert form.errors["members"] == ["Số thành viên: hãy nhập một số nguyên, ví dụ 1.234.567 (không nhập chữ)."]
    assert form.errors["revenue"] == ["Doanh thu (đồng) không được âm."]
    assert form.errors["regular_workers"] == ["Hãy nhập “Lao động thường xuyên”."]
    assert "Dòng này chưa được lưu" in html
    cell = html.split(f'id="id_r{collective.pk}-members_errors"')[1]
    assert cell.startswith('><li>Số thành viên: hãy nhập một số nguyên')
    assert not AnnualReport.objects.exists()


def test_model_rules_show_on_the_line(officer_client, units):
    # Founded in March: not a whole year of operation, so not classified (TT 01/2020).
    young = CollectiveFactory(kind="htx", unit=units["06841"], established_on=datetime.date(2023, 3, 1))
    response = officer_client.post(row_url(young), row_data(young, classification="good"), **HTMX)
    form = response.context["row"]["form"]
    assert form.errors["classification"] == ["HTX hoạt động chưa đủ 12 tháng trong năm thì chưa xếp loại."]
    html = response.content.decode()
    assert html.split(f'id="id_r{young.pk}-classification_errors"')[1].startswith("><li>HTX hoạt động chưa đủ")
    assert not AnnualReport.objects.exists()


def test_a_tht_line_offers_no_classification(officer_client, units):
    tht = CollectiveFactory(kind="tht", unit=units["06841"])
    htx = CollectiveFactory(kind="htx", unit=units["06841"])
    html = officer_client.get(SHEET, {"year": 2023}).content.decode()
    tht_line = html.split(f'id="sheet-row-{tht.pk}"')[1].split("</tr>")[0]
    htx_line = html.split(f'id="sheet-row-{htx.pk}"')[1].split("</tr>")[0]
    assert f'name="r{htx.pk}-classification"' in htx_line
    assert "classification" not in tht_line
    assert "Tổ hợp tác: không xếp loại" in tht_line
    # A class posted anyway (an old form, a pasted block) is not the THT's: it stays unrated.
    response = officer_client.post(row_url(tht), row_data(tht, classification="good"), **HTMX)
    assert "classification" not in response.content.decode().split("</tr>")[0]
    assert AnnualReport.objects.get(collective=tht).classification == "unrated"


def test_without_htmx_a_save_redirects_back_to_the_sheet(officer_client, collective):
    response = officer_client.post(row_url(collective), row_data(collective))
    assert response.status_code == 302
    assert response["Location"].startswith(SHEET + "?year=2023")
    bad = officer_client.post(row_url(collective, 2022), row_data(collective, members="x"))
    assert bad.status_code == 200
    assert "Số thành viên: hãy nhập một số nguyên" in bad.content.decode()


def test_totals_cover_the_whole_scope_and_filters(officer_client, units):
    for members, unit in [(10, "06841"), (20, "06841"), (5, "06856")]:
        AnnualReportFactory(collective=CollectiveFactory(unit=units[unit]), year=2023, members=members,
                            revenue=members * 1_000_000, value_chain=members > 8)
    CollectiveFactory(unit=units["06856"])
    totals = officer_client.get(SHEET, {"year": 2023}).context["totals"]
    assert (totals["members"], totals["revenue"], totals["value_chain"], totals["rows"], totals["missing"]) == (
        35, 35_000_000, 2, 4, 1)
    hoanh_mo = officer_client.get(SHEET, {"year": 2023, "unit": units["06841"].pk}).context["totals"]
    assert (hoanh_mo["members"], hoanh_mo["rows"]) == (30, 2)
    missing = officer_client.get(SHEET, {"year": 2023, "missing_only": "on"}).context
    assert len(missing["rows"]) == 1


def test_viewer_sees_the_sheet_read_only(viewer_client, collective):
    AnnualReportFactory(collective=collective, year=2023, revenue=1_234_567)
    html = viewer_client.get(SHEET, {"year": 2023}).content.decode()
    assert "1.234.567" in html
    assert "<input" not in html.split('id="sheet"')[1]
    assert "hx-post" not in html
    assert viewer_client.post(row_url(collective), row_data(collective), **HTMX).status_code == 403
    assert AnnualReport.objects.get().revenue == 1_234_567


def test_out_of_scope_line_is_not_found(commune_client, units):
    elsewhere = CollectiveFactory(unit=units["06856"])
    assert commune_client.post(row_url(elsewhere), row_data(elsewhere), **HTMX).status_code == 404
    assert not AnnualReport.objects.exists()


def sheet_queries(client, year=2023) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(SHEET, {"year": year}).status_code == 200
    return len(ctx.captured_queries)


def test_the_sheet_runs_a_fixed_number_of_queries(officer_client, django_assert_num_queries):
    AnnualReportFactory(collective=CollectiveFactory(), year=2023)
    one = sheet_queries(officer_client)
    for i in range(29):
        collective = CollectiveFactory(kind="tht" if i % 3 else "htx")
        if i % 2:
            AnnualReportFactory(collective=collective, year=2023)
    # session, the user with their unit (accounts.backends); scope: its descendants,
    # successions (2); the page's
    # count, its collectives, their reports; the foot (one aggregate: lines, reports, sums);
    # the communes of the filter
    assert one == SHEET_QUERIES
    with django_assert_num_queries(SHEET_QUERIES):
        response = officer_client.get(SHEET, {"year": 2023})
    assert len(response.context["rows"]) == 30
    with django_assert_num_queries(SHEET_QUERIES):
        officer_client.get(SHEET, {"year": 2023, "missing_only": "on"})


SHEET_QUERIES = 9


def test_a_line_posted_without_a_valid_year_is_refused(officer_client, collective):
    url = reverse("cooperatives:entry_sheet_row", args=[collective.pk])
    for query in ("", "?year=abc", "?year=1800"):
        assert officer_client.post(url + query, row_data(collective), **HTMX).status_code == 400
    assert not AnnualReport.objects.exists()


def test_the_sheet_exports_every_line_with_its_figures(officer_client, units):
    import io

    from openpyxl import load_workbook

    reported = CollectiveFactory(name="HTX A", unit=units["06841"])
    AnnualReportFactory(collective=reported, year=2023, revenue=1_234_567, classification="unrated")
    CollectiveFactory(name="HTX B", unit=units["06841"])
    response = officer_client.get(SHEET, {"year": 2023, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][2] == "Tên"
    assert rows[0][7] == "Doanh thu (đồng)"
    by_name = {row[2]: row for row in rows[1:]}
    assert by_name["HTX A"][7] == 1_234_567
    assert by_name["HTX A"][-1] == "Đã có báo cáo"
    assert by_name["HTX B"][7] is None
    assert by_name["HTX B"][-1] == "Chưa có báo cáo"


# --- The foot after a save, the missing-only filter, pasted blocks (issue 12). ---


def test_a_save_answers_the_foot_out_of_band_inside_a_template(officer_client, collective):
    """A <tfoot> after a <tr> is dropped by the HTML parser in the <template> htmx reads a
    response into (its rows then land under the saved line, and the foot never changes):
    every out-of-band table part comes wrapped in its own <template>."""
    html = officer_client.post(row_url(collective), row_data(collective), **HTMX).content.decode()
    assert html.startswith(f'<tr id="sheet-row-{collective.pk}"')
    assert html.count("<tfoot") == 1
    assert '<template><tfoot id="sheet-totals" hx-swap-oob="true">' in html
    assert html.index("</tfoot></template>") > html.index("<template><tfoot")
    # The count of missing reports above the sheet follows too (a <p> may stand alone).
    assert '<p class="sheet-missing" id="sheet-missing" hx-swap-oob="true">' in html
    assert "Mọi tổ chức đã có báo cáo năm 2023." in html


def test_only_lines_without_a_report_and_their_count(officer_client, units):
    reported = CollectiveFactory(name="HTX Đã Báo Cáo", unit=units["06841"])
    AnnualReportFactory(collective=reported, year=2023, members=12)
    first = CollectiveFactory(name="HTX Thiếu Một", unit=units["06841"])
    second = CollectiveFactory(name="HTX Thiếu Hai", unit=units["06841"])
    everything = officer_client.get(SHEET, {"year": 2023}).content.decode()
    assert "Còn 2 tổ chức chưa có báo cáo năm 2023." in everything
    assert "missing_only=on" in everything.split('id="sheet-missing"')[1].split("</p>")[0]

    response = officer_client.get(SHEET, {"year": 2023, "missing_only": "on"})
    assert [row["collective"] for row in response.context["rows"]] == [second, first]
    html = response.content.decode()
    assert "Còn 2 tổ chức chưa có báo cáo năm 2023." in html
    # The foot adds up the year, not only the lines shown.
    assert "Tổng cộng: 1/3 tổ chức đã có báo cáo, 2 chưa có" in html
    assert '<td class="num" id="total-members">12</td>' in html

    saved = officer_client.post(row_url(first) + "&missing_only=on", row_data(first), **HTMX).content.decode()
    assert "Còn 1 tổ chức chưa có báo cáo năm 2023." in saved
    assert "Tổng cộng: 2/3 tổ chức đã có báo cáo, 1 chưa có" in saved


PASTE = reverse("cooperatives:entry_sheet_paste") + "?year=2023"


def pasted(*lines):
    """What sheet.js posts for a pasted block: the lines it covers and each line's cells."""
    data = {"rows": [str(collective.pk) for collective, _values in lines]}
    for collective, values in lines:
        data.update(row_data(collective, **values))
    return data


def test_a_pasted_block_saves_each_good_line_and_marks_the_bad_one(officer_client, units):
    a, b, c = (CollectiveFactory(unit=units["06841"]) for _ in range(3))
    response = officer_client.post(PASTE, pasted(
        (a, {"members": "25", "revenue": "2.218.000.000", "value_chain": "Có", "classification": "Khá"}),
        (b, {"members": "30", "revenue": "12a"}),
        (c, {"members": "7", "regular_workers": "", "high_tech": "x"}),
    ), **HTMX)
    html = response.content.decode()
    saved = {r.collective_id: r for r in AnnualReport.objects.all()}
    assert set(saved) == {a.pk}
    assert (saved[a.pk].revenue, saved[a.pk].value_chain, saved[a.pk].classification) == (
        2_218_000_000, True, "fair")
    # Each line comes back out of band, in its own <template>; the foot too.
    for collective in (a, b, c):
        assert f'<template><tr id="sheet-row-{collective.pk}"' in html
    assert '<template><tfoot id="sheet-totals" hx-swap-oob="true">' in html
    line_b = html.split(f'id="sheet-row-{b.pk}"')[1].split("</tr>")[0]
    assert 'data-state="error"' in line_b
    assert line_b.split(f'id="id_r{b.pk}-revenue_errors"')[1].startswith(
        "><li>Doanh thu (đồng): hãy nhập một số nguyên")
    # The empty required cell is named in its own cell, in Vietnamese.
    line_c = html.split(f'id="sheet-row-{c.pk}"')[1].split("</tr>")[0]
    assert line_c.split(f'id="id_r{c.pk}-regular_workers_errors"')[1].startswith(
        "><li>Hãy nhập “Lao động thường xuyên”.")
    assert 'data-state="saved"' in html.split(f'id="sheet-row-{a.pk}"')[1].split("</tr>")[0]
    assert "Tổng cộng: 1/3 tổ chức đã có báo cáo, 2 chưa có" in html


def test_a_pasted_yes_no_or_class_that_cannot_be_read_is_an_error_in_its_cell(officer_client, units):
    htx = CollectiveFactory(unit=units["06841"])
    tht = CollectiveFactory(kind="tht", unit=units["06841"])
    html = officer_client.post(PASTE, pasted(
        (htx, {"value_chain": "có lẽ", "classification": "Xuất sắc"}),
        (tht, {"classification": "Tốt", "high_tech": "Không"}),
    ), **HTMX).content.decode()
    assert "Chuỗi giá trị: hãy ghi “Có” hoặc “Không” (để trống là Không)." in html
    assert "Xếp loại: “Xuất sắc” không có trong danh sách (Tốt, Khá, Trung bình, Yếu, Chưa xếp loại)." in html
    assert list(AnnualReport.objects.values_list("collective_id", "classification", "high_tech")) == [
        (tht.pk, "unrated", False)]


def test_a_pasted_block_leaves_out_lines_outside_the_scope(commune_client, units):
    mine = CollectiveFactory(unit=units["06841"])
    elsewhere = CollectiveFactory(unit=units["06856"])
    html = commune_client.post(PASTE, pasted((elsewhere, {}), (mine, {})), **HTMX).content.decode()
    assert f"sheet-row-{elsewhere.pk}" not in html
    assert list(AnnualReport.objects.values_list("collective_id", flat=True)) == [mine.pk]
    for bad in ({"rows": ["x"]}, {}):
        assert commune_client.post(PASTE, bad, **HTMX).status_code == 400
    assert commune_client.post(reverse("cooperatives:entry_sheet_paste"), pasted((mine, {})),
                               **HTMX).status_code == 400


def test_a_viewer_cannot_paste(viewer_client, collective):
    assert viewer_client.post(PASTE, pasted((collective, {})), **HTMX).status_code == 403
    assert not AnnualReport.objects.exists()


def test_a_pasted_block_runs_a_fixed_number_of_queries_per_line(officer_client, units, django_assert_max_num_queries):
    collectives = [CollectiveFactory(unit=units["06841"]) for _ in range(3)]
    with CaptureQueriesContext(connection) as three:
        officer_client.post(PASTE, pasted(*[(c, {}) for c in collectives]), **HTMX)
    AnnualReport.objects.all().delete()
    with CaptureQueriesContext(connection) as one:
        officer_client.post(PASTE, pasted((collectives[0], {})), **HTMX)
    per_line = (len(three.captured_queries) - len(one.captured_queries)) / 2
    # each line: look for the report again, its clean() checks, the insert, its history row
    assert per_line <= 12
