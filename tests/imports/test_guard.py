"""Hostile .xlsx files (imports/services/guard.py): each is refused with a message naming the
limit and the file's figure, before the part that would hurt is parsed; none answers 500.
The files are built small with zipfile (tests/imports/hostile.py) against small limits;
bench/import_bombs.py builds them full size."""

import tracemalloc

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperatives.models import Collective
from imports.services import import_file
from tests.imports import hostile
from tests.imports.helpers import COLLECTIVE_HEADERS

GOOD = ["5701000001", "Hợp tác xã Miến dong", "Hợp tác xã", "Húc Động", "", "15/03/2018", "1.500.000"]
HEAD = hostile.headers_row(COLLECTIVE_HEADERS)


def good_rows(count: int = 1) -> str:
    return "".join(hostile.row(n, [f"57010{n:05d}", f"HTX số {n}", *GOOD[2:]]) for n in range(2, count + 2))


def run(officer, content: bytes):
    return import_file("collectives", actor=officer, content=content, filename="bomb.xlsx", commit=True)


def refusal(result) -> str:
    assert not result.committed
    assert Collective.objects.count() == 0
    assert len(result.issues) == 1, result.issues
    return result.issues[0].message


def test_openpyxl_itself_parses_through_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_well_formed_file_passes_every_check(officer):
    result = run(officer, hostile.xlsx(hostile.sheet(HEAD + good_rows(3), dimension="A1:G4")))
    assert result.ok, result.issues
    assert result.created == 3, result.issues


def test_a_huge_cell_is_refused_from_the_zip_directory_without_unzipping_it(officer, settings):
    settings.IMPORT_LIMITS = {"UNCOMPRESSED_BYTES": 1024 * 1024}
    cell = "A" * (8 * 1024 * 1024)
    content = hostile.xlsx(hostile.sheet([HEAD, '<row r="2"><c r="B2" t="inlineStr"><is><t>', cell,
                                          "</t></is></c></row>"]))
    del cell
    assert len(content) < 100_000

    tracemalloc.start()
    try:
        result = run(officer, content)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert refusal(result).startswith("Giải nén ra, tệp chiếm 8,0 MB, vượt giới hạn 1 MB.")
    assert peak < 2 * 1024 * 1024  # the 8 MB cell was never unzipped


def test_a_part_compressed_beyond_the_ratio_is_refused(officer):
    spaces = '<row r="2"' + " " * (3 * 1024 * 1024) + "/>"  # 3 MB of XML, 3 KB zipped
    message = refusal(run(officer, hostile.xlsx(hostile.sheet([HEAD, spaces]))))
    assert message.startswith("Phần “xl/worksheets/sheet1.xml” của tệp nén tới ")
    assert "lần, vượt giới hạn 100 lần" in message


@pytest.mark.parametrize(("dimension", "expected"), [
    ("A1:G1048576", "khai báo vùng dữ liệu A1:G1048576, tức 1.048.576 dòng, vượt giới hạn 20.000 dòng"),
    ("A1:XFD3", "khai báo vùng dữ liệu A1:XFD3, tức 16.384 cột, vượt giới hạn 60 cột"),
    ("1:30000", "tức 30.000 dòng"),  # LibreOffice writes rows only
])
def test_a_declared_dimension_past_the_limits_is_refused(officer, dimension, expected):
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(HEAD + good_rows(2), dimension=dimension))))
    assert expected in message


def test_blank_rows_past_the_row_limit_are_refused_whatever_the_dimension_says(officer, settings):
    settings.IMPORT_LIMITS = {"ROWS": 100}
    # The shape of the 20-million-blank-rows bomb: the dimension lies, the rows are empty.
    blank = "".join(f'<row r="{n}"/>' for n in range(3, 150))
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(HEAD + good_rows(1) + blank, dimension="A1:G2"))))
    assert message.startswith("Trang tính có tới dòng 101, vượt giới hạn 100 dòng")


def test_a_single_far_row_is_refused_before_openpyxl_fills_the_gap(officer):
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(HEAD + '<row r="1048576"/>'))))
    assert "dòng 1.048.576, vượt giới hạn 20.000 dòng" in message


