"""The yearly sheet in Chromium, as an officer uses it in January (issue 12): Excel's keys,
a line saved when the officer leaves it, the foot updated in place, a block pasted from a
workbook, the warning before leaving unsaved values, and the fit at 1366 px.

The measurement test enters 20 lines by keyboard and prints keys and seconds per line
(also written to test-results/sheet-entry.json); it asserts the keys, never the time."""

import datetime
import json
import pathlib
import time

import pytest
from playwright.sync_api import expect

from cooperatives.models import AnnualReport
from core.parsing import format_integer
from core.validation import today
from tests.browser.conftest import login
from tests.factories import AnnualReportFactory, CollectiveFactory

pytestmark = pytest.mark.browser

YEAR = today().year - 1
SHEET = "/registry/sheet/"
RESULTS = pathlib.Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(autouse=True)
def patient(page):
    # Every save is a round trip to the live server: give a loaded CI machine its time
    # (waits end as soon as the page is right; nothing here measures time by waiting).
    page.context.set_default_timeout(30_000)
    expect.set_options(timeout=20_000)
    yield
    expect.set_options(timeout=5_000)


def collectives(units, count, *, prefix="Hợp tác xã Thử", kind="htx"):
    # Names sort as created (the sheet orders by commune, then name).
    return [CollectiveFactory(name=f"{prefix} {i:02d}", unit=units["06841"], kind=kind,
                              established_on=datetime.date(2015, 1, 1)) for i in range(count)]


def cell(page, collective, column):
    return page.locator(f"#id_r{collective.pk}-{column}")


def line(page, collective):
    return page.locator(f"#sheet-row-{collective.pk}")


def open_sheet(page, query=""):
    page.goto(page.base_url + SHEET + f"?year={YEAR}" + query)
    expect(page.locator("#sheet")).to_be_visible()


class Keys:
    """The keyboard, counting the keys that move (Tab, Enter, arrows) apart from the characters typed."""

    def __init__(self, page):
        self.page, self.moves, self.typed = page, 0, 0

    def type(self, text):
        self.page.keyboard.type(text)
        self.typed += len(text)

    def press(self, key):
        self.page.keyboard.press(key)
        self.moves += 1


def test_keyboard_only_three_lines_then_the_foot_and_a_reload(page, officer_b, units):
    a, b, c, d = collectives(units, 4)
    AnnualReportFactory(collective=d, year=YEAR, members=5, regular_workers=1, revenue=1_000_000, profit=0)
    login(page, "canbo")
    open_sheet(page)
    expect(page.locator("#total-members")).to_have_text("5")
    expect(page.locator("#sheet-missing")).to_contain_text("Còn 3 tổ chức chưa có báo cáo")
    cell(page, a, "members").focus()  # the officer's first cell; from here on, keys only
    keys = Keys(page)
    # Line A: Tab across, Enter back to the first column one line down (as Excel does).
    for value, key in [("10", "Tab"), ("2", "Tab"), ("1.000.000.000", "Tab"), ("100.000.000", "Enter")]:
        keys.type(value)
        keys.press(key)
    expect(cell(page, b, "members")).to_be_focused()
    expect(line(page, a)).to_have_attribute("data-state", "saved")
    expect(line(page, a).locator(".row-state")).to_have_text("✓ Đã lưu")
    # The foot changed in place, and no stray copy of it appeared under the line.
    expect(page.locator("#total-members")).to_have_text("15")
    expect(page.locator("#sheet tbody tr")).to_have_count(4)
    expect(page.locator("#sheet-totals")).to_contain_text("Tổng cộng: 2/4 tổ chức đã có báo cáo, 2 chưa có")
    expect(page.locator("#sheet-missing")).to_contain_text("Còn 2 tổ chức chưa có báo cáo")

    # Line B: the arrows move down and up the same column; the line says it is not saved yet.
    keys.type("20")
    expect(line(page, b).locator(".row-state")).to_have_text("● Chưa lưu")
    keys.press("ArrowDown")
    expect(cell(page, c, "members")).to_be_focused()
    keys.press("ArrowUp")
    expect(cell(page, b, "members")).to_be_focused()
    expect(cell(page, b, "members")).to_have_value("20")
    for value, key in [("20", "Tab"), ("3", "Tab"), ("2.000.000.000", "Tab"), ("200.000.000", "ArrowDown")]:
        keys.type(value)
        keys.press(key)
    expect(cell(page, c, "profit")).to_be_focused()
    expect(page.locator("#total-members")).to_have_text("35")

    # Line C: Shift+Tab back to its first cell, then across; Enter on to line D.
    for _ in range(3):
        keys.press("Shift+Tab")
    expect(cell(page, c, "members")).to_be_focused()
    for value, key in [("30", "Tab"), ("4", "Tab"), ("3.000.000.000", "Tab"), ("-5.000.000", "Enter")]:
        keys.type(value)
        keys.press(key)
    expect(cell(page, d, "members")).to_be_focused()
    expect(page.locator("#total-members")).to_have_text("65")
    expect(page.locator("#total-revenue")).to_have_text("6.001.000.000")
    expect(page.locator("#sheet-totals")).to_contain_text("4/4 tổ chức đã có báo cáo, 0 chưa có")

    page.reload()
    expect(cell(page, a, "revenue")).to_have_value("1.000.000.000")
    expect(cell(page, b, "members")).to_have_value("20")
    expect(cell(page, c, "profit")).to_have_value("-5.000.000")
    expect(page.locator("#total-members")).to_have_text("65")
    reports = {r.collective_id: r for r in AnnualReport.objects.filter(year=YEAR)}
    assert (reports[a.pk].members, reports[b.pk].regular_workers, reports[c.pk].profit) == (10, 3, -5_000_000)


