"""Every door reads numbers and dates the same way (core.parsing): page forms, the yearly
sheet, the plan editor and the importer accept the same spellings and refuse the same."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cooperatives.models import AnnualReport, Collective
from imports.services import import_file
from imports.services.cells import CellError, parse_date, parse_decimal, parse_int
from reports.forms import TargetForm
from tests.imports.helpers import COLLECTIVE_HEADERS, xlsx_bytes
from tests.pages.test_collective_pages import collective_data
from tests.pages.test_sheet import HTMX, row_data, row_url


def test_a_page_form_reads_what_the_importer_reads(officer_client, units):
    # US grouping with two commas, a day with dots, a Unicode minus: refused by the pages before.
    response = officer_client.post(reverse("cooperatives:collective_create"), collective_data(
        units, charter_capital="1,500,000,000", established_on="5.3.2019"))
    assert response.status_code == 302
    collective = Collective.objects.get(registration_code="5701999001")
    assert collective.charter_capital == 1_500_000_000
    assert collective.established_on == datetime.date(2019, 3, 5)


def test_the_importer_reads_a_unicode_minus_as_the_pages_do():
    assert parse_int("\u22121.500.000") == -1_500_000  # refused by the importer before
    assert parse_decimal("\u22120,5") == Decimal("-0.5")


def test_the_sheet_reads_the_same_numbers(officer_client, collective):
    data = row_data(collective, revenue="1\u00a0250\u00a0000\u00a0000", profit="\u221215.000")
    response = officer_client.post(row_url(collective), data, **HTMX)
    assert response.status_code == 200
    report = AnnualReport.objects.get(collective=collective, year=2023)
    assert (report.revenue, report.profit) == (1_250_000_000, -15_000)


def test_the_sheet_refuses_an_ambiguous_number_naming_the_cell(officer_client, collective):
    response = officer_client.post(row_url(collective), row_data(collective, members="12,000"), **HTMX)
    assert "Số thành viên: “12,000” có hai cách hiểu, 12.000 hay 12" in response.content.decode()
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("low, expected", [("0,05", Decimal("0.05")), ("1.500.000", Decimal(1500000)),
                                           ("0.05", Decimal("0.05"))])
def test_the_plan_editor_reads_targets_the_vietnamese_way(db, low, expected):
    form = TargetForm({"position": "1", "indicator": "htx_new", "comparator": "at_least", "low": low})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["low"] == expected


def test_the_plan_editor_shows_targets_back_as_it_reads_them():
    form = TargetForm(initial={"low": Decimal("0.050000"), "high": Decimal("1500000.000000")})
    assert 'value="0,05"' in str(form["low"]) and 'value="1.500.000"' in str(form["high"])


@pytest.mark.parametrize("day", ["01/01/0001", "01/01/9999"])
def test_a_page_refuses_a_day_outside_the_bounds_naming_the_field(officer_client, units, day):
    response = officer_client.post(reverse("cooperatives:collective_create"),
                                   collective_data(units, established_on=day))
    assert response.context["form"].errors["established_on"] == [
        "Ngày thành lập: ngày phải trong khoảng 01/01/1900–31/12/2100."]
    assert not Collective.objects.exists()


@pytest.mark.parametrize("day, shown", [("01/01/0001", "01/01/0001"), ("01/01/9999", "01/01/9999"),
                                       (datetime.datetime(1, 1, 1), "01/01/0001")])  # noqa: DTZ001 (an Excel cell)
def test_the_importer_refuses_a_day_outside_the_bounds_in_its_column(officer, day, shown):
    with pytest.raises(CellError):
        parse_date(day)
    rows = [["5701000001", "HTX Ngày Lạ", "htx", "Hoành Mô", "", day, ""]]
    result = import_file("collectives", actor=officer, content=xlsx_bytes(COLLECTIVE_HEADERS, rows),
                         filename="f.xlsx", commit=True)
    [issue] = result.issues
    assert issue.column == "Ngày thành lập"
    assert issue.message == f"“{shown}”: ngày phải trong khoảng 01/01/1900–31/12/2100."
    assert not Collective.objects.exists()