def test_a_cell_past_the_column_limit_is_refused_naming_its_row_and_column(officer):
    result = run(officer, hostile.xlsx(hostile.sheet(HEAD + '<row r="2"><c r="BZ2"><v>1</v></c></row>')))
    assert refusal(result) == "Dòng 2 có ô ở cột BZ, vượt giới hạn 60 cột. Hãy xoá các cột thừa bên phải dữ liệu " \
                              "rồi lưu lại."
    assert result.issues[0].row == 2


def test_many_cells_claiming_the_same_column_are_counted_as_cells(officer):
    same = "".join('<c r="A2"><v>1</v></c>' for _ in range(61))
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(f'{HEAD}<row r="2">{same}</row>'))))
    assert "vượt giới hạn 60 cột" in message


def test_cells_past_the_cell_limit_are_refused(officer, settings):
    settings.IMPORT_LIMITS = {"CELLS": 20}
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(HEAD + good_rows(3)))))
    assert message == "Trang tính có hơn 20 ô, vượt giới hạn; hãy chia thành nhiều tệp."


def test_shared_strings_past_the_cell_limit_are_refused(officer, settings):
    settings.IMPORT_LIMITS = {"CELLS": 100}
    strings = hostile.shared_strings((f"chuỗi {n}" for n in range(101)), 101)
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(HEAD), strings=strings)))
    assert message == "Tệp có hơn 100 chuỗi văn bản dùng chung, nhiều hơn số ô cho phép; hãy chia thành nhiều tệp."


def test_a_stylesheet_bigger_than_any_real_one_is_refused(officer, monkeypatch):
    monkeypatch.setattr("imports.services.guard.MAX_OTHER_ELEMENTS", 200)
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * 300
    styles = hostile.STYLES.replace('<cellXfs count="1">', f'<cellXfs count="301">{xfs}').encode()
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(HEAD + good_rows(1)), styles=styles)))
    assert message.startswith("Phần “xl/styles.xml” của tệp có hơn 200 phần tử XML")


def test_a_row_of_a_thousand_elements_is_refused(officer):
    runs = "<r><t>a</t></r>" * 500
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(
        f'{HEAD}<row r="2"><c r="B2" t="inlineStr"><is>{runs}</is></c></row>'))))
    assert "có hơn 1.000 phần tử XML" in message


def test_a_cell_longer_than_excel_allows_is_refused_naming_it(officer):
    result = run(officer, hostile.xlsx(hostile.sheet(HEAD + hostile.row(2, ["5701000001", "x" * 40_000]))))
    assert refusal(result) == "Ô B2 dài hơn 32.767 ký tự, giới hạn của một ô Excel."
    assert (result.issues[0].row, result.issues[0].column) == (2, "B")


@pytest.mark.parametrize("value", ["NaN", "sNaN", "1E999", "-1e400", "Infinity", "1" * 50])
def test_a_number_cell_that_is_not_a_finite_number_names_its_cell(officer, value):
    result = run(officer, hostile.xlsx(hostile.sheet(HEAD + f'<row r="2"><c r="G2"><v>{value}</v></c></row>')))
    message = refusal(result)
    assert message.startswith("Ô G2 được lưu là số nhưng chứa “")
    assert (result.issues[0].row, result.issues[0].column) == (2, "G")


def test_an_external_entity_is_refused_and_never_resolved(officer):
    head = hostile.with_dtd("worksheet", hostile.EXTERNAL_ENTITY)
    body = HEAD + '<row r="2"><c r="B2" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(body, head=head))))
    assert message.startswith("Phần “xl/worksheets/sheet1.xml” của tệp có khai báo DTD hoặc thực thể XML")


def test_a_billion_laughs_in_the_shared_strings_is_refused(officer):
    strings = (hostile.with_dtd("sst", hostile.BILLION_LAUGHS)
               + f'<sst xmlns="{hostile.MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>').encode()
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(HEAD), strings=strings)))
    assert message.startswith("Phần “xl/sharedStrings.xml” của tệp có khai báo DTD")


def test_a_bare_doctype_is_refused_too(officer):
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(HEAD, head=hostile.XML_HEAD + "<!DOCTYPE worksheet>"))))
    assert "khai báo DTD" in message


