"""The path issue 5 calls done: an officer who has never seen the app registers a
cooperative, enters its year in the yearly sheet, imports a spreadsheet (first with an
error, which saves nothing), and finds the record by typing its name without accents.
A viewer, meanwhile, sees the same pages with no edit control."""

import datetime

import pytest
from playwright.sync_api import expect

from cooperatives.models import AnnualReport, Collective
from core.validation import today
from tests.browser.conftest import login
from tests.factories import AnnualReportFactory, CollectiveFactory
from tests.imports.helpers import REPORT_HEADERS, xlsx_bytes

pytestmark = pytest.mark.browser


def test_an_officer_registers_enters_the_year_imports_and_finds_a_cooperative(page, officer_b, units):
    # Another collective, so that the search has something to leave out.
    CollectiveFactory(name="Hợp tác xã Dầu sở Đồng Văn", registration_code="5701999999", unit=units["06847"])
    login(page, "canbo")

    # 1. Register an HTX through the form.
    page.get_by_role("link", name="Sổ đăng ký").first.click()
    page.get_by_role("link", name="Thêm mới").click()
    page.locator("#id_kind").select_option(label="Hợp tác xã")
    page.locator("#id_registration_code").fill("5701000123")
    page.locator("#id_name").fill("Hợp tác xã Miến dong Hoành Mô")
    page.locator("#id_unit").select_option(value=str(units["06841"].pk))
    page.locator("#id_established_on").fill("15/03/2015")
    page.locator("#id_charter_capital").fill("1.500.000.000")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã đăng ký “Hợp tác xã Miến dong Hoành Mô”")
    htx = Collective.objects.get(registration_code="5701000123")
    assert htx.charter_capital == 1_500_000_000
    assert htx.established_on == datetime.date(2015, 3, 15)

    # 2. Fill its line in the yearly entry sheet (last year by default), moving with Tab.
    page.get_by_role("link", name="Số liệu hằng năm").first.click()
    row = page.locator(f"#sheet-row-{htx.pk}")
    expect(row).to_contain_text("chưa có báo cáo")
    row.locator(f"#id_r{htx.pk}-members").fill("25")
    for value in ["10", "2.500.000.000", "150.000.000", "6.000.000"]:
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    row.get_by_role("button", name="Lưu").click()
    expect(page.locator(f"#sheet-row-{htx.pk}")).to_contain_text("Đã lưu")
    report = AnnualReport.objects.get(collective=htx, year=today().year - 1)
    assert (report.members, report.regular_workers, report.revenue, report.profit,
            report.average_monthly_income) == (25, 10, 2_500_000_000, 150_000_000, 6_000_000)

    # 3. Import the year before from a spreadsheet: first with a negative revenue.
    earlier = today().year - 2
    bad = [["5701000123", "", earlier, 20, 8, "-1.000.000", "50.000.000", "", "", "Có"]]
    page.get_by_role("link", name="Nhập từ Excel").first.click()
    page.locator("#kind-annual_reports").get_by_role("link", name="Tải tệp lên").click()
    page.locator("input[type=file]").set_input_files(files=[{
        "name": "so-lieu.xlsx", "buffer": xlsx_bytes(REPORT_HEADERS, bad),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.get_by_role("button", name="Tải lên và xem trước").click()
    error = page.locator("table.import-errors tbody tr")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("Doanh thu (đồng)")
    expect(error).to_contain_text("Số tiền không được âm.")
    assert not AnnualReport.objects.filter(collective=htx, year=earlier).exists()

    fixed = [[*bad[0][:5], "1.000.000", *bad[0][6:]]]
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.locator("input[type=file]").set_input_files(files=[{
        "name": "so-lieu.xlsx", "buffer": xlsx_bytes(REPORT_HEADERS, fixed),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.get_by_role("button", name="Tải lên và xem trước").click()
    expect(page.locator("[data-count=created]")).to_have_text("1")
    page.locator("#confirm-import").click()
    expect(page.locator(".messages")).to_contain_text("1 dòng thêm mới")
    assert AnnualReport.objects.get(collective=htx, year=earlier).revenue == 1_000_000

    # 4. Find it by typing its name without accents.
    page.get_by_role("link", name="Sổ đăng ký").first.click()
    page.locator("#id_q").fill("mien dong hoanh mo")
    page.get_by_role("button", name="Lọc").click()
    results = page.locator("table.list tbody")
    expect(results).to_contain_text("Hợp tác xã Miến dong Hoành Mô")
    expect(results).not_to_contain_text("Dầu sở")
    results.get_by_role("link", name="Hợp tác xã Miến dong Hoành Mô").click()
    expect(page.locator("h1")).to_contain_text("Hợp tác xã Miến dong Hoành Mô")


def test_a_viewer_sees_no_edit_controls(page, viewer_b, units):
    htx = CollectiveFactory(name="Hợp tác xã Chè Lục Hồn", unit=units["06856"],
                            established_on=datetime.date(2015, 1, 1))
    AnnualReportFactory(collective=htx, year=today().year - 1)
    login(page, "lanhdao")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    expect(nav.get_by_role("link", name="Nhập từ Excel")).to_have_count(0)

    page.get_by_role("link", name="Sổ đăng ký").first.click()
    expect(page.locator("table.list tbody")).to_contain_text("Hợp tác xã Chè Lục Hồn")
    expect(page.get_by_role("link", name="Thêm mới")).to_have_count(0)

    page.get_by_role("link", name="Hợp tác xã Chè Lục Hồn").click()
    expect(page.locator("h1")).to_contain_text("Hợp tác xã Chè Lục Hồn")
    main = page.locator("main")
    for label in ["Sửa thông tin", "Giải thể", "Tạm ngừng hoạt động", "Thêm báo cáo năm", "Thêm thành viên", "Sửa"]:
        expect(main.get_by_role("link", name=label, exact=True)).to_have_count(0)
    expect(main.locator("form[method=post]")).to_have_count(0)

    page.get_by_role("link", name="Số liệu hằng năm").first.click()
    expect(page.locator(f"#sheet-row-{htx.pk}")).to_be_visible()
    expect(page.locator("#sheet input, #sheet select, #sheet button")).to_have_count(0)

    # A direct URL to an edit page answers 403.
    assert page.goto(f"{page.base_url}/registry/{htx.pk}/edit/").status == 403
    assert page.goto(f"{page.base_url}/registry/new/").status == 403
