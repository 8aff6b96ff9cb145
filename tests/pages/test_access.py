"""Who may see and change what on the pages: log-in, roles, scope."""

import pytest
from django.urls import reverse

from cooperatives.models import Collective
from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    OcopRatingFactory,
    PersonFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)

READ_URLS = [
    ("cooperatives:collective_list", None), ("cooperatives:person_list", None),
    ("cooperatives:entry_sheet", None), ("cooperatives:training_list", None),
    ("cooperatives:event_list", None), ("ocop:product_list", None), ("ocop:lapsing", None),
    ("statistics:statistic_list", None), ("cooperatives:collective_detail", "collective"),
]
WRITE_URLS = [
    ("cooperatives:collective_create", None), ("cooperatives:collective_edit", "collective"),
    ("cooperatives:collective_suspend", "collective"), ("cooperatives:collective_resume", "collective"),
    ("cooperatives:collective_dissolve", "collective"), ("cooperatives:annual_report_create", "collective"),
    ("cooperatives:membership_create", "collective"), ("cooperatives:role_create", "collective"),
    ("cooperatives:person_create", None), ("cooperatives:training_create", None),
    ("cooperatives:event_create", None), ("ocop:product_create", None), ("ocop:rating_create", "product"),
    ("statistics:statistic_create", None), ("cooperatives:entry_sheet_row", "collective"),
]


@pytest.fixture
def objects(collective):
    return {"collective": collective, "product": OcopRatingFactory(product__producer=collective).product}


def url_for(name, arg, objects):
    return reverse(name, args=[objects[arg].pk] if arg else [])


@pytest.mark.parametrize(("name", "arg"), READ_URLS + WRITE_URLS)
def test_anonymous_users_are_sent_to_the_login_page(client, objects, name, arg):
    url = url_for(name, arg, objects)
    response = client.get(url) if (name, arg) != ("cooperatives:entry_sheet_row", "collective") else client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_the_login_page_is_in_vietnamese(client):
    html = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in html
    assert "Mật khẩu" in html


@pytest.mark.parametrize(("name", "arg"), WRITE_URLS)
def test_viewer_gets_403_on_edit_urls_and_posts(viewer_client, objects, name, arg):
    url = url_for(name, arg, objects)
    if name != "cooperatives:entry_sheet_row":
        assert viewer_client.get(url).status_code == 403
    assert viewer_client.post(url, {"name": "x"}).status_code == 403


def test_viewer_pages_have_no_edit_controls(viewer_client, objects, collective):
    AnnualReportFactory(collective=collective, year=2023)
    pages = [reverse(name, args=[objects[arg].pk] if arg else []) for name, arg in READ_URLS]
    pages.append(reverse("ocop:product_detail", args=[objects["product"].pk]))
    for url in pages:
        html = viewer_client.get(url).content.decode()
        main = html.split('<main id="main"')[1]
        assert "/edit/" not in main, url
        assert "/new/" not in main, url
        assert 'method="post"' not in main, url
        for label in ("Thêm mới", "Sửa thông tin", "Giải thể", "Tạm ngừng hoạt động</a>", "Ghi nhận quyết định"):
            assert label not in main, (url, label)


def test_officer_sees_edit_controls(officer_client, objects, collective):
    html = officer_client.get(reverse("cooperatives:collective_detail", args=[collective.pk])).content.decode()
    for url in ("collective_edit", "collective_suspend", "collective_dissolve", "annual_report_create"):
        assert reverse(f"cooperatives:{url}", args=[collective.pk]) in html
    assert reverse("cooperatives:collective_create") in officer_client.get(
        reverse("cooperatives:collective_list")).content.decode()


def test_viewer_post_to_edit_changes_nothing(viewer_client, collective, units):
    viewer_client.post(reverse("cooperatives:collective_edit", args=[collective.pk]),
                       {"name": "Bị sửa", "kind": "htx", "unit": units["06841"].pk, "sector": "agriculture",
                        "established_on": "01/01/2019", "charter_capital": "0", "version": collective.version})
    collective.refresh_from_db()
    assert collective.name != "Bị sửa"


def test_commune_officer_gets_404_outside_their_commune(commune_client, units):
    elsewhere = CollectiveFactory(unit=units["06856"])
    person = PersonFactory(unit=units["06856"])
    course = TrainingCourseFactory(unit=units["06856"])
    product = OcopRatingFactory(product__producer=elsewhere).product
    report = AnnualReportFactory(collective=elsewhere, year=2022)
    statistic = UnitStatisticFactory()  # recorded for the district, above a commune officer
    for url in [
        reverse("cooperatives:collective_detail", args=[elsewhere.pk]),
        reverse("cooperatives:collective_edit", args=[elsewhere.pk]),
        reverse("cooperatives:collective_dissolve", args=[elsewhere.pk]),
        reverse("cooperatives:annual_report_edit", args=[report.pk]),
        reverse("cooperatives:person_detail", args=[person.pk]),
        reverse("cooperatives:person_edit", args=[person.pk]),
        reverse("cooperatives:training_detail", args=[course.pk]),
        reverse("ocop:product_detail", args=[product.pk]),
        reverse("ocop:rating_create", args=[product.pk]),
        reverse("statistics:statistic_edit", args=[statistic.pk]),
    ]:
        assert commune_client.get(url).status_code == 404, url
        if "/edit/" in url or "/new/" in url or "dissolve" in url:
            assert commune_client.post(url, {}).status_code == 404, url


def test_commune_officer_sees_only_their_commune_in_lists(commune_client, units):
    mine = CollectiveFactory(name="Hợp tác xã Hoành Mô Xanh", unit=units["06841"])
    CollectiveFactory(name="Hợp tác xã Lục Hồn Vàng", unit=units["06856"])
    response = commune_client.get(reverse("cooperatives:collective_list"))
    names = [row["cells"][1]["text"] for row in response.context["rows"]]
    assert names == [mine.name]
    sheet = commune_client.get(reverse("cooperatives:entry_sheet"), {"year": 2023})
    assert [row["collective"] for row in sheet.context["rows"]] == [mine]


def test_officer_cannot_move_a_record_out_of_scope(commune_client, units, commune_officer):
    mine = CollectiveFactory(unit=units["06841"])
    response = commune_client.post(reverse("cooperatives:collective_edit", args=[mine.pk]), {
        "name": mine.name, "kind": "htx", "registration_code": mine.registration_code,
        "unit": units["06856"].pk, "sector": "agriculture", "established_on": "01/03/2018",
        "charter_capital": "0", "version": mine.version})
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert Collective.objects.get(pk=mine.pk).unit == units["06841"]


def test_admin_sees_everything(admin_client_, units):
    CollectiveFactory(unit=units["N-TIENYEN"], name="HTX Tiên Yên")
    CollectiveFactory(unit=units["06841"], name="HTX Hoành Mô")
    response = admin_client_.get(reverse("cooperatives:collective_list"))
    assert len(response.context["rows"]) == 2
    assert reverse("cooperatives:collective_create") in response.content.decode()


@pytest.mark.parametrize(("name", "arg"), READ_URLS)
def test_any_post_from_a_viewer_is_403_even_to_read_pages(viewer_client, officer_client, objects, name, arg):
    url = url_for(name, arg, objects)
    assert viewer_client.post(url).status_code == 403
    assert officer_client.post(url).status_code == 405