@pytest.mark.parametrize("damage", ["truncated", "nul byte", "nul reference"])
def test_sheet_xml_that_is_not_well_formed_is_a_corrupt_file(officer, damage):
    xml = b"".join(hostile.sheet(HEAD + good_rows(3)))
    xml = {"truncated": xml[: len(xml) // 2],
           "nul byte": xml.replace(b"HTX s\xe1\xbb\x91 2", b"HTX\x00 2"),
           "nul reference": xml.replace(b"HTX s\xe1\xbb\x91 2", b"HTX&#0; 2")}[damage]
    message = refusal(run(officer, hostile.xlsx(xml)))
    assert message.startswith("Tệp Excel bị hỏng: phần “xl/worksheets/sheet1.xml” của tệp không đọc được")


def test_a_damaged_zip_stream_is_a_corrupt_file(officer):
    content = bytearray(hostile.xlsx(hostile.sheet(HEAD + good_rows(50))))
    start = content.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 40
    content[start:start + 20] = bytes(20)  # inside the compressed sheet: bad deflate or bad CRC
    message = refusal(run(officer, bytes(content)))
    assert "bị hỏng" in message or "Không đọc được tệp Excel" in message


def test_a_shared_string_that_does_not_exist_names_the_row(officer):
    result = run(officer, hostile.xlsx(hostile.sheet(HEAD + '<row r="2"><c r="B2" t="s"><v>7</v></c></row>')))
    assert refusal(result).startswith("Tệp Excel có ô không đọc được ở dòng 2")


def test_thousands_of_parts_are_refused(officer):
    extra = {f"xl/media/empty{n}.bin": b"" for n in range(1001)}
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(HEAD), extra=extra)))
    assert message.startswith("Tệp gồm 1.008 phần nén, vượt giới hạn 1.000")


def test_reading_stops_when_the_time_limit_is_spent(officer, monkeypatch):
    clock = iter(range(0, 10_000, 31))  # every look at the clock is 31 s later
    monkeypatch.setattr("imports.services.limits.time.monotonic", lambda: next(clock))
    message = refusal(run(officer, hostile.xlsx(hostile.sheet(HEAD + good_rows(3)))))
    assert message.startswith("Đọc tệp mất hơn 30 giây")


def test_excel_legacy_drawings_that_are_not_well_formed_are_tolerated(officer):
    vml = b'<xml xmlns:v="urn:schemas-microsoft-com:vml"><x:ClientData><br></x:ClientData></xml>'
    result = run(officer, hostile.xlsx(hostile.sheet(HEAD + good_rows(1)),
                                       extra={"xl/drawings/vmlDrawing1.vml": vml}))
    assert result.ok, result.issues


BOMBS = {
    "huge cell": lambda: hostile.xlsx(hostile.sheet([HEAD, '<row r="2"><c r="B2" t="inlineStr"><is><t>',
                                                     "A" * (60 * 1024 * 1024), "</t></is></c></row>"])),
    "blank rows": lambda: hostile.xlsx(hostile.sheet(HEAD + '<row r="2"/>' * 150_000)),
    "billion laughs": lambda: hostile.xlsx(hostile.sheet(
        HEAD + '<row r="2"><c r="B2" t="inlineStr"><is><t>&lol9;</t></is></c></row>',
        head=hostile.with_dtd("worksheet", hostile.BILLION_LAUGHS))),
    "NaN": lambda: hostile.xlsx(hostile.sheet(HEAD + '<row r="2"><c r="G2"><v>NaN</v></c></row>')),
    "truncated": lambda: hostile.xlsx(b"".join(hostile.sheet(HEAD + good_rows(3)))[:300]),
    "not a zip": lambda: b"PK\x03\x04 not really",
}


@pytest.mark.parametrize("bomb", BOMBS)
def test_the_pages_answer_a_hostile_file_with_a_message(client, officer, bomb):
    client.force_login(officer)
    response = client.post(reverse("imports:upload", args=["collectives"]),
                           {"file": SimpleUploadedFile("bomb.xlsx", BOMBS[bomb]())})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    # Said to be unreadable, with why.
    assert 'id="unreadable"' in page.content.decode()
    assert "confirm-import" not in page.content.decode()
    assert client.post(response["Location"]).status_code == 422
    assert Collective.objects.count() == 0
