"""core.listing's "Xuất Excel", as a Vietnamese Excel user opens it (issue 13): real dates
shown dd/mm/yyyy, amounts with #,##0, the sheet named like the page, stars as numbers, an
autofilter on the header row and the header frozen."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.validation import today
from tests.factories import CollectiveFactory, OcopRatingFactory
from tests.pages.conftest import client_for

pytestmark = pytest.mark.django_db


def exported(client, url_name):
    response = client.get(reverse(url_name), {"export": "xlsx"})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def column(sheet, label) -> int:
    return [c.value for c in sheet[1]].index(label) + 1


def test_the_collective_list_exports_dates_amounts_and_a_vietnamese_sheet(officer, units):
    CollectiveFactory(name="HTX Miến dong", established_on=datetime.date(2018, 3, 5), charter_capital=1_500_000_000)
    sheet = exported(client_for(officer), "cooperatives:collective_list")
    assert sheet.title == "Sổ đăng ký HTX, THT"  # the page's title, not the file's slug
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.auto_filter.ref.endswith("2")  # header and the one row
    founded = sheet.cell(2, column(sheet, "Ngày thành lập"))
    assert founded.value.date() == datetime.date(2018, 3, 5)  # a real date cell (openpyxl reads it back as a datetime)
    assert founded.number_format == "dd/mm/yyyy"
    capital = sheet.cell(2, column(sheet, "Vốn điều lệ (đồng)"))
    assert capital.value == 1_500_000_000
    assert capital.number_format == "#,##0"


def test_stars_export_as_numbers_and_show_as_stars_on_the_page(officer, units):
    OcopRatingFactory(stars=4, decided_on=today() - datetime.timedelta(days=30))
    client = client_for(officer)
    sheet = exported(client, "ocop:product_list")
    stars = sheet.cell(2, column(sheet, "Hạng sao"))
    assert stars.value == 4
    assert stars.data_type == "n"
    assert "4★" in client.get(reverse("ocop:product_list")).content.decode()


def test_sheet_names_keep_within_excel_s_limits():
    from core.tabular import sheet_title

    title = sheet_title("Sản phẩm OCOP: sắp hết hiệu lực [180 ngày]/2025")
    assert len(title) <= 31
    assert not set(title) & set("[]:*?/\\")
    assert title.startswith("Sản phẩm OCOP")
