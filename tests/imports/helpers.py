"""Building upload files in tests: xlsx through openpyxl, csv as text."""

import csv
import io

from openpyxl import Workbook, load_workbook

COLLECTIVE_HEADERS = ["Mã số HTX / mã số thuế", "Tên tổ chức", "Loại hình", "Xã / phường / thị trấn",
                      "Lĩnh vực", "Ngày thành lập", "Vốn điều lệ (đồng)"]
REPORT_HEADERS = ["Mã số HTX / mã số thuế", "Tên tổ chức", "Năm", "Số thành viên", "Lao động thường xuyên",
                  "Doanh thu (đồng)", "Lợi nhuận (đồng)", "Xếp loại", "Điểm đánh giá", "Gắn với chuỗi giá trị"]


def xlsx_bytes(headers, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, *, bom=True, delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    text = buffer.getvalue()
    return ("\ufeff" + text if bom else text).encode("utf-8")


def fill_template(content: bytes, rows: list[dict]) -> bytes:
    """Type `rows` ({header: value}) into a downloaded template's first sheet, as an officer would."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    for offset, row in enumerate(rows, start=2):
        for header, value in row.items():
            ws.cell(row=offset, column=headers.index(header) + 1, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
