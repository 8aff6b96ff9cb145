"""Two confirmations of one file at the same time (a double click, two tabs) import it once.

Threads with their own database connections, so PostgreSQL only: SQLite locks the whole
database for a writer and has no row lock to wait on (the single use of a file on SQLite
is tested sequentially in test_pending.py)."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from cooperatives.models import Collective, Person
from tests.factories import CollectiveFactory
from tests.imports.helpers import COLLECTIVE_HEADERS, csv_bytes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs row locks and concurrent connections (PostgreSQL)"),
]

PEOPLE_HEADERS = ["Họ và tên", "Năm sinh", "Xã / phường / thị trấn (nơi ở)", "Mã số HTX của tổ chức",
                  "Loại thành viên", "Ngày gia nhập"]


def files(kind: str) -> bytes:
    if kind == "collectives":  # 50 THT: without a code, nothing in the database stops a second copy
        return csv_bytes(COLLECTIVE_HEADERS, [[None, f"Tổ hợp tác số {n}", "THT", "Lục Hồn", "", "10/01/2020", None]
                                              for n in range(50)])
    CollectiveFactory(registration_code="5701000001")
    return csv_bytes(PEOPLE_HEADERS, [[f"Người số {n}", 1980, "Hoành Mô", "5701000001", "Chính thức", "01/02/2019"]
                                      for n in range(30)])


@pytest.mark.parametrize(("kind", "model", "count"), [("collectives", Collective, 50), ("people", Person, 30)])
def test_two_confirmations_at_once_import_the_file_once(officer, kind, model, count):
    first, second = Client(), Client()
    first.force_login(officer)
    second.force_login(officer)
    upload = first.post(reverse("imports:upload", args=[kind]), {"file": SimpleUploadedFile("f.csv", files(kind))})
    preview_url = upload["Location"]
    assert "confirm-import" in first.get(preview_url).content.decode()
    start = threading.Barrier(2)
    responses = {}

    def confirm(client: Client) -> None:
        try:
            start.wait()
            responses[client] = client.post(preview_url)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=confirm, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert model.objects.count() == count
    assert model.history.count() == count
    pages = sorted(client.get(responses[client]["Location"]).content.decode() for client in (first, second))
    assert sum("Đã nhập tệp “f.csv”" in page for page in pages) == 1
    assert sum("đã được nhập rồi; lần xác nhận này không nhập lại" in page for page in pages) == 1
