"""The import pages: access, template download, upload → preview → confirm, size limit."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cooperatives.models import AnnualReport, Collective
from imports.models import PendingImport
from imports.services import IMPORTERS
from imports.services.limits import limits
from tests.factories import CollectiveFactory
from tests.imports.helpers import COLLECTIVE_HEADERS, csv_bytes, fill_template, xlsx_bytes
from units.models import AdministrativeUnit

ROWS = [["5701000001", "Hợp tác xã Miến dong", "Hợp tác xã", "Húc Động", "", "15/03/2018", "1.500.000"]]


def upload(client, kind, content, name="file.xlsx"):
    return client.post(reverse("imports:upload", args=[kind]), {"file": SimpleUploadedFile(name, content)})


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("imports:index"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(("name", "args"), [("imports:index", []), ("imports:upload", ["collectives"]),
                                        ("imports:template", ["collectives"])])
def test_a_viewer_is_refused(client, viewer, name, args):
    client.force_login(viewer)
    assert client.get(reverse(name, args=args)).status_code == 403


def test_a_viewer_cannot_post_a_file(client, viewer):
    client.force_login(viewer)
    assert upload(client, "collectives", xlsx_bytes(COLLECTIVE_HEADERS, ROWS)).status_code == 403
    assert PendingImport.objects.count() == 0


def test_upload_preview_and_confirm(client, officer):
    client.force_login(officer)
    response = upload(client, "collectives", xlsx_bytes(COLLECTIVE_HEADERS, ROWS))
    assert response.status_code == 302
    preview_url = response["Location"]

    page = client.get(preview_url)
    assert page.status_code == 200
    assert 'data-count="created">1<' in page.content.decode()
    assert Collective.objects.count() == 0

    done = client.post(preview_url)
    assert done.status_code == 302
    assert Collective.objects.get().name == "Hợp tác xã Miến dong"
    # The file is no longer kept, only that it was imported (a second confirmation is told so).
    assert PendingImport.objects.get().state == "imported"
    assert PendingImport.objects.get().table is None
    assert "1 dòng thêm mới" in client.get(done["Location"]).content.decode()


def test_a_preview_with_errors_shows_each_cell_and_offers_no_confirm(client, officer):
    client.force_login(officer)
    bad = [ROWS[0][:3] + ["Xã Không Có"] + ROWS[0][4:]]
    page = client.get(upload(client, "collectives", csv_bytes(COLLECTIVE_HEADERS, bad), "f.csv")["Location"])
    html = page.content.decode()
    assert "Không tìm thấy xã, phường, thị trấn “Xã Không Có”" in html
    assert "confirm-import" not in html
    assert Collective.objects.count() == 0


def test_a_confirm_that_fails_saves_nothing_and_shows_why(client, officer, units):
    # Given a preview that was clean…
    client.force_login(officer)
    rows = ROWS + [["5701000002", "HTX Thứ hai", "htx", "Hoành Mô", "", "01/01/2019", ""]]
    preview_url = upload(client, "collectives", xlsx_bytes(COLLECTIVE_HEADERS, rows))["Location"]
    assert "confirm-import" in client.get(preview_url).content.decode()
    # …when someone else registers the second code in another district meanwhile
    ha_long = AdministrativeUnit.objects.create(code="06700", name="Phường Hạ Long", level="commune",
                                                parent=units["22"])
    CollectiveFactory(registration_code="5701000002", unit=ha_long)

    response = client.post(preview_url)

    assert response.status_code == 422
    html = response.content.decode()
    assert "không có dữ liệu nào được lưu" in html
    assert "ngoài phạm vi" in html
    assert not Collective.objects.filter(registration_code="5701000001").exists()


def test_another_officer_cannot_use_my_pending_file(client, officer, commune_officer):
    client.force_login(officer)
    preview_url = upload(client, "collectives", xlsx_bytes(COLLECTIVE_HEADERS, ROWS))["Location"]
    client.force_login(commune_officer)
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url).status_code == 404


def test_a_file_over_the_size_limit_is_refused_with_a_message(client, officer):
    client.force_login(officer)
    response = upload(client, "collectives", b"x" * (limits().upload_bytes + 1), "big.csv")
    assert response.status_code == 200
    assert "vượt giới hạn 10 MB" in response.content.decode()
    assert PendingImport.objects.count() == 0


def test_an_unknown_kind_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get(reverse("imports:upload", args=["nothing"])).status_code == 404


FILLED = {
    "collectives": [{"Mã số HTX / mã số thuế": "0101234567", "Tên tổ chức": "Hợp tác xã Dầu sở",
                     "Loại hình": "Hợp tác xã", "Xã / phường / thị trấn": "06841", "Ngày thành lập": "01/02/2015",
                     "Vốn điều lệ (đồng)": "2.000.000.000"}],
    "annual_reports": [{"Mã số HTX / mã số thuế": "0101234567", "Năm": 2023, "Số thành viên": 12,
                        "Doanh thu (đồng)": "1.200.000.000", "Điểm đánh giá": "81", "Gắn với chuỗi giá trị": "Có"}],
    "people": [{"Họ và tên": "Hoàng Văn Minh", "Năm sinh": 1979, "Xã / phường / thị trấn (nơi ở)": "Hoành Mô",
                "Mã số HTX của tổ chức": "0101234567", "Loại thành viên": "Thành viên chính thức",
                "Ngày gia nhập": "01/02/2015", "Chức danh quản lý": "Giám đốc",
                "Ngày bắt đầu giữ chức danh": "01/02/2015"}],
    "ocop": [{"Tên sản phẩm": "Dầu sở Bình Liêu", "Nhóm sản phẩm": "Thực phẩm", "Mã số HTX chủ thể": "0101234567",
              "Ngày tham gia chương trình": "01/01/2020", "Số sao": 3, "Điểm": "68,5",
              "Số quyết định công nhận": "55/QĐ-UBND", "Ngày quyết định": "01/06/2020"}],
}


def test_each_template_downloads_and_imports_cleanly_once_filled(client, officer):
    client.force_login(officer)
    for kind in ["collectives", "annual_reports", "people", "ocop"]:
        response = client.get(reverse("imports:template", args=[kind]))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('.xlsx"')
        workbook = load_workbook(io.BytesIO(response.content))
        assert workbook.sheetnames == [str(IMPORTERS[kind].sheet_name), "Hướng dẫn", "Danh mục", "Danh mục xã"]
        headers = [c.value for c in workbook.worksheets[0][1]]
        assert headers == [str(c.header) for c in IMPORTERS[kind].columns]
        guide = "\n".join(str(c.value) for row in workbook["Hướng dẫn"].iter_rows() for c in row if c.value)
        assert all(str(c.header) in guide for c in IMPORTERS[kind].columns)
        communes = [row[0].value for row in workbook["Danh mục xã"].iter_rows(min_row=2)]
        assert "06841" in communes

        # The empty template is a valid file with nothing in it…
        empty = upload(client, kind, response.content, f"{kind}.xlsx")
        assert "confirm-import" not in client.get(empty["Location"]).content.decode()
        # …and once filled it imports.
        preview_url = upload(client, kind, fill_template(response.content, FILLED[kind]), f"{kind}.xlsx")["Location"]
        page = client.get(preview_url).content.decode()
        assert "confirm-import" in page, page[page.find("import-errors"):][:1500]
        assert client.post(preview_url).status_code == 302

    # The leading zero of the code survived Excel (the column is formatted as text).
    htx = Collective.objects.get(registration_code="0101234567")
    assert AnnualReport.objects.get(collective=htx).classification == "good"
    assert htx.memberships.count() == 1
    assert htx.management_roles.count() == 1
    assert htx.ocop_products.get().ratings.count() == 1
