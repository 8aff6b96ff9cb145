"""Finding and ordering (issue 12) through every door: the list pages, the API's `search=`
and `ordering=`, the admin, the export, and the empty choice of every select."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role, User
from cooperatives.api.filters import CollectiveFilter
from core.forms import EMPTY_CHOICE
from tests.api.conftest import token_client
from tests.factories import CollectiveFactory, OcopProductFactory, PersonFactory

COLLECTIVES = reverse("cooperatives:collective_list")
PEOPLE = reverse("cooperatives:person_list")
PRODUCTS = reverse("ocop:product_list")
# Created in the order a byte-wise sort gives (main's order before issue 12).
TEA_AND_LIVESTOCK = ["Hợp tác xã Chè vối Lục Hồn", "Hợp tác xã Chè Đồng Tâm", "Hợp tác xã Chăn nuôi Húc Động"]
VIETNAMESE_ORDER = ["Hợp tác xã Chăn nuôi Húc Động", "Hợp tác xã Chè Đồng Tâm", "Hợp tác xã Chè vối Lục Hồn"]


def names(response, column=1):
    return [row["cells"][column]["text"] for row in response.context["rows"]]


@pytest.fixture
def mien_dong(units):
    return {
        "htx": CollectiveFactory(kind="htx", name="Hợp tác xã Miến dong Hoành Mô", unit=units["06841"]),
        "htx2": CollectiveFactory(kind="htx", name="Miến dong Húc Động", unit=units["06859"]),
        "tht": CollectiveFactory(kind="tht", name="Tổ hợp tác Miến dong thôn Sú Cáu", unit=units["06859"]),
        "tea": CollectiveFactory(kind="htx", name="Hợp tác xã Chè Đồng Tâm", unit=units["06844"]),
    }


@pytest.fixture
def tea(units):
    return [CollectiveFactory(name=name) for name in TEA_AND_LIVESTOCK]


# --- Finding ---------------------------------------------------------------------------------


def test_htx_mien_dong_finds_the_mien_dong_cooperatives_on_the_page(officer_client, mien_dong):
    assert names(officer_client.get(COLLECTIVES, {"q": "htx mien dong"})) == [
        "Hợp tác xã Miến dong Hoành Mô", "Miến dong Húc Động"]
    assert names(officer_client.get(COLLECTIVES, {"q": "dong htx MIẾN"})) == [
        "Hợp tác xã Miến dong Hoành Mô", "Miến dong Húc Động"]
    assert names(officer_client.get(COLLECTIVES, {"q": "tht mien dong"})) == ["Tổ hợp tác Miến dong thôn Sú Cáu"]
    assert len(names(officer_client.get(COLLECTIVES, {"q": "mien dong"}))) == 3


def test_htx_mien_dong_finds_the_mien_dong_cooperatives_in_the_api(viewer, mien_dong):
    api = token_client(viewer)
    found = api.get("/api/v1/collectives/", {"search": "htx mien dong"}).json()["results"]
    assert [c["name"] for c in found] == ["Hợp tác xã Miến dong Hoành Mô", "Miến dong Húc Động"]
    assert api.get("/api/v1/collectives/", {"search": "mien hoanh htx"}).json()["count"] == 1
    # Through a relation: the annual reports of the collectives found.
    assert api.get("/api/v1/annual-reports/", {"search": "htx mien dong"}).status_code == 200


def test_the_sheet_and_the_people_find_words_in_any_order(officer_client, mien_dong):
    PersonFactory(full_name="Nông Văn Thắng")
    PersonFactory(full_name="Nông Thị Hoa")
    assert names(officer_client.get(PEOPLE, {"q": "thang nong"}), column=0) == ["Nông Văn Thắng"]
    sheet = officer_client.get(reverse("cooperatives:entry_sheet"), {"year": 2022, "q": "htx mien dong"})
    assert sheet.status_code == 200
    assert "Miến dong Hoành Mô" in sheet.content.decode()
    assert "Sú Cáu" not in sheet.content.decode()


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw-root-2023!", role=Role.ADMIN))
    return client


def test_the_admin_searches_like_the_pages(superuser_client, mien_dong):
    response = superuser_client.get(reverse("admin:cooperatives_collective_changelist"), {"q": "htx mien dong"})
    assert [str(c) for c in response.context["cl"].result_list] == [
        "Hợp tác xã Miến dong Hoành Mô", "Miến dong Húc Động"]
    PersonFactory(full_name="Nông Văn Thắng")
    people = superuser_client.get(reverse("admin:cooperatives_person_changelist"), {"q": "thang nong"})
    assert [str(p) for p in people.context["cl"].result_list] == ["Nông Văn Thắng"]


def test_the_admin_finds_a_person_by_phone_too(superuser_client, units):
    # PersonAdmin.search_fields names the phone, which `search_text` does not hold: the
    # admin's search finds it there, a word at a time, beside the folded names.
    PersonFactory(full_name="Nông Văn Thắng", phone="0912 345 678", unit=units["06841"])
    PersonFactory(full_name="Hoàng Thị Lan", phone="0203 888 111", unit=units["06841"])
    url = reverse("admin:cooperatives_person_changelist")

    def found(q):
        return [str(p) for p in superuser_client.get(url, {"q": q}).context["cl"].result_list]

    assert found("0912") == ["Nông Văn Thắng"]
    assert found("345 678") == ["Nông Văn Thắng"]
    assert found("thang 0912") == ["Nông Văn Thắng"]  # a name and a phone in one search
    assert found("lan 0912") == []
    assert found("thang nong") == ["Nông Văn Thắng"]


# --- Ordering --------------------------------------------------------------------------------


def test_a_list_page_sorts_names_in_vietnamese_order(officer_client, tea):
    assert names(officer_client.get(COLLECTIVES)) == VIETNAMESE_ORDER
    assert names(officer_client.get(COLLECTIVES, {"sort": "-name"})) == VIETNAMESE_ORDER[::-1]
    assert names(officer_client.get(COLLECTIVES, {"q": "hop tac xa"})) == VIETNAMESE_ORDER  # a search too


def test_the_people_and_products_pages_sort_names_in_vietnamese_order(officer_client, tea):
    for name in ["Đỗ Văn An", "Dương Thị Bình", "Âu Văn Cường", "Ân Thị Dung", "Ba Văn Em", "Ăn Văn Giàu"]:
        PersonFactory(full_name=name)
    assert names(officer_client.get(PEOPLE), column=0) == [
        "Ăn Văn Giàu", "Ân Thị Dung", "Âu Văn Cường", "Ba Văn Em", "Dương Thị Bình", "Đỗ Văn An"]
    for name in ["Chè vối", "Chè Đồng Tâm", "Chăn nuôi"]:
        OcopProductFactory(name=name, producer=tea[0])
    assert names(officer_client.get(PRODUCTS), column=0) == ["Chăn nuôi", "Chè Đồng Tâm", "Chè vối"]


def test_the_export_keeps_the_vietnamese_order(officer_client, tea):
    response = officer_client.get(COLLECTIVES, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    column = header.index("Tên")
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == VIETNAMESE_ORDER


def test_the_api_sorts_names_in_vietnamese_order(viewer, tea):
    api = token_client(viewer)
    default = api.get("/api/v1/collectives/").json()["results"]
    assert [c["name"] for c in default] == VIETNAMESE_ORDER
    assert [c["name"] for c in api.get("/api/v1/collectives/", {"ordering": "name"}).json()["results"]] == \
        VIETNAMESE_ORDER
    assert [c["name"] for c in api.get("/api/v1/collectives/", {"ordering": "-name"}).json()["results"]] == \
        VIETNAMESE_ORDER[::-1]
    searched = api.get("/api/v1/collectives/", {"search": "hop tac xa"}).json()["results"]
    assert [c["name"] for c in searched] == VIETNAMESE_ORDER


def test_choice_lists_sort_names_in_vietnamese_order(officer_client, tea):
    form = officer_client.get(reverse("ocop:product_create")).context["form"]
    assert [c.name for c in form.fields["producer"].queryset] == VIETNAMESE_ORDER


# --- The empty choice --------------------------------------------------------------------------


def empty_labels(html: str) -> list[str]:
    return re.findall(r'<option value=""[^>]*>([^<]*)</option>', html)


@pytest.mark.parametrize("page", ["cooperatives:collective_create", "cooperatives:person_create",
                                  "ocop:product_create", "cooperatives:training_create"])
def test_an_empty_choice_reads_chon(officer_client, units, page):
    html = officer_client.get(reverse(page)).content.decode()
    assert "---------" not in html
    assert str(EMPTY_CHOICE) in empty_labels(html)


def test_the_filters_keep_their_own_empty_label(officer_client, units):
    html = officer_client.get(COLLECTIVES).content.decode()
    assert "---------" not in html
    assert set(empty_labels(html)) == {"— tất cả —"}


def test_the_admin_and_the_api_filters_say_chon_too(superuser_client, units):
    html = superuser_client.get(reverse("admin:cooperatives_collective_add")).content.decode()
    assert "---------" not in html
    assert str(EMPTY_CHOICE) in empty_labels(html)
    assert CollectiveFilter().form.fields["kind"].choices[0] == ("", EMPTY_CHOICE)


def test_english_reads_choose(officer_client, units):
    officer_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = officer_client.get(reverse("cooperatives:collective_create")).content.decode()
    assert "— choose —" in empty_labels(html)
