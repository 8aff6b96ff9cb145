"""At a phone's 390×844 no page of the navigation scrolls sideways (wide tables scroll in
their own box); the menu is collapsed behind its toggle and opens and closes with it; the skip
link is the first stop of the keyboard and leads to the page's content."""

import pytest
from playwright.sync_api import expect

from demo.dataset import load_demo
from tests.browser.conftest import login
from tests.browser.navigation import LOGINS, pages_for

pytestmark = pytest.mark.browser

WIDTH = 390


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": WIDTH, "height": 844})
    return page


def test_no_page_of_the_navigation_scrolls_sideways_at_390_px(page, transactional_db):
    load_demo()
    page.set_default_timeout(60_000)  # some 70 pages, several heavy: a loaded machine is no failure
    wide = []
    for role in ("officer", "viewer", "admin"):
        page.set_viewport_size({"width": 1280, "height": 900})  # the log-in checks the log-out button
        login(page, *LOGINS[role])
        page.set_viewport_size({"width": WIDTH, "height": 844})
        for path in pages_for(role):
            page.goto(page.base_url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > WIDTH:
                wide.append(f"{role} {path}: {width} px")
        page.context.clear_cookies()
    assert not wide, "\n".join(wide)


def test_the_menu_is_collapsed_and_opens_with_its_toggle(phone, transactional_db, officer_b):
    login_on_phone(phone)
    toggle = phone.get_by_role("button", name="Danh mục")
    menu = phone.get_by_role("navigation", name="Điều hướng chính")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    assert phone.locator("header").bounding_box()["height"] < 120  # not the 350 px of a spread-out menu
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Sổ đăng ký")).to_be_visible()
    phone.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    expect(toggle).to_be_focused()


def test_the_skip_link_is_the_first_key_stop_and_leads_to_the_content(phone, transactional_db, officer_b):
    login_on_phone(phone)
    phone.goto(phone.base_url + "/registry/")
    skip = phone.get_by_role("link", name="Chuyển đến nội dung chính")
    expect(skip).not_to_be_in_viewport()
    phone.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    phone.keyboard.press("Enter")
    expect(phone.locator("main#main")).to_be_focused()


def test_a_wide_menu_shows_without_a_toggle(page, transactional_db, officer_b):
    login(page, "canbo")
    expect(page.get_by_role("button", name="Danh mục")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_visible()


def login_on_phone(page):
    """The log-in page has no menu to open: the conftest's log-in, whose check of the log-out
    button needs the menu open on a phone."""
    page.goto(page.base_url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("Mat-khau-thu-2023!")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
