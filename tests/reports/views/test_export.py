"""The plan's Excel export, written by core.tabular: the cells keep exact numbers, shown
as Excel formats (22,4% for a ratio, grouped digits otherwise), and no cell is a formula."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from reports.views.dashboard import EXPORT_HEADERS


def test_the_plan_export_keeps_numbers_with_their_formats_and_writes_no_formula(client, officer, plan, registry):
    client.force_login(officer)
    response = client.get(reverse("reports:export"))
    assert response["Content-Disposition"] == 'attachment; filename="ui-2023-198-2023.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "ui-2023 2023"
    column = {name: i for i, name in enumerate(EXPORT_HEADERS)}
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    share = rows["htx_effective_share"]  # 1 of 2 HTX effective: 50 %, target at least 50 %
    assert share[column["Giá trị"]].value == 0.5
    assert share[column["Giá trị"]].number_format == "0.0%"
    assert share[column["Cận dưới"]].number_format == "0.0%"
    new = rows["htx_new"]
    assert new[column["Giá trị"]].value == 1
    assert new[column["Giá trị"]].number_format == "#,##0"
    growth = rows["members_workers_growth"]
    assert growth[column["Thay đổi tương đối"]].number_format == "0.0%"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
