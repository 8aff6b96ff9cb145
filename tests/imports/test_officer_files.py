"""Import as officers expect (issue 12): drop-downs in the template, bad cells named as Excel
names them (F7), the file back with a "Lỗi" column, the rows a preview will write, the done
page's links, and files that cannot be read said so instead of "0 rows"."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from cooperatives.models import Collective
from imports.models import PendingImport
from imports.services import IMPORTERS
from imports.services.cells import ChoiceReader
from imports.services.collectives import CollectiveImporter
from imports.services.workbook import template_bytes
from tests.factories import CollectiveFactory
from tests.imports.helpers import COLLECTIVE_HEADERS, csv_bytes, fill_template

HTX = "Tổ chức kinh tế tập thể"


def upload(client, kind, content, name="file.xlsx"):
    return client.post(reverse("imports:upload", args=[kind]), {"file": SimpleUploadedFile(name, content)})


def template(client, kind="collectives") -> bytes:
    return client.get(reverse("imports:template", args=[kind])).content


def good_row(n: int, **changes) -> dict:
    row = {"Mã số HTX / mã số thuế": f"57010000{n:02d}", "Tên tổ chức": f"Hợp tác xã số {n}",
           "Loại hình": "Hợp tác xã", "Xã / phường / thị trấn": "Xã Hoành Mô (06841)",
           "Ngày thành lập": "15/03/2018", "Vốn điều lệ (đồng)": "1.500.000"}
    row.update(changes)
    return row


def preview_of(client, content, name="htx.xlsx", kind="collectives"):
    response = upload(client, kind, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"], client.get(response["Location"])


# --- the template ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_the_template_has_a_drop_down_in_every_coded_column(client, officer, kind):
    client.force_login(officer)
    importer = IMPORTERS[kind](officer)
    workbook = load_workbook(io.BytesIO(template(client, kind)))
    data = workbook[str(importer.sheet_name)]
    lists = workbook["Danh mục"]

    validations = {}
    for validation in data.data_validations.dataValidation:
        (cells,) = str(validation.sqref).split()
        validations[cells.split(":")[0].rstrip("0123456789")] = validation
    coded = {get_column_letter(i): c for i, c in enumerate(importer.columns, start=1) if c.choices(importer)}
    assert coded, "every kind has a coded column"
    assert set(validations) == set(coded)
    for letter, column in coded.items():
        validation = validations[letter]
        assert validation.type == "list"
        assert str(validation.sqref) == f"{letter}2:{letter}2001"
        # The list is a range of the "Danh mục" sheet holding exactly the column's choices.
        sheet, cells = validation.formula1.split("!")
        assert sheet == "'Danh mục'"
        first, last = cells.replace("$", "").split(":")
        listed = [row[0].value for row in lists[f"{first}:{last}"]]
        assert listed == column.choices(importer)
        assert lists[f"{first[0]}1"].value == str(column.header)


def test_the_drop_downs_hold_labels_and_the_communes_of_the_scope(client, officer):
    client.force_login(officer)
    workbook = load_workbook(io.BytesIO(template(client)))
    lists = {column[0].value: [c.value for c in column[1:] if c.value is not None]
             for column in workbook["Danh mục"].iter_cols()}
    assert lists["Loại hình"] == ["Hợp tác xã", "Tổ hợp tác", "Liên hiệp hợp tác xã"]
    assert "Xã Hoành Mô (06841)" in lists["Xã / phường / thị trấn"]
    assert "Nông, lâm, ngư nghiệp" in lists["Lĩnh vực"]  # a comma inside a label: a range, not an inline list


def test_sheet_names_are_vietnamese_in_full_and_the_guide_shows_no_codes(client, officer):
    client.force_login(officer)
    for kind, importer_class in IMPORTERS.items():
        workbook = load_workbook(io.BytesIO(template(client, kind)))
        assert workbook.sheetnames[0] == str(importer_class.sheet_name)
        assert len(workbook.sheetnames[0]) <= 31
        guide = "\n".join(str(c.value) for row in workbook["Hướng dẫn"].iter_rows() for c in row if c.value)
        for column in importer_class.columns:
            assert str(column.header) in guide
            if isinstance(column.kind, ChoiceReader):
                for code, label in column.kind.choices:
                    assert str(label) in guide
                    assert f"({code})" not in guide, (kind, code)
                    if "_" in code:
                        assert code not in guide, (kind, code)


def test_a_template_filled_from_its_drop_downs_imports(client, officer):
    client.force_login(officer)
    content = fill_template(template(client), [good_row(1, **{"Lĩnh vực": "Nông, lâm, ngư nghiệp"})])
    url, page = preview_of(client, content)
    assert "confirm-import" in page.content.decode()
    client.post(url)
    collective = Collective.objects.get()
    assert (collective.unit.code, collective.kind, collective.sector) == ("06841", "htx", "agriculture")


# --- the preview names cells ------------------------------------------------------------------


def test_a_preview_names_a_bad_cell_as_excel_does(client, officer):
    client.force_login(officer)
    # Rows 2 to 7 of the real template; the founding date (column F of the template) of row 7 is wrong.
    rows = [good_row(n) for n in range(1, 6)] + [good_row(6, **{"Ngày thành lập": "31/02/2018"})]
    _url, page = preview_of(client, fill_template(template(client), rows))
    html = page.content.decode()
    assert '<td class="cell-ref">F7</td>' in html
    assert "Ngày thành lập" in html
    result_issue = PendingImport.objects.get().result
    assert result_issue is not None
    assert COLLECTIVE_HEADERS[5] == "Ngày thành lập"  # the column F of the template


def test_a_title_row_above_the_headers_keeps_the_addresses_right(client, officer):
    client.force_login(officer)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH HTX NĂM 2023"])
    sheet.append([])
    sheet.append(["Ghi chú"] + COLLECTIVE_HEADERS)  # headers on row 3, from column B
    sheet.append(["", "5701000001", "HTX A", "Hợp tác xã", "Xã Không Có", "", "15/03/2018", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _url, page = preview_of(client, buffer.getvalue())
    html = page.content.decode()
    assert '<td class="cell-ref">E4</td>' in html
    assert "Không tìm thấy xã, phường, thị trấn “Xã Không Có”" in html


# --- the file back with its errors ------------------------------------------------------------


def test_the_error_file_reopens_with_the_officers_rows_and_a_loi_column(client, officer, django_assert_num_queries):
    client.force_login(officer)
    rows = [good_row(1, **{"Tên tổ chức": "@HTX số 1"}), good_row(2),
            good_row(3, **{"Xã / phường / thị trấn": "Xã Không Có"})]
    url, page = preview_of(client, fill_template(template(client), rows))
    error_url = reverse("imports:error_file", args=[PendingImport.objects.get().token])
    assert error_url in page.content.decode()

    # session, the user with their unit (accounts.backends), the waiting file, every unit (the
    # communes' drop-down) and the officer's scope (3: the units under the scope's unit, the
    # successions of each)
    with django_assert_num_queries(7):
        response = client.get(error_url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "htx-loi.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook[HTX]
    headers = [c.value for c in sheet[1]]
    assert headers == [str(c.header) for c in CollectiveImporter.columns] + ["Lỗi"]
    error = len(headers)
    assert sheet.cell(row=2, column=error).value is None
    assert sheet.cell(row=3, column=error).value is None
    assert sheet.cell(row=4, column=error).value.startswith("D4 – Xã / phường / thị trấn: Không tìm thấy")
    assert sheet["D4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "Không tìm thấy" in sheet["D4"].comment.text
    assert sheet["D3"].fill.fgColor.rgb != sheet["D4"].fill.fgColor.rgb
    # The officer's text that looks like a formula comes back as text, never a formula.
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].quotePrefix
    assert sheet["B2"].value == "@HTX số 1"
    # The drop-downs come along.
    assert any("D" in str(v.sqref) for v in sheet.data_validations.dataValidation)

    # Fixed in Excel and uploaded as it is: the "Lỗi" column is not read, nor listed as ignored.
    sheet["D4"] = "06841"
    buffer = io.BytesIO()
    workbook.save(buffer)
    url, page = preview_of(client, buffer.getvalue(), "htx-loi.xlsx")
    html = page.content.decode()
    assert "confirm-import" in html
    assert "bỏ qua" not in html
    assert client.post(url).status_code == 302
    assert Collective.objects.count() == 3


def test_no_error_file_for_a_file_that_could_not_be_read(client, officer):
    client.force_login(officer)
    _url, page = preview_of(client, b"not a zip", "htx.xlsx")
    assert "error-file" not in page.content.decode()
    token = PendingImport.objects.get().token
    assert client.get(reverse("imports:error_file", args=[token])).status_code == 404


def test_another_officer_cannot_download_my_error_file(client, officer, commune_officer):
    client.force_login(officer)
    preview_of(client, csv_bytes(COLLECTIVE_HEADERS, [["", "X", "htx", "Không Có", "", "01/01/2020", ""]]), "a.csv")
    client.force_login(commune_officer)
    assert client.get(reverse("imports:error_file", args=[PendingImport.objects.get().token])).status_code == 404


# --- the rows a preview will write, and the done page ---------------------------------------


def test_the_preview_lists_the_rows_it_adds_or_changes(client, officer, units, django_assert_num_queries):
    client.force_login(officer)
    CollectiveFactory(registration_code="5701000001", name="Hợp tác xã số 1", unit=units["06841"],
                      charter_capital=1_000_000)
    rows = [["5701000001", "Hợp tác xã số 1", "Hợp tác xã", "06841", "", "15/03/2018", "2.000.000"],
            ["5701000002", "Hợp tác xã số 2", "Hợp tác xã", "06841", "", "15/03/2018", ""]]
    response = upload(client, "collectives", csv_bytes(COLLECTIVE_HEADERS, rows), "htx.csv")
    client.get(response["Location"])  # runs the preview once, then keeps it
    # session, the user with their unit (the page header; accounts.backends), the waiting file
    # with its kept result
    with django_assert_num_queries(3):
        page = client.get(response["Location"])
    html = page.content.decode()
    table = html[html.index('class="import-planned"'):]
    assert 'data-row="2"' in table
    assert 'data-row="3"' in table
    assert "Cập nhật" in table
    assert "Thêm mới" in table
    assert "Vốn điều lệ (đồng): 1.000.000 → 2.000.000" in table
    assert "Hợp tác xã số 2" in table


def test_a_big_file_lists_its_rows_a_page_at_a_time(client, officer):
    client.force_login(officer)
    rows = [[f"5701{n:06d}", f"HTX {n}", "htx", "06841", "", "01/01/2019", ""] for n in range(150)]
    url = upload(client, "collectives", csv_bytes(COLLECTIVE_HEADERS, rows), "many.csv")["Location"]
    first = client.get(url).content.decode()
    assert first.count("<tr data-row=") == 100
    assert "Dòng 1–100 trong 150" in first
    second = client.get(url + "?page=2").content.decode()
    assert second.count("<tr data-row=") == 50


def test_the_done_page_links_to_the_records_written(client, officer, units, django_assert_num_queries):
    client.force_login(officer)
    existing = CollectiveFactory(registration_code="5701000001", name="Hợp tác xã số 1", unit=units["06841"],
                                 charter_capital=1_000_000)
    rows = [["5701000001", "Hợp tác xã số 1", "Hợp tác xã", "06841", "", "15/03/2018", "2.000.000"],
            ["5701000002", "Hợp tác xã số 2", "Hợp tác xã", "06841", "", "15/03/2018", ""]]
    url = upload(client, "collectives", csv_bytes(COLLECTIVE_HEADERS, rows), "htx.csv")["Location"]
    client.get(url)
    done = client.post(url)
    assert done.status_code == 302
    created = Collective.objects.get(registration_code="5701000002")
    # session, the user with their unit (accounts.backends), the imported file's result (the
    # message is read from the session)
    with django_assert_num_queries(3):
        page = client.get(done["Location"])
    html = page.content.decode()
    for collective in (existing, created):
        assert f'href="{reverse("cooperatives:collective_detail", args=[collective.pk])}"' in html
    assert 'data-count="created">1<' in html
    assert 'data-count="updated">1<' in html


def test_the_done_page_of_people_and_reports_links_their_pages(client, officer, units):
    client.force_login(officer)
    htx = CollectiveFactory(registration_code="5701000001", unit=units["06841"])
    people = [{"Họ và tên": "Hoàng Văn Minh", "Năm sinh": 1979, "Xã / phường / thị trấn (nơi ở)": "06841",
               "Mã số HTX của tổ chức": "5701000001", "Loại thành viên": "Thành viên chính thức",
               "Ngày gia nhập": "01/02/2015"}]
    url, _page = preview_of(client, fill_template(template(client, "people"), people), "tv.xlsx", "people")
    html = client.get(client.post(url)["Location"]).content.decode()
    person = htx.memberships.get().person
    assert f'href="{reverse("cooperatives:person_detail", args=[person.pk])}"' in html
    assert "Tư cách thành viên: thêm mới" in html

    reports = [{"Mã số HTX / mã số thuế": "5701000001", "Năm": 2023, "Số thành viên": 12}]
    url, _page = preview_of(client, fill_template(template(client, "annual_reports"), reports), "bc.xlsx",
                            "annual_reports")
    html = client.get(client.post(url)["Location"]).content.decode()
    assert f'href="{reverse("cooperatives:collective_detail", args=[htx.pk])}"' in html
    assert f"{htx.name}, năm 2023" in html


def test_another_officer_cannot_see_my_done_page(client, officer, commune_officer):
    client.force_login(officer)
    rows = [["5701000001", "HTX", "htx", "06841", "", "01/01/2019", ""]]
    url = upload(client, "collectives", csv_bytes(COLLECTIVE_HEADERS, rows), "a.csv")["Location"]
    done = client.post(url)["Location"]
    client.force_login(commune_officer)
    assert client.get(done).status_code == 404


# --- files that cannot be read say so --------------------------------------------------------


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(client, content, name="htx.xlsx", kind="collectives") -> str:
    response = upload(client, kind, content, name)
    if response.status_code == 200:  # refused by the upload form itself
        return response.content.decode()
    html = client.get(response["Location"]).content.decode()
    assert "confirm-import" not in html
    # Said to be unreadable, not a file of "0 rows".
    assert "Không đọc được tệp “" in html
    assert "0 dòng dữ liệu" not in html
    return html


def test_an_old_excel_file_says_to_save_it_as_xlsx(client, officer):
    client.force_login(officer)
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    for name in ("htx.xls", "htx.xlsx"):
        assert "Đây là tệp Excel đời cũ (.xls, Excel 97–2003)" in refusal(client, ole2, name)


def test_a_corrupt_file_says_it_cannot_be_read(client, officer):
    client.force_login(officer)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    for content in (b"PK\x03\x04 truncated", buffer.getvalue()):
        assert "Không đọc được tệp Excel này" in refusal(client, content)


def test_a_sheet_without_the_header_row_says_so(client, officer):
    client.force_login(officer)
    html = refusal(client, xlsx({"Sheet1": [["Danh sách"], ["HTX A", "Hoành Mô"], ["HTX B", "Húc Động"]]}))
    assert "Không tìm thấy dòng tiêu đề cột" in html
    assert "trang “Sheet1”" in html


def test_another_kinds_template_says_which_it_is(client, officer):
    client.force_login(officer)
    people = fill_template(template(client, "people"), [{"Họ và tên": "Hoàng Văn Minh"}])
    html = refusal(client, people)
    assert "Tệp này theo mẫu “Thành viên, cán bộ quản lý”, không phải mẫu “Tổ chức kinh tế tập thể (HTX, THT)”" in html


def test_an_empty_template_says_there_are_no_rows(client, officer):
    client.force_login(officer)
    html = refusal(client, template(client))
    assert "Không có dòng dữ liệu nào dưới dòng tiêu đề (dòng 1, trang “Tổ chức kinh tế tập thể”)" in html


def test_the_data_sheet_is_found_by_name_wherever_it_is(client, officer):
    client.force_login(officer)
    content = xlsx({"Ghi chú": [["Tệp của xã Hoành Mô"]],
                    HTX: [COLLECTIVE_HEADERS, ["5701000001", "HTX A", "htx", "06841", "", "01/01/2019", ""]]})
    response = upload(client, "collectives", content)
    html = client.get(response["Location"]).content.decode()
    assert 'data-count="created">1<' in html


def test_a_template_downloaded_in_english_imports_from_its_named_sheet(client, officer):
    with translation.override("en"):
        content = template_bytes(CollectiveImporter(officer))
        headers = {c.key: str(c.header) for c in CollectiveImporter.columns}
    workbook = load_workbook(io.BytesIO(content))
    data = workbook.worksheets[0]
    assert len(data.title) <= 31
    # The officer moves the data sheet after a sheet of notes that has no header row.
    workbook.move_sheet(data, offset=len(workbook.sheetnames) - 1)
    notes = workbook.create_sheet("Notes", 0)
    notes.append(["Collectives of Hoành Mô"])
    for column, value in zip(("registration_code", "name", "kind", "unit", "established_on"),
                             ("5701000001", "HTX A", "Cooperative", "06841", "01/01/2019"), strict=True):
        data.cell(row=2, column=[c.key for c in CollectiveImporter.columns].index(column) + 1, value=value)
    assert headers["name"] == data["B1"].value
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(officer)
    html = client.get(upload(client, "collectives", buffer.getvalue())["Location"]).content.decode()
    assert 'data-count="created">1<' in html
