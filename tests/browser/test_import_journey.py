"""An officer imports a spreadsheet with an error, sees it, fixes it and imports it."""

import re

import pytest
from playwright.sync_api import expect

from cooperatives.models import AnnualReport, Collective
from tests.browser.conftest import login
from tests.imports.helpers import COLLECTIVE_HEADERS, csv_bytes

pytestmark = pytest.mark.browser

GOOD = ["5701000001", "Hợp tác xã Miến dong Húc Động", "Hợp tác xã", "Xã Húc Động", "Nông, lâm, ngư nghiệp",
        "15/03/2018", "1.500.000.000"]
TYPO = ["5701000002", "Hợp tác xã Dầu sở Đồng Văn", "Hợp tác xã", "Xã Đồng Vam", "", "01/06/2019", "250.000.000"]
FIXED = [*TYPO[:3], "Xã Đồng Văn", *TYPO[4:]]


def choose_file(page, name: str, content: bytes) -> None:
    page.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_load_state()


def test_an_officer_imports_a_file_with_an_error_then_the_fixed_file(page, officer_b):
    login(page, "canbo")
    page.get_by_role("link", name="Nhập từ Excel").first.click()
    expect(page.locator("h1")).to_have_text("Nhập dữ liệu từ Excel, CSV")

    # The template downloads from the page.
    section = page.locator("#kind-collectives")
    with page.expect_download() as download:
        section.get_by_role("link", name="Tải tệp mẫu").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # A file with a typo in a commune: the preview names the row, the column and the cause.
    section.get_by_role("link", name="Tải tệp lên").click()
    choose_file(page, "htx.csv", csv_bytes(COLLECTIVE_HEADERS, [GOOD, TYPO]))
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("3")
    expect(errors.first).to_contain_text("Xã / phường / thị trấn")
    expect(errors.first).to_contain_text("Không tìm thấy xã, phường, thị trấn “Xã Đồng Vam”")
    expect(page.get_by_role("alert")).to_contain_text("Chưa có gì được lưu")
    expect(page.locator("#confirm-import")).to_have_count(0)
    # Nothing was saved, not even the good row.
    assert Collective.objects.count() == 0

    # The fixed file: the preview counts what will happen, confirming saves it all.
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    choose_file(page, "htx.csv", csv_bytes(COLLECTIVE_HEADERS, [GOOD, FIXED]))
    expect(page.locator("[data-count=created]")).to_have_text("2")
    expect(page.locator("[data-count=updated]")).to_have_text("0")
    assert Collective.objects.count() == 0
    page.locator("#confirm-import").click()
    expect(page.locator(".messages")).to_contain_text("2 dòng thêm mới")
    assert set(Collective.objects.values_list("registration_code", flat=True)) == {"5701000001", "5701000002"}
    assert Collective.objects.get(registration_code="5701000002").unit.name == "Xã Đồng Văn"

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