def paste(page, locator, text):
    """What Ctrl+V delivers: a paste event carrying the workbook's tab-separated text."""
    locator.evaluate("""(el, text) => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
    }""", text)


def test_a_pasted_block_saves_two_lines_and_marks_the_third(page, officer_b, units):
    a, b, c = collectives(units, 3)
    login(page, "canbo")
    open_sheet(page)
    block = ("25\t8\t1.250.000.000\t120.000.000\t4.500.000\r\n"
             "30\t9\t12a\t130.000.000\t4.600.000\r\n"
             "35\t10\t1 350 000 000\t140.000.000\t4.700.000\r\n")
    paste(page, cell(page, a, "members"), block)
    expect(line(page, a)).to_have_attribute("data-state", "saved")
    expect(line(page, c)).to_have_attribute("data-state", "saved")
    expect(line(page, b)).to_have_attribute("data-state", "error")
    expect(line(page, b).locator(".row-state")).to_have_text("✗ Lỗi – chưa lưu")
    expect(page.locator(f"#id_r{b.pk}-revenue_errors")).to_contain_text(
        "Doanh thu (đồng): hãy nhập một số nguyên")
    # The line in error keeps what was pasted, to be corrected in place.
    expect(cell(page, b, "revenue")).to_have_value("12a")
    expect(cell(page, b, "profit")).to_have_value("130.000.000")
    expect(page.locator("#total-members")).to_have_text("60")
    expect(page.locator("#sheet-status")).to_contain_text("Đã dán 3 dòng")
    saved = {r.collective_id: r for r in AnnualReport.objects.filter(year=YEAR)}
    assert set(saved) == {a.pk, c.pk}
    assert saved[c.pk].revenue == 1_350_000_000
    assert saved[a.pk].average_monthly_income == 4_500_000

    # Corrected by hand, the line is saved when the officer leaves it.
    cell(page, b, "revenue").fill("1.300.000.000")
    page.keyboard.press("ArrowDown")
    expect(line(page, b)).to_have_attribute("data-state", "saved")
    expect(page.locator("#total-members")).to_have_text("90")


