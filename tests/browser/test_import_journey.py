"""An officer imports a spreadsheet with an error, sees it, fixes it and imports it."""

import io
import os
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from cooperatives.models import AnnualReport, Collective
from tests.browser.conftest import login
from tests.imports.helpers import COLLECTIVE_HEADERS, csv_bytes

pytestmark = pytest.mark.browser

GOOD = ["5701000001", "Hợp tác xã Miến dong Húc Động", "Hợp tác xã", "Xã Húc Động", "Nông, lâm, ngư nghiệp",
        "15/03/2018", "1.500.000.000"]
TYPO = ["5701000002", "Hợp tác xã Dầu sở Đồng Văn", "Hợp tác xã", "Xã Đồng Vam", "", "01/06/2019", "250.000.000"]
FIXED = [*TYPO[:3], "Xã Đồng Văn", *TYPO[4:]]


# Where the screenshots of the preview go, to look at (COOPREG_SCREENSHOTS=/some/dir).
SHOTS = os.environ.get("COOPREG_SCREENSHOTS")


def choose_file(page, name: str, content: bytes) -> None:
    page.locator("input[type=file]").set_input_files(files=[{"name": name, "mimeType": "application/octet-stream",
                                                             "buffer": content}])
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_load_state()


def shoot(page, name: str) -> None:
    if not SHOTS:
        return
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=False)
    page.set_viewport_size({"width": 1366, "height": 768})


def test_an_officer_imports_a_file_with_an_error_then_the_fixed_file(page, officer_b):
    login(page, "canbo")
    page.get_by_role("link", name="Nhập từ Excel").first.click()
    expect(page.locator("h1")).to_have_text("Nhập dữ liệu từ Excel, CSV")

    # The template downloads from the page.
    section = page.locator("#kind-collectives")
    with page.expect_download() as download:
        section.get_by_role("link", name="Tải tệp mẫu").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # A file with a typo in a commune: the preview names the cell (D3, as Excel shows it),
    # the row, the column and the cause.
    section.get_by_role("link", name="Tải tệp lên").click()
    choose_file(page, "htx.csv", csv_bytes(COLLECTIVE_HEADERS, [GOOD, TYPO]))
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first.locator("td.cell-ref")).to_have_text("D3")
    expect(errors.first).to_contain_text("3")
    expect(errors.first).to_contain_text("Xã / phường / thị trấn")
    expect(errors.first).to_contain_text("Không tìm thấy xã, phường, thị trấn “Xã Đồng Vam”")
    expect(page.get_by_role("alert")).to_contain_text("Chưa có gì được lưu")
    expect(page.locator("#confirm-import")).to_have_count(0)
    # The good row is listed with what it would add once the file is fixed.
    expect(page.locator("table.import-planned tbody tr")).to_have_count(1)
    expect(page.locator("table.import-planned")).to_contain_text("Hợp tác xã Miến dong Húc Động")
    shoot(page, "import-preview-errors")
    # Nothing was saved, not even the good row.
    assert Collective.objects.count() == 0

    # The officer takes the file back with its errors, fixes the red cell in Excel…
    with page.expect_download() as download:
        page.locator("#error-file").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))  # the path has no .xlsx
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == [*COLLECTIVE_HEADERS, "Lỗi"]
    assert sheet.cell(row=3, column=len(COLLECTIVE_HEADERS) + 1).value.startswith("D3 – ")
    sheet["D3"] = "Xã Đồng Văn"
    fixed = io.BytesIO()
    workbook.save(fixed)

    # …and uploads that same file: the preview lists both rows it will add.
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    choose_file(page, "htx-loi.xlsx", fixed.getvalue())
    expect(page.locator("[data-count=created]")).to_have_text("2")
    expect(page.locator("[data-count=updated]")).to_have_text("0")
    expect(page.locator("table.import-planned tbody tr")).to_have_count(2)
    shoot(page, "import-preview-ok")
    assert Collective.objects.count() == 0
    page.locator("#confirm-import").click()
    expect(page.locator(".messages")).to_contain_text("2 dòng thêm mới")
    assert set(Collective.objects.values_list("registration_code", flat=True)) == {"5701000001", "5701000002"}
    assert Collective.objects.get(registration_code="5701000002").unit.name == "Xã Đồng Văn"
    shoot(page, "import-done")

    # The done page links to what it wrote.
    page.locator("table.import-planned").get_by_role("link", name="Hợp tác xã Dầu sở Đồng Văn").click()
    expect(page.locator("h1")).to_contain_text("Hợp tác xã Dầu sở Đồng Văn")

    # The same file again changes nothing, and the page says so.
    page.goto(page.base_url + "/imports/collectives/")
    choose_file(page, "htx.csv", csv_bytes(COLLECTIVE_HEADERS, [GOOD, FIXED]))
    expect(page.locator("[data-count=unchanged]")).to_have_text("2")
    expect(page.locator("body")).to_contain_text("không có gì mới")
    assert AnnualReport.objects.count() == 0
    assert re.search(r"/imports/preview/", page.url)


def test_a_viewer_has_no_import_link_and_is_refused(page, viewer_b):
    login(page, "lanhdao")
    expect(page.get_by_role("link", name="Nhập từ Excel")).to_have_count(0)
    response = page.goto(page.base_url + "/imports/")
    assert response.status == 403
