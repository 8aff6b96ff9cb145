"""core.tabular, the one writer of workbooks and CSVs: formula-like text stays text,
numbers stay numbers, control characters never reach openpyxl."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.tabular import Formatted, csv_bytes, new_workbook, workbook_bytes, workbook_to_bytes, write_cell

FORMULA_LIKE = ['=HYPERLINK("http://example.invalid/","Xem")', "+84 912 345 678", "-2+3", "@SUM(A1)",
                "\tcmd", "\r=1+1"]


def read_back(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # Excel reads the Vietnamese letters as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_is_a_quoted_string_cell_in_xlsx(text):
    sheet = read_back(workbook_bytes(["Tên"], [[text]]))
    cell = sheet["A2"]
    assert cell.data_type == "s"
    assert cell.value == text
    assert cell.quotePrefix  # stays text even when a reader edits the cell


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_like_text_gets_an_apostrophe_in_csv(text):
    assert read_csv(csv_bytes(["Tên"], [[text]]))[1] == ["'" + text]


def test_other_text_is_written_as_it_is_and_never_as_an_excel_error():
    sheet = read_back(workbook_bytes(["a", "b"], [["#N/A", "Hợp tác xã Miến dong"]]))
    assert [(c.data_type, c.value, bool(c.quotePrefix)) for c in sheet[2]] == [
        ("s", "#N/A", False), ("s", "Hợp tác xã Miến dong", False)]
    assert read_csv(csv_bytes(["a"], [["Hợp tác xã Miến dong"]]))[1] == ["Hợp tác xã Miến dong"]


def test_numbers_dates_and_booleans_keep_their_type():
    row = [-15_000, Decimal("0.25"), 1.5, datetime.date(2023, 12, 31), True, None,
           Formatted(Decimal("-0.125"), "0.0%")]
    sheet = read_back(workbook_bytes(list("abcdefg"), [row]))
    cells = sheet[2]
    assert [c.data_type for c in cells[:5]] == ["n", "n", "n", "d", "b"]
    assert cells[0].value == -15_000
    assert not cells[0].quotePrefix
    assert cells[3].value.date() == datetime.date(2023, 12, 31)
    assert cells[5].value is None
    assert cells[6].value == pytest.approx(-0.125)
    assert cells[6].number_format == "0.0%"
    assert read_csv(csv_bytes(["a", "b"], [[-15_000, Decimal("-0.5")]]))[1] == ["-15000", "-0.5"]


def test_control_characters_of_older_records_are_dropped_not_a_500():
    dirty = "HTX\x00\x01\x08\x0b\x1f\x7f\x85\x9f\ud800 Miến dong"
    sheet = read_back(workbook_bytes(["Tên\x01"], [[dirty, "dòng 1\ndòng 2\ttab"]], title="Sổ\x01/2023"))
    assert sheet["A1"].value == "Tên"
    assert sheet["A2"].value == "HTX Miến dong"
    assert sheet["B2"].value == "dòng 1\ndòng 2\ttab"  # line breaks and tabs are text, not controls
    assert sheet.title == "Sổ-2023"
    assert read_csv(csv_bytes(["Tên"], [[dirty]]))[1] == ["HTX Miến dong"]


def test_a_cell_written_alone_is_as_safe_as_a_row():
    workbook = new_workbook()
    write_cell(workbook.active, 3, 2, "=1+1\x01")
    cell = read_back(workbook_to_bytes(workbook))["B3"]
    assert cell.data_type == "s"
    assert cell.value == "=1+1"
    assert cell.quotePrefix