def test_an_empty_required_cell_is_named_in_vietnamese_in_its_cell(page, officer_b, units):
    (a, b) = collectives(units, 2)
    (tht,) = collectives(units, 1, prefix="Tổ hợp tác Thử", kind="tht")
    login(page, "canbo")
    open_sheet(page)
    expect(line(page, tht).locator("select")).to_have_count(0)
    expect(line(page, a).locator("select")).to_have_count(1)
    cell(page, a, "members").fill("12")
    page.keyboard.press("Enter")  # on to the next line, leaving three required cells empty
    expect(line(page, a)).to_have_attribute("data-state", "error")
    expect(page.locator(f"#id_r{a.pk}-regular_workers_errors")).to_have_text("Hãy nhập “Lao động thường xuyên”.")
    assert not AnnualReport.objects.exists()


def test_leaving_with_an_unsaved_value_asks_first(page, officer_b, units):
    (a,) = collectives(units, 1)
    login(page, "canbo")
    open_sheet(page)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    cell(page, a, "members").click()
    page.keyboard.type("12")
    page.evaluate("window.location.href = '/'")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.startswith(page.base_url + SHEET)
    expect(cell(page, a, "members")).to_have_value("12")


def test_at_1366_the_page_does_not_scroll_sideways_and_amounts_show_whole(page, officer_b, units):
    (a, b) = collectives(units, 2, prefix="Hợp tác xã Dịch vụ nông nghiệp tổng hợp và phát triển nông thôn")
    AnnualReportFactory(collective=a, year=YEAR, members=12_345, revenue=222_180_000_000, profit=-2_218_000_000,
                        average_monthly_income=125_000_000, charter_capital_contributed=99_999_000_000)
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, "canbo")
    open_sheet(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # Every amount is readable in full (no text wider than its box), the save button in view.
    cut = page.evaluate("""Array.from(document.querySelectorAll('#sheet input[type=text]'))
        .filter(i => i.scrollWidth > i.clientWidth).map(i => i.name)""")
    assert cut == []
    scroller = page.locator(".sheet-scroll")
    assert scroller.evaluate("s => s.scrollWidth <= s.clientWidth")
    # The header row stays on top when the sheet scrolls; the first column is frozen.
    assert page.locator("#sheet thead th").first.evaluate("th => getComputedStyle(th).position") == "sticky"
    assert line(page, a).locator("th").evaluate("th => getComputedStyle(th).position") == "sticky"
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_entering_twenty_lines_by_keyboard_measured(page, officer_b, units):
    lines = collectives(units, 21)
    login(page, "canbo")
    open_sheet(page)
    cell(page, lines[0], "members").focus()
    keys = Keys(page)
    started = time.perf_counter()
    for i in range(20):
        values = [str(10 + i), str(i % 7 + 1), *(format_integer(n) for n in (
            (i + 1) * 1_250_000_000, (i + 1) * 120_000_000, 4_500_000, (i + 3) * 100_000_000))]
        for value in values[:-1]:
            keys.type(value)
            keys.press("Tab")
        keys.type(values[-1])
        keys.press("Enter")
    expected_members = sum(10 + i for i in range(20))
    expect(page.locator("#total-members")).to_have_text(format_integer(expected_members))
    expect(page.locator("#sheet-totals")).to_contain_text("20/21 tổ chức đã có báo cáo")
    elapsed = time.perf_counter() - started
    result = {
        "lines": 20,
        "cells_per_line": 6,
        "moving_keys_per_line": keys.moves / 20,
        "keys_per_line_with_typing": (keys.moves + keys.typed) / 20,
        "seconds_per_line": round(elapsed / 20, 3),
        "seconds_total": round(elapsed, 2),
        "note": "Playwright typing at full speed on this machine; the time is of the app's round trips, "
                "not of a person. Keys that move: Tab, Enter.",
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "sheet-entry.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nsheet entry: {result['moving_keys_per_line']:.1f} keys per line to move "
          f"({result['keys_per_line_with_typing']:.1f} with the digits), "
          f"{result['seconds_per_line']:.2f} s per line")
    assert keys.moves / 20 <= 6
    assert AnnualReport.objects.filter(year=YEAR).count() == 20
