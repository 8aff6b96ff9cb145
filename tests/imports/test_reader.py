"""Reading a file into a table (imports/services/reader.py): the limits on CSV files, and
the table kept between upload and confirmation."""

import datetime

from cooperatives.models import Collective
from imports.services import import_file
from imports.services.reader import Table
from tests.imports.helpers import COLLECTIVE_HEADERS, csv_bytes

GOOD = ["5701000001", "Hợp tác xã Miến dong", "Hợp tác xã", "Húc Động", "", "15/03/2018", "1.500.000"]


def run_csv(officer, content: bytes):
    return import_file("collectives", actor=officer, content=content, filename="file.csv", commit=True)


def only_message(result) -> str:
    assert not result.committed
    assert Collective.objects.count() == 0
    assert len(result.issues) == 1, result.issues
    return result.issues[0].message


def test_a_csv_past_the_row_limit_is_refused_blank_rows_included(officer, settings):
    settings.IMPORT_LIMITS = {"ROWS": 50}
    content = csv_bytes(COLLECTIVE_HEADERS, [GOOD] + [[""] * 7] * 60)
    assert only_message(run_csv(officer, content)) == (
        "Tệp có hơn 50 dòng (tính cả dòng tiêu đề và dòng trống), vượt giới hạn; hãy chia thành nhiều tệp.")


def test_a_csv_row_with_data_past_the_column_limit_is_refused_naming_it(officer):
    wide = GOOD + [""] * 70 + ["lạc chỗ"]
    result = run_csv(officer, csv_bytes(COLLECTIVE_HEADERS, [GOOD, wide]))
    assert only_message(result) == "Dòng 3 có dữ liệu ở cột thứ 78 (BZ), vượt giới hạn 60 cột."
    assert result.issues[0].row == 3


def test_empty_trailing_columns_of_a_csv_are_not_columns(officer):
    # Excel exports every column of the used range, empty or not.
    result = run_csv(officer, csv_bytes(COLLECTIVE_HEADERS + [""] * 100, [GOOD + [""] * 100]))
    assert result.ok, result.issues
    assert result.created == 1, result.issues


def test_a_csv_past_the_cell_limit_is_refused(officer, settings):
    settings.IMPORT_LIMITS = {"CELLS": 30}
    content = csv_bytes(COLLECTIVE_HEADERS, [[f"57010000{n:02d}", *GOOD[1:]] for n in range(5)])
    assert only_message(run_csv(officer, content)) == "Tệp có hơn 30 ô, vượt giới hạn; hãy chia thành nhiều tệp."


def test_an_unclosed_quote_is_a_message_naming_the_row(officer):
    content = ("\ufeff" + ",".join(COLLECTIVE_HEADERS) + '\n5701000001,"HTX' + "x" * 200_000 + "\n").encode()
    result = run_csv(officer, content)
    assert only_message(result).startswith("Tệp CSV không đọc được ở dòng 2: một ô quá dài, hoặc có dấu ngoặc kép")


def test_reading_a_csv_stops_when_the_time_limit_is_spent(officer, monkeypatch):
    clock = iter(range(0, 10_000, 31))
    monkeypatch.setattr("imports.services.limits.time.monotonic", lambda: next(clock))
    message = only_message(run_csv(officer, csv_bytes(COLLECTIVE_HEADERS, [GOOD])))
    assert message.startswith("Đọc tệp mất hơn 30 giây (mới tới dòng 1)")


def test_a_kept_table_reads_back_every_kind_of_cell():
    values = ["chữ\x00lạ", 12, 2.5, True, None, datetime.datetime(2021, 3, 5, 8, 30),  # noqa: DTZ001 (naive, as Excel)
              datetime.date(2021, 3, 5), datetime.time(8, 30), datetime.timedelta(hours=30), -(10 ** 20)]
    table = Table(headers=["Tên", "Số"], rows=[(2, values), (7, [None, "x"])])

    again = Table.from_bytes(table.to_bytes())

    assert again == table
    assert [type(v) for v in again.rows[0][1]] == [type(v) for v in values]
