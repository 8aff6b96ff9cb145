"""Cells no column accepts (imports/services/engine.py, base.Column.parse): control
characters, numbers that are not finite, numbers no parser foresaw, text over Excel's limit.
Each is an error next to its cell, never a 500 and never stored."""

import datetime

import pytest

from cooperatives.models import AnnualReport, Collective
from imports.services import import_file
from ocop.models import OcopProduct
from tests.factories import CollectiveFactory
from tests.imports.helpers import COLLECTIVE_HEADERS, REPORT_HEADERS, csv_bytes, xlsx_bytes

GOOD = ["5701000001", "Hợp tác xã Miến dong", "Hợp tác xã", "Húc Động", "", "15/03/2018", "1.500.000"]


def cells(result) -> dict:
    return {(i.row, i.column): i for i in result.issues}


# XML 1.0 cannot hold C0 controls: an .xlsx with one is a corrupt file (test_guard.py).
@pytest.mark.parametrize(("filename", "character"), [
    *(("file.csv", c) for c in ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"]),
    *(("file.xlsx", c) for c in ["\x7f", "\x85", "\x9b"]),
])
def test_a_control_character_in_a_cell_is_refused_naming_row_and_column(officer, filename, character):
    rows = [GOOD, ["5701000002", f"HTX{character}Hai", *GOOD[2:]]]
    content = (csv_bytes if filename.endswith(".csv") else xlsx_bytes)(COLLECTIVE_HEADERS, rows)

    result = import_file("collectives", actor=officer, content=content, filename=filename, commit=True)

    issue = cells(result)[(3, "Tên tổ chức")]
    assert issue.message == (f"Ô này chứa ký tự điều khiển không in được (U+{ord(character):04X}); hãy xoá ký tự "
                             "đó rồi gõ lại ô.")
    assert issue.value == "HTX\ufffdHai"  # shown, not sent raw to the page
    assert len(result.issues) == 1
    assert Collective.objects.count() == 0


def test_tabs_and_line_breaks_are_whitespace_not_control_characters(officer):
    rows = [[GOOD[0], "Hợp tác xã\tMiến dong\r\nHúc Động", *GOOD[2:]]]
    result = import_file("collectives", actor=officer, content=csv_bytes(COLLECTIVE_HEADERS, rows),
                         filename="file.csv", commit=True)
    assert result.ok, result.issues
    assert Collective.objects.get().name == "Hợp tác xã Miến dong Húc Động"


@pytest.mark.parametrize("score", ["NaN", "sNaN", "-nan", "Infinity", "-inf"])
def test_a_score_that_is_not_a_finite_number_names_its_cell(officer, score):
    CollectiveFactory(registration_code="5701000001", established_on=datetime.date(2015, 1, 1))
    rows = [["5701000001", "", 2022, 25, 12, "5.000", "0", "", score, ""]]

    result = import_file("annual_reports", actor=officer, content=csv_bytes(REPORT_HEADERS, rows),
                         filename="file.csv", commit=True)

    # The one reading of numbers (core.parsing) does not take NaN or infinity for a number.
    assert cells(result)[(2, "Điểm đánh giá")].message == f"“{score}”: hãy nhập một số, ví dụ 85,5."
    assert AnnualReport.objects.count() == 0


def test_an_ocop_score_of_nan_names_its_cell(officer):
    CollectiveFactory(registration_code="5701000001", established_on=datetime.date(2015, 1, 1))
    headers = ["Tên sản phẩm", "Nhóm sản phẩm", "Mã số HTX chủ thể", "Ngày tham gia chương trình", "Số sao", "Điểm",
               "Số quyết định công nhận", "Ngày quyết định"]
    rows = [["Miến dong", "Thực phẩm", "5701000001", "01/06/2019", 3, "sNaN", "12/QĐ-UBND", "15/09/2019"]]

    result = import_file("ocop", actor=officer, content=csv_bytes(headers, rows), filename="f.csv", commit=True)

    assert cells(result)[(2, "Điểm")].message == "“sNaN”: hãy nhập một số, ví dụ 85,5."
    assert OcopProduct.objects.count() == 0


def test_a_number_of_thousands_of_digits_is_a_cell_error(officer):
    rows = [[*GOOD[:6], "9" * 5000]]
    result = import_file("collectives", actor=officer, content=csv_bytes(COLLECTIVE_HEADERS, rows),
                         filename="file.csv", commit=True)
    issue = cells(result)[(2, "Vốn điều lệ (đồng)")]
    assert issue.message.startswith("“" + "9" * 40 + "…”: ")  # quoted no longer than a number can be
    assert issue.value == "9" * 200 + "…"  # quoted short


def test_text_over_excels_cell_limit_is_refused(officer):
    rows = [[GOOD[0], "H" * 40_000, *GOOD[2:]]]
    result = import_file("collectives", actor=officer, content=csv_bytes(COLLECTIVE_HEADERS, rows),
                         filename="file.csv", commit=True)
    assert cells(result)[(2, "Tên tổ chức")].message == "Ô này dài 40.000 ký tự, vượt giới hạn 32.767 ký tự của một ô Excel."
