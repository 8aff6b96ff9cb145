"""A file between upload and confirmation (imports/services/pending.py, the preview page):
read once, previewed once, confirmed once, and never over an edit made since the preview."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.services import scoped_update
from cooperatives.models import Collective, Person
from imports.models import PendingImport
from imports.services import pending as pending_files
from tests.factories import CollectiveFactory
from tests.imports.helpers import COLLECTIVE_HEADERS, csv_bytes, xlsx_bytes

ROWS = [["5701000001", "Hợp tác xã Miến dong", "Hợp tác xã", "Húc Động", "", "15/03/2018", "1.500.000"],
        [None, "Tổ hợp tác Mật ong", "THT", "Lục Hồn", "", "10/01/2020", None]]


def upload(client, content: bytes, kind: str = "collectives", name: str = "file.xlsx") -> str:
    response = client.post(reverse("imports:upload", args=[kind]), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    return response["Location"]


def followed_messages(client, response) -> str:
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_reloading_the_preview_neither_reads_the_file_nor_runs_the_import_again(
        client, officer, monkeypatch, django_assert_num_queries):
    client.force_login(officer)
    preview_url = upload(client, xlsx_bytes(COLLECTIVE_HEADERS, ROWS))
    first = client.get(preview_url).content.decode()
    assert 'data-count="created">2<' in first

    def refuse(*args, **kwargs):
        raise AssertionError("the file was read again")

    monkeypatch.setattr("openpyxl.reader.excel.ExcelReader.read", refuse)
    # The session, the user with their unit (the page header; accounts.backends), the waiting
    # file with its kept preview: no import runs.
    with django_assert_num_queries(3):
        again = client.get(preview_url)
    assert again.status_code == 200
    assert 'data-count="created">2<' in again.content.decode()


def test_preview_again_runs_the_import_against_the_data_as_it_is_now(client, officer):
    client.force_login(officer)
    rows = [["5709999999", "", 2023, 10, 2, "1.000", "0", "", "", ""]]
    headers = ["Mã số HTX / mã số thuế", "Tên tổ chức", "Năm", "Số thành viên", "Lao động thường xuyên",
               "Doanh thu (đồng)", "Lợi nhuận (đồng)", "Xếp loại", "Điểm đánh giá", "Gắn với chuỗi giá trị"]
    preview_url = upload(client, csv_bytes(headers, rows), kind="annual_reports", name="f.csv")
    assert "Không tìm thấy tổ chức có mã số 5709999999" in client.get(preview_url).content.decode()
    # Once the collective is registered, the kept preview still says what it found…
    CollectiveFactory(registration_code="5709999999", established_on=datetime.date(2015, 1, 1))
    assert "Không tìm thấy tổ chức" in client.get(preview_url).content.decode()
    # …until the officer asks for a new one.
    page = client.post(preview_url, {"again": "1"}).content.decode()
    assert "confirm-import" in page
    assert 'data-count="created">1<' in page


def test_a_second_confirmation_is_told_the_file_was_imported_and_writes_nothing(client, officer):
    client.force_login(officer)
    preview_url = upload(client, xlsx_bytes(COLLECTIVE_HEADERS, ROWS))
    client.get(preview_url)
    assert "Đã nhập tệp" in followed_messages(client, client.post(preview_url))

    second = followed_messages(client, client.post(preview_url))

    assert "Tệp “file.xlsx” đã được nhập rồi; lần xác nhận này không nhập lại." in second
    assert Collective.objects.count() == 2
    assert Collective.history.count() == 2
    # A reload of the preview after the import says the same.
    assert "đã được nhập rồi" in followed_messages(client, client.get(preview_url))


def test_a_file_that_could_not_be_read_cannot_be_confirmed(client, officer):
    client.force_login(officer)
    preview_url = upload(client, b"not a zip", name="bad.xlsx")
    response = client.post(preview_url)
    assert response.status_code == 422
    assert "Không đọc được tệp Excel này" in response.content.decode()
    assert PendingImport.objects.get().state == "waiting"


def test_a_record_edited_since_the_preview_is_not_overwritten(client, officer, district):
    htx = CollectiveFactory(registration_code="5701000001", name="Hợp tác xã Miến dong", charter_capital=1000,
                            established_on=datetime.date(2018, 3, 15))
    client.force_login(officer)
    preview_url = upload(client, xlsx_bytes(COLLECTIVE_HEADERS, ROWS))
    assert 'data-count="updated">1<' in client.get(preview_url).content.decode()
    # Someone raises the capital meanwhile, on the collective's page.
    scoped_update(htx, actor=officer, changes={"charter_capital": 2_000_000}, expected_version=htx.version)

    response = client.post(preview_url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Chưa có gì được nhập: từ lúc bạn xem trước, người khác đã sửa bản ghi" in page
    htx.refresh_from_db()
    assert htx.charter_capital == 2_000_000
    assert htx.version == 2
    assert not Collective.objects.filter(kind="tht").exists()
    # The page is the new preview; confirming it now imports the file over the edit it has shown.
    assert "confirm-import" in page
    assert "Đã nhập tệp" in followed_messages(client, client.post(preview_url))
    htx.refresh_from_db()
    assert htx.charter_capital == 1_500_000
    assert Collective.objects.count() == 2


def test_a_record_unchanged_at_preview_but_edited_since_is_not_overwritten(client, officer, units):
    htx = CollectiveFactory(registration_code="5701000001", name="Hợp tác xã Miến dong", charter_capital=1_500_000,
                            established_on=datetime.date(2018, 3, 15), unit=units["06859"])
    client.force_login(officer)
    preview_url = upload(client, xlsx_bytes(COLLECTIVE_HEADERS, ROWS[:1]))
    assert 'data-count="unchanged">1<' in client.get(preview_url).content.decode()
    scoped_update(htx, actor=officer, changes={"charter_capital": 9_000_000}, expected_version=htx.version)

    response = client.post(preview_url)

    assert "Chưa có gì được nhập" in response.content.decode()
    htx.refresh_from_db()
    assert htx.charter_capital == 9_000_000


def test_a_person_the_file_names_twice_is_not_taken_for_an_edit_made_since(client, officer):
    # Row 2 creates the person, row 3 adds her phone: the run's own change, not someone else's.
    CollectiveFactory(registration_code="5701000001", established_on=datetime.date(2015, 1, 1))
    headers = ["Họ và tên", "Năm sinh", "Xã / phường / thị trấn (nơi ở)", "Điện thoại", "Mã số HTX của tổ chức",
               "Loại thành viên", "Ngày gia nhập"]
    rows = [["Hoàng Thị Lan", 1982, "Hoành Mô", "", "5701000001", "Chính thức", "01/02/2019"],
            ["Hoàng Thị Lan", 1982, "Hoành Mô", "0912345678", "", "", ""]]
    client.force_login(officer)
    preview_url = upload(client, csv_bytes(headers, rows), kind="people", name="p.csv")
    assert "confirm-import" in client.get(preview_url).content.decode()

    assert "Đã nhập tệp" in followed_messages(client, client.post(preview_url))
    assert Person.objects.get().phone == "0912345678"


def test_the_claim_rolls_back_with_a_failed_import(officer, monkeypatch):
    content = csv_bytes(COLLECTIVE_HEADERS, ROWS)
    pending = pending_files.stage("collectives", actor=officer, content=content, filename="f.csv")
    pending_files.preview(pending)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(pending_files, "run_import", fail)
    with pytest.raises(RuntimeError):
        pending_files.confirm(pending)
    pending.refresh_from_db()
    assert pending.state == "waiting"
    assert pending.table is not None
