"""The people picker in a real browser (issue 12): typed without accents it finds both
"Nông Văn Thắng" and shows them apart (birth year, commune, collective); the officer
chooses one and saves the membership; a person not yet in the register is added from the
same form. Screenshots at 1366×768 and 390×844 go to test-results/pickers/."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from cooperatives.models import Membership, Person
from tests.browser.conftest import login
from tests.factories import CollectiveFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "pickers"


@pytest.fixture(autouse=True)
def patient(page):
    # The first pages of a session fetch every static file from the test server: on a busy
    # machine that can pass the context's 10 s.
    page.set_default_navigation_timeout(60_000)


@pytest.fixture
def namesakes(units):
    elder = PersonFactory(full_name="Nông Văn Thắng", birth_year=1965, unit=units["06847"])
    MembershipFactory(person=elder, collective=CollectiveFactory(name="Hợp tác xã Dầu sở Đồng Văn",
                                                                 unit=units["06847"]))
    younger = PersonFactory(full_name="Nông Văn Thắng", birth_year=1982, unit=units["06856"])
    return elder, younger


def test_the_picker_finds_namesakes_without_accents_and_saves_the_chosen_one(page, officer_b, units, namesakes):
    _elder, younger = namesakes
    htx = CollectiveFactory(name="Hợp tác xã Miến dong Hoành Mô", unit=units["06841"])
    login(page, "canbo")
    page.goto(f"{page.base_url}/registry/{htx.pk}/members/new/")
    box = page.get_by_role("combobox", name="Thành viên", exact=True)
    box.click()
    box.press_sequentially("Nong Van Thang", delay=30)
    options = page.locator(".ts-dropdown .option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("sinh 1965 · Xã Đồng Văn · Hợp tác xã Dầu sở Đồng Văn")
    expect(options.nth(1)).to_contain_text("sinh 1982 · Xã Lục Hồn")
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 768), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"member-form-{width}.png"))
    options.nth(1).click()
    page.locator("#id_joined_on").fill("01/03/2021")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm thành viên.")
    assert Membership.objects.get(collective=htx).person == younger


def test_a_new_person_is_added_from_the_manager_form(page, officer_b, units):
    htx = CollectiveFactory(name="Hợp tác xã Miến dong Hoành Mô", unit=units["06841"])
    login(page, "canbo")
    page.goto(f"{page.base_url}/registry/{htx.pk}/managers/new/")
    page.locator("#id_role").select_option(label="Giám đốc")
    page.locator("#id_started_on").fill("01/01/2022")
    page.locator("#id_education").select_option(label="Cao đẳng")
    page.get_by_text("Người chưa có trong danh sách? Thêm người mới").click()
    page.get_by_label("Họ và tên người mới").fill("Lương Văn Quản")
    page.get_by_label("Năm sinh").fill("1975")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm cán bộ quản lý.")
    person = Person.objects.get(full_name="Lương Văn Quản")
    assert (person.education, person.unit, person.management_roles.get().collective) == (
        "college", units["06841"], htx)
